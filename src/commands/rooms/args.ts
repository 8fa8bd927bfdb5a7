/**
 * `/rooms [today|yesterday|今天|昨天|YYYY-MM-DD] [room name filter]` → the day and the filter.
 * resource_reservation_list serves one day at most and nothing after now, so a future day is
 * refused here, before any call; so is a day older than the look-back.
 */
import { dayFromToday, looksLikeDay, parseDay, VC_LOOKBACK_DAYS, type Day } from "../args/dates.js";
import { UsageError } from "../usage.js";

/** The VC endpoints look back 90 days at most (today counts as one, as in parseRange): the oldest whole day lies inside. */
export const ROOMS_LOOKBACK_DAYS = VC_LOOKBACK_DAYS;

/** Longest filter accepted: it travels in every pager button's value, and room names are short. */
export const MAX_FILTER_LENGTH = 40;

export interface RoomsArgs {
  day: Day;
  /**
   * From a button only: where the first page's window ended (a second, exclusive), so every page of
   * a card about today shows the same reservations however much later it is clicked.
   */
  until: Date | undefined;
  /** True when the day is today: the query window ends now. */
  isToday: boolean;
  isYesterday: boolean;
  /** Case-insensitive substring of the room name; undefined for all rooms. */
  filter: string | undefined;
}

/** The button argument carrying the window's end, in unix seconds. */
const UNTIL_FORM = /^@until:(\d{1,12})$/;

export function untilArg(endSec: number): string {
  return `@until:${endSec}`;
}

export function parseRoomsArgs(
  args: readonly string[],
  opts: { now: number; timeZone: string; fromButton?: boolean },
): RoomsArgs {
  const trimmed = args.map((arg) => arg.trim()).filter((arg) => arg !== "");
  // Only a click carries the window; typed, the same text is just a (matchless) filter word.
  const untilWords = opts.fromButton ? trimmed.filter((w) => UNTIL_FORM.test(w)) : [];
  const words = trimmed.filter((w) => !untilWords.includes(w));
  // The day comes first as documented; a day typed after the filter is accepted too.
  let dayIndex = -1;
  if (words.length > 0 && looksLikeDay(words[0]!)) dayIndex = 0;
  else if (words.length > 1 && looksLikeDay(words[words.length - 1]!)) dayIndex = words.length - 1;
  const dayArg = dayIndex >= 0 ? words[dayIndex]! : undefined;
  const filterWords = words.filter((_word, i) => i !== dayIndex);

  const dateOpts = { command: "rooms" as const, now: opts.now, timeZone: opts.timeZone };
  const day = dayArg === undefined ? dayFromToday(0, dateOpts) : parseDay(dayArg, dateOpts);
  const today = dayFromToday(0, dateOpts);
  const asTyped = dayArg === undefined || dayArg === day.date;
  const shown = asTyped ? `「${day.date}」` : `「${dayArg}」（${day.date}）`;
  const shownEn = asTyped ? day.date : `${dayArg} (${day.date})`;
  if (day.start > today.start) {
    throw new UsageError("rooms", {
      zh: `${shown}还没到：飞书只提供已经开始的会议室预定，请查今天或更早的日期`,
      en: `${shownEn} has not come yet: Feishu only reports reservations that have already started; ask for today or an earlier day`,
    });
  }
  const oldest = dayFromToday(-(ROOMS_LOOKBACK_DAYS - 1), dateOpts);
  if (day.start < oldest.start) {
    throw new UsageError("rooms", {
      zh: `飞书只提供最近 ${ROOMS_LOOKBACK_DAYS} 天的会议室预定（最早 ${oldest.date}），${shown}超出了这个范围`,
      en: `Feishu keeps room reservations for the last ${ROOMS_LOOKBACK_DAYS} days only (from ${oldest.date}); ${shownEn} is older`,
    });
  }

  const filter = filterWords.join(" ");
  if ([...filter].length > MAX_FILTER_LENGTH) {
    throw new UsageError("rooms", {
      zh: `会议室名称筛选最多 ${MAX_FILTER_LENGTH} 个字`,
      en: `The room name filter can be at most ${MAX_FILTER_LENGTH} characters`,
    });
  }
  return {
    day,
    until: readUntil(untilWords[0], day, opts.now),
    isToday: day.date === today.date,
    isYesterday: day.date === dayFromToday(-1, dateOpts).date,
    filter: filter === "" ? undefined : filter,
  };
}

/** A button's window end, if it lies inside the day and not after now; a damaged one is ignored (the window ends now). */
function readUntil(word: string | undefined, day: Day, now: number): Date | undefined {
  const m = word === undefined ? null : UNTIL_FORM.exec(word);
  if (!m) return undefined;
  const at = Number(m[1]) * 1000;
  const latest = Math.min(day.end.getTime(), Math.ceil(now / 1000) * 1000);
  return at > day.start.getTime() && at <= latest ? new Date(at) : undefined;
}
