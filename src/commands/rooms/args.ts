/**
 * `/rooms [today|yesterday|今天|昨天|YYYY-MM-DD] [room name filter]` → the day and the filter.
 * resource_reservation_list serves one day at most and nothing after now, so a future day is
 * refused here, before any call; so is a day older than the look-back.
 */
import { dayFromToday, looksLikeDay, parseDay, type Day } from "../args/dates.js";
import { UsageError } from "../usage.js";

/** The VC endpoints look back 90 days at most (today counts as one, as in parseRange). */
export const ROOMS_LOOKBACK_DAYS = 90;

/** Longest filter accepted: it travels in every pager button's value, and room names are short. */
export const MAX_FILTER_LENGTH = 40;

export interface RoomsArgs {
  day: Day;
  /** True when the day is today: the query window ends now. */
  isToday: boolean;
  isYesterday: boolean;
  /** Case-insensitive substring of the room name; undefined for all rooms. */
  filter: string | undefined;
}

export function parseRoomsArgs(args: readonly string[], opts: { now: number; timeZone: string }): RoomsArgs {
  const words = args.map((arg) => arg.trim()).filter((arg) => arg !== "");
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
    isToday: day.date === today.date,
    isYesterday: day.date === dayFromToday(-1, dateOpts).date,
    filter: filter === "" ? undefined : filter,
  };
}
