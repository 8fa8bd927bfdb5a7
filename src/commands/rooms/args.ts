/**
 * `/rooms [day] [room name filter]` → the day and the filter. A day is any form parseDay reads
 * (`前天`, `12-01`, `12月1日`, `the day before yesterday`…), so a date is never taken for a room name.
 * resource_reservation_list serves one day at most and nothing after now, so a future day is
 * refused before any call; so is a day older than the look-back — when typed, and again when a
 * button is clicked days later (checkRoomsDay). A period instead of a day (`30d`, `month`,
 * `2026-11-01..2026-11-30`: period-args.ts) asks for the period's utilisation card.
 */
import * as z from "zod";
import { dayFromToday, findDayPhrase, parseDay, readIsoDay, VC_LOOKBACK_DAYS, type Day } from "../args/dates.js";
import type { TextClock } from "../define.js";
import { rangeArg } from "../args/range.js";
import { UsageError } from "../usage.js";
import { findPeriodPhrase, roomsPeriod } from "./period-args.js";

/** The VC endpoints look back 90 days at most (today counts as one, as in parseRange): the oldest whole day lies inside. */
export const ROOMS_LOOKBACK_DAYS = VC_LOOKBACK_DAYS;

/** Longest filter accepted: it travels in every pager button's value, and room names are short. */
export const MAX_FILTER_LENGTH = 40;

/** Case-insensitive substring of the room name. */
const filterArg = z
  .string()
  .min(1)
  .refine((text) => [...text].length <= MAX_FILTER_LENGTH)
  .optional();

export const roomsDayArgs = z
  .object({
    /** YYYY-MM-DD in the bot's time zone: the resolved day, so a card clicked tomorrow still shows its own. */
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    filter: filterArg,
    /**
     * Buttons only: where the first page's window ended (unix seconds, exclusive), so every page of a
     * card about today shows the same reservations however much later it is clicked.
     */
    until: z.number().int().positive().optional(),
  })
  .strict();
export type RoomsDayArgs = z.infer<typeof roomsDayArgs>;

/** A period, kept as typed data (`{days}` counted when it runs, as /report's), checked again at every run. */
export const roomsPeriodArgs = z.object({ period: rangeArg, filter: filterArg }).strict();
export type RoomsPeriodArgs = z.infer<typeof roomsPeriodArgs>;

export const roomsArgs = z.union([roomsDayArgs, roomsPeriodArgs]);
export type RoomsArgs = z.infer<typeof roomsArgs>;

export function isPeriodArgs(args: RoomsArgs): args is RoomsPeriodArgs {
  return "period" in args;
}

export function roomsFromText(args: readonly string[], clock: TextClock): RoomsArgs {
  const words = args.map((arg) => arg.trim()).filter((arg) => arg !== "");
  const period = findPeriodPhrase(words, clock);
  if (period) {
    roomsPeriod(period.range, clock, words.slice(period.start, period.end).join(" "));
    const filter = readFilter(words.filter((_word, i) => i < period.start || i >= period.end));
    return { period: period.range, ...(filter === "" ? {} : { filter }) };
  }
  return roomsDayFromText(words, clock);
}

function roomsDayFromText(words: readonly string[], clock: TextClock): RoomsDayArgs {
  // The day comes first as documented; a day typed after the filter is accepted too.
  const at = findDayPhrase(words);
  const dayArg = at ? words.slice(at.start, at.end).join(" ") : undefined;
  const dateOpts = { command: "rooms" as const, ...clock };
  const day = dayArg === undefined ? dayFromToday(0, dateOpts) : parseDay(dayArg, dateOpts);
  checkRoomsDay(day, clock, dayArg);
  const filter = readFilter(words.filter((_word, i) => !at || i < at.start || i >= at.end));
  return { date: day.date, ...(filter === "" ? {} : { filter }) };
}

function readFilter(words: readonly string[]): string {
  const filter = words.join(" ");
  if ([...filter].length > MAX_FILTER_LENGTH) {
    throw new UsageError("rooms", {
      zh: `会议室名称筛选最多 ${MAX_FILTER_LENGTH} 个字`,
      en: `The room name filter can be at most ${MAX_FILTER_LENGTH} characters`,
    });
  }
  return filter;
}

/** The day of `date`, checked against now: not in the future, not older than Feishu keeps. */
export function roomsDay(date: string, clock: TextClock): Day {
  const day = readIsoDay(date, clock.timeZone);
  if (!day) throw new UsageError("rooms", { zh: `「${date}」不是日期`, en: `"${date}" is not a date` });
  checkRoomsDay(day, clock, undefined);
  return day;
}

function checkRoomsDay(day: Day, clock: TextClock, typed: string | undefined): void {
  const dateOpts = { command: "rooms" as const, ...clock };
  const today = dayFromToday(0, dateOpts);
  const asTyped = typed === undefined || typed === day.date;
  const shown = asTyped ? `「${day.date}」` : `「${typed}」（${day.date}）`;
  const shownEn = asTyped ? day.date : `${typed} (${day.date})`;
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
}

/** A button's window end, if it lies inside the day and not after now; otherwise the window ends now. */
export function windowEnd(until: number | undefined, day: Day, now: number): Date | undefined {
  if (until === undefined) return undefined;
  const at = until * 1000;
  const latest = Math.min(day.end.getTime(), Math.ceil(now / 1000) * 1000);
  return at > day.start.getTime() && at <= latest ? new Date(at) : undefined;
}
