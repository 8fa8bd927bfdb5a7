/**
 * Date arguments shared by the commands: `7d`, `30d`, `YYYY-MM-DD..YYYY-MM-DD`, `today`, `yesterday`,
 * `今天`, `昨天`, a bare `YYYY-MM-DD`. Days are calendar days in the configured time zone.
 */
import dayjs from "dayjs";
import customParseFormat from "dayjs/plugin/customParseFormat.js";
import timezone from "dayjs/plugin/timezone.js";
import utc from "dayjs/plugin/utc.js";
import type { CommandName } from "../types.js";
import { UsageError } from "../usage.js";

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.extend(customParseFormat);

export interface Day {
  /** YYYY-MM-DD in the time zone. */
  date: string;
  /** The day's first instant in the time zone. */
  start: Date;
  /** The next day's first instant. */
  end: Date;
}

export interface DayRange {
  /** First and last calendar day, inclusive. */
  from: Day;
  to: Day;
  days: number;
}

export interface DateOptions {
  command: CommandName;
  now: number;
  timeZone: string;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The calendar day `offset` days from today (0 today, -1 yesterday). */
export function dayFromToday(offset: number, opts: Pick<DateOptions, "now" | "timeZone">): Day {
  const today = dayjs(opts.now).tz(opts.timeZone).startOf("day");
  return toDay(today.add(offset, "day").format("YYYY-MM-DD"), opts.timeZone);
}

/**
 * Feishu's VC endpoints serve "the last 90 days" counted as 90 × 86,400 s back from the moment the
 * call arrives, not from a midnight: midnight 90 days ago is outside the window most of the day.
 */
export const VC_LOOKBACK_DAYS = 90;
/**
 * A query is built a moment before Feishu checks it, and a rate-limited call waits and retries: a
 * start this far inside the window is still inside when it is checked.
 */
export const VC_LOOKBACK_MARGIN_MS = 60_000;

/**
 * The earliest instant a VC query made at `now` may start from: 90 × 24 h back, plus the margin,
 * rounded up to a whole minute (so queries made within the same minute are identical and share the
 * gateway's cache).
 */
export function vcLookbackStart(now: number): Date {
  const earliest = now - VC_LOOKBACK_DAYS * 86_400_000 + VC_LOOKBACK_MARGIN_MS;
  return new Date(Math.ceil(earliest / 60_000) * 60_000);
}

/** The first calendar day that starts at or after `instant` (the day itself when it starts exactly then). */
export function firstWholeDayFrom(instant: Date, timeZone: string): Day {
  const date = dayjs(instant).tz(timeZone).format("YYYY-MM-DD");
  const day = toDay(date, timeZone);
  return day.start.getTime() >= instant.getTime() ? day : toDay(dayjs(date).add(1, "day").format("YYYY-MM-DD"), timeZone);
}

/** N for `Nd` / `N天` (the last N days), undefined for any other argument. */
export function lastDaysOf(arg: string): number | undefined {
  const days = LAST_DAYS.exec(arg.trim().toLowerCase());
  return days ? Number(days[1]) : undefined;
}

/** A YYYY-MM-DD string as a Day, or undefined when it is not a real calendar date. */
export function readIsoDay(text: string, timeZone: string): Day | undefined {
  const normalized = text.replace(/\//g, "-");
  if (!ISO_DAY.test(normalized) || !dayjs(normalized, "YYYY-MM-DD", true).isValid()) return undefined;
  return toDay(normalized, timeZone);
}

/** `today`/`yesterday`/`今天`/`昨天`/`YYYY-MM-DD` → a Day; anything else is a usage error. */
export function parseDay(arg: string, opts: DateOptions): Day {
  const word = arg.trim().toLowerCase();
  if (word === "today" || word === "今天") return dayFromToday(0, opts);
  if (word === "yesterday" || word === "昨天") return dayFromToday(-1, opts);
  if (word === "tomorrow" || word === "明天") return dayFromToday(1, opts);
  const day = readIsoDay(word, opts.timeZone);
  if (day) return day;
  throw new UsageError(opts.command, {
    zh: `「${arg}」不是有效的日期，请用 today、yesterday 或 YYYY-MM-DD`,
    en: `"${arg}" is not a valid date; use today, yesterday or YYYY-MM-DD`,
  });
}

/** True when `arg` looks like a day argument (so a command can tell it from a filter word). */
export function looksLikeDay(arg: string): boolean {
  const word = arg.trim().toLowerCase();
  return ["today", "yesterday", "tomorrow", "今天", "昨天", "明天"].includes(word) || /^\d{4}[-/]\d{1,2}[-/]\d{1,2}$/.test(word);
}

/** `7d` or `7天` (how it is typed on a Chinese keyboard): the one reading of "the last N days". */
const LAST_DAYS = /^(\d{1,4})\s*(?:d|天)$/iu;

/** True when `arg` looks like a range argument (`7d`, `7天`, `2026-01-01..2026-01-31`). */
export function looksLikeRange(arg: string): boolean {
  return /^\d+\s*(?:d|天)$/iu.test(arg.trim()) || arg.includes("..");
}

export interface RangeOptions extends DateOptions {
  /** Used when no argument is given, in days. */
  defaultDays: number;
  /** The API looks back this many days at most (today counts as one). */
  maxDays: number;
  /** The `Nd` forms end yesterday (whole days only) instead of today. */
  endYesterday?: boolean;
}

/**
 * `Nd` / `N天` (the last N days) or `YYYY-MM-DD..YYYY-MM-DD`. A range reaching further back than the API
 * allows, ending in the future, or reversed is a usage error: refused clearly, never clipped.
 */
export function parseRange(arg: string | undefined, opts: RangeOptions): DayRange {
  const text = (arg ?? `${opts.defaultDays}d`).trim().toLowerCase();
  const today = dayFromToday(0, opts);
  const oldest = dayFromToday(-(opts.maxDays - 1), opts);
  const days = LAST_DAYS.exec(text);
  let range: DayRange;
  if (days) {
    const n = Number(days[1]);
    if (n < 1) throw rangeError(opts, arg ?? "", "zero");
    const last = opts.endYesterday ? -1 : 0;
    range = { from: dayFromToday(last - n + 1, opts), to: dayFromToday(last, opts), days: n };
  } else {
    const parts = text.split("..");
    const from = parts.length === 2 ? readIsoDay(parts[0]!, opts.timeZone) : undefined;
    const to = parts.length === 2 ? readIsoDay(parts[1]!, opts.timeZone) : undefined;
    if (!from || !to) throw rangeError(opts, arg ?? "", "format");
    if (from.start > to.start) throw rangeError(opts, arg ?? "", "reversed");
    const span = Math.round(dayjs(to.date).diff(dayjs(from.date), "day")) + 1;
    range = { from, to, days: span };
  }
  if (range.to.start > today.start) throw rangeError(opts, arg ?? "", "future");
  if (range.from.start < oldest.start) throw rangeError(opts, arg ?? "", "too_old");
  return range;
}

function rangeError(opts: RangeOptions, arg: string, why: "zero" | "format" | "reversed" | "future" | "too_old"): UsageError {
  const max = opts.maxDays;
  const messages: Record<typeof why, { zh: string; en: string }> = {
    zero: { zh: `「${arg}」至少要 1 天`, en: `"${arg}" must be at least 1 day` },
    format: {
      zh: `「${arg}」不是有效的时间范围，请用 7d、30d、90d 或 YYYY-MM-DD..YYYY-MM-DD`,
      en: `"${arg}" is not a valid range; use 7d, 30d, 90d or YYYY-MM-DD..YYYY-MM-DD`,
    },
    reversed: { zh: `「${arg}」的开始日期晚于结束日期`, en: `"${arg}" starts after it ends` },
    future: { zh: `「${arg}」包含未来的日期，还没有数据`, en: `"${arg}" reaches into the future, which has no data yet` },
    too_old: {
      zh: `飞书只提供最近 ${max} 天的数据，「${arg}」超出了这个范围`,
      en: `Feishu keeps only the last ${max} days of data; "${arg}" reaches further back`,
    },
  };
  return new UsageError(opts.command, messages[why]);
}

function toDay(date: string, timeZone: string): Day {
  const start = dayjs.tz(date, timeZone);
  return { date, start: start.toDate(), end: start.add(1, "day").toDate() };
}
