/**
 * Date arguments shared by the commands. A day: `today`, `yesterday`, `前天`, `大前天`, `the day
 * before yesterday`, `YYYY-MM-DD` (also `YYYY/M/D`, `YYYY年M月D日`), or a month and day (`MM-DD`,
 * `M-D`, `12/01`, `M月D日`): the most recent such day not in the future. A range (range.ts): `Nd`, a
 * calendar period (`上周`, `本月`, `last month`…), one day, or two days joined by `..`, `~`, `至`,
 * `到` or ` to `. Days are calendar days in the configured time zone.
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
  const days = LAST_DAYS.exec(normalizeWord(arg));
  return days ? Number(days[1]) : undefined;
}

/** A YYYY-MM-DD string as a Day, or undefined when it is not a real calendar date. */
export function readIsoDay(text: string, timeZone: string): Day | undefined {
  const normalized = text.replace(/\//g, "-");
  if (!ISO_DAY.test(normalized) || !dayjs(normalized, "YYYY-MM-DD", true).isValid()) return undefined;
  return toDay(normalized, timeZone);
}

/** Words naming a day by its distance from today. */
const RELATIVE_DAYS: ReadonlyMap<string, number> = new Map([
  ["today", 0],
  ["今天", 0],
  ["今日", 0],
  ["yesterday", -1],
  ["昨天", -1],
  ["昨日", -1],
  ["前天", -2],
  ["the day before yesterday", -2],
  ["day before yesterday", -2],
  ["大前天", -3],
  ["tomorrow", 1],
  ["明天", 1],
]);

/** The most words a day phrase takes ("the day before yesterday"). */
const MAX_DAY_WORDS = 4;

/** A full date: 2026-11-20, 2026/11/20, 2026.11.20, 2026-1-5, 2026年11月20日. */
const FULL_DATE = /^(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*(?:日|号)?$/u;
/** A month and day: 12-01, 12/1, 12月1日, 12月1号. */
const MONTH_DAY = /^(\d{1,2})\s*(?:[-/]|月)\s*(\d{1,2})\s*(?:日|号)?$/u;

/** The typed form of a word: full-width forms folded (NFKC), lower case, single spaces. */
export function normalizeWord(text: string): string {
  return text.normalize("NFKC").trim().toLowerCase().replace(/\s+/gu, " ");
}

/**
 * A typed day → a Day, or undefined when the text names none (or names a date that does not exist).
 * A month and day without a year is the most recent such day not after `notAfter` (YYYY-MM-DD;
 * today by default), so `12-01` typed on 12-03 is this year's and typed on 11-20 last year's.
 */
export function readDay(text: string, clock: Pick<DateOptions, "now" | "timeZone">, notAfter?: string): Day | undefined {
  const word = normalizeWord(text);
  const offset = RELATIVE_DAYS.get(word);
  if (offset !== undefined) return dayFromToday(offset, clock);
  const full = FULL_DATE.exec(word);
  if (full) return calendarDay(Number(full[1]), Number(full[2]), Number(full[3]), clock.timeZone);
  const monthDay = MONTH_DAY.exec(word);
  if (!monthDay) return undefined;
  const latest = notAfter ?? dayFromToday(0, clock).date;
  const latestYear = Number(latest.slice(0, 4));
  // 02-29 may lie a few years back; eight years always reach a leap year.
  for (let year = latestYear; year >= latestYear - 8; year--) {
    const day = calendarDay(year, Number(monthDay[1]), Number(monthDay[2]), clock.timeZone);
    if (day && day.date <= latest) return day;
  }
  return undefined;
}

/** The day of a year, month and day, or undefined when there is no such date (dayjs's strict parse decides). */
function calendarDay(year: number, month: number, day: number, timeZone: string): Day | undefined {
  const date = `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
  return readIsoDay(date, timeZone);
}

/** A typed day → a Day (see readDay); anything else is a usage error. */
export function parseDay(arg: string, opts: DateOptions): Day {
  const day = readDay(arg, opts);
  if (day) return day;
  throw new UsageError(opts.command, {
    zh: `「${arg}」不是有效的日期，请用 today、yesterday、前天、MM-DD（如 12-01）或 YYYY-MM-DD`,
    en: `"${arg}" is not a valid date; use today, yesterday, the day before yesterday, MM-DD (such as 12-01) or YYYY-MM-DD`,
  });
}

/**
 * True when `arg` has the shape of a day (so a command can tell it from a filter word): a day word,
 * or a date shape, valid or not (`2026-13-45` is a mistyped date, refused by parseDay, not a filter).
 */
export function looksLikeDay(arg: string): boolean {
  const word = normalizeWord(arg);
  return RELATIVE_DAYS.has(word) || FULL_DATE.test(word) || MONTH_DAY.test(word);
}

/**
 * Where a day is typed among `words`: the longest day phrase at the start, else at the end (a phrase
 * may take several words: "the day before yesterday"), as [start, end) indexes; undefined for none.
 */
export function findDayPhrase(words: readonly string[]): { start: number; end: number } | undefined {
  const longest = Math.min(MAX_DAY_WORDS, words.length);
  for (let n = longest; n >= 1; n--) if (looksLikeDay(words.slice(0, n).join(" "))) return { start: 0, end: n };
  for (let n = Math.min(longest, words.length - 1); n >= 1; n--) {
    if (looksLikeDay(words.slice(words.length - n).join(" "))) return { start: words.length - n, end: words.length };
  }
  return undefined;
}

/**
 * `7d`, `7天` (how it is typed on a Chinese keyboard), `7 days`, `last 7 days`, `最近7天`: the one
 * reading of "the last N days", the N whole days ending yesterday (see parseRange).
 */
const LAST_DAYS = /^(?:(?:last|past)\s+|(?:最近|近|过去)\s*)?(\d{1,4})\s*(?:d|天|days?)$/iu;

/** True when `arg` looks like a range argument (`7d`, `7天`, `2026-01-01..2026-01-31`, `11-01~11-30`). */
export function looksLikeRange(arg: string): boolean {
  const word = normalizeWord(arg);
  return LAST_DAYS.test(word) || /\.\.|~|〜|至|到/u.test(word);
}

/** The words that say what a range looks like, for the messages that refuse one. */
export function rangeFormatProblem(arg: string): { zh: string; en: string } {
  return {
    zh: `「${arg}」不是有效的时间范围，请用 7d、30d、上周、本月、上个月、某一天（昨天、12-01）或 YYYY-MM-DD..YYYY-MM-DD`,
    en: `"${arg}" is not a valid range; use 7d, 30d, last week, this month, last month, one day (yesterday, 12-01) or YYYY-MM-DD..YYYY-MM-DD`,
  };
}

export interface RangeOptions extends DateOptions {
  /** Used when no argument is given, in days. */
  defaultDays: number;
  /** The API looks back this many days at most (today counts as one). */
  maxDays: number;
  /** The range as the person typed it (`上周`), quoted by the messages instead of the dates it means. */
  typed?: string;
}

/**
 * `Nd` / `N天` (the last N days) or `YYYY-MM-DD..YYYY-MM-DD`. `Nd` means the same in every command:
 * the N WHOLE days ending yesterday (11-26..12-02 for `7d` on 12-03), the reading that fits
 * day-granular data such as get_daily's and that the cards state as dates. A range reaching further
 * back than the API allows, ending in the future, or reversed is a usage error: refused clearly,
 * never clipped.
 */
export function parseRange(arg: string | undefined, opts: RangeOptions): DayRange {
  const text = (arg ?? `${opts.defaultDays}d`).trim().toLowerCase();
  const today = dayFromToday(0, opts);
  const oldest = dayFromToday(-(opts.maxDays - 1), opts);
  const days = LAST_DAYS.exec(text);
  let range: DayRange;
  if (days) {
    const n = Number(days[1]);
    if (n < 1) throw rangeError(opts, opts.typed ?? arg ?? "", "zero");
    range = { from: dayFromToday(-n, opts), to: dayFromToday(-1, opts), days: n };
  } else {
    const parts = text.split("..");
    const from = parts.length === 2 ? readIsoDay(parts[0]!, opts.timeZone) : undefined;
    const to = parts.length === 2 ? readIsoDay(parts[1]!, opts.timeZone) : undefined;
    if (!from || !to) throw rangeError(opts, opts.typed ?? arg ?? "", "format");
    if (from.start > to.start) throw rangeError(opts, opts.typed ?? arg ?? "", "reversed");
    const span = Math.round(dayjs(to.date).diff(dayjs(from.date), "day")) + 1;
    range = { from, to, days: span };
  }
  if (range.to.start > today.start) throw rangeError(opts, opts.typed ?? arg ?? "", "future");
  if (range.from.start < oldest.start) throw rangeError(opts, opts.typed ?? arg ?? "", "too_old");
  return range;
}

function rangeError(opts: RangeOptions, arg: string, why: "zero" | "format" | "reversed" | "future" | "too_old"): UsageError {
  const max = opts.maxDays;
  const messages: Record<typeof why, { zh: string; en: string }> = {
    zero: { zh: `「${arg}」至少要 1 天`, en: `"${arg}" must be at least 1 day` },
    format: rangeFormatProblem(arg),
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
