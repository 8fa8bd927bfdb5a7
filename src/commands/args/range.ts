/**
 * A range argument as typed data: `{days}` for `Nd`/`N天` (the last N whole days, counted when the
 * command runs) or `{from, to}` for everything else typed — `YYYY-MM-DD..YYYY-MM-DD` (or `~`, `～`,
 * `至`, `到`, ` to `, with or without spaces), a calendar period (`上周`, `本周`, `本月`, `上个月`,
 * `last week`, `this month`, `last month`), or one day (`2026-11-20`, `昨天`, `12-01`). Periods and
 * relative days are resolved against the clock when typed, so a card's buttons keep the dates it
 * shows. Commands keep the range in their arguments (and so in their buttons) and resolve it against
 * the clock with parseRange when they run.
 */
import dayjs from "dayjs";
import isoWeek from "dayjs/plugin/isoWeek.js";
import utc from "dayjs/plugin/utc.js";
import * as z from "zod";
import type { CommandName } from "../actions.js";
import type { TextClock } from "../define.js";
import { UsageError } from "../usage.js";
import { dayFromToday, lastDaysOf, normalizeWord, rangeFormatProblem, readDay } from "./dates.js";

dayjs.extend(utc);
dayjs.extend(isoWeek);

export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const rangeArg = z.union([
  z.object({ days: z.number().int().min(1).max(9999) }).strict(),
  z.object({ from: isoDate, to: isoDate }).strict(),
]);
export type RangeArg = z.infer<typeof rangeArg>;

export interface ReadRangeOptions {
  /**
   * The command reports whole days only (get_daily's day is produced the next day): a period that
   * runs up to today (本周, 本月) ends yesterday instead.
   */
  wholeDays?: boolean;
}

type Period = "last_week" | "this_week" | "this_month" | "last_month";

/** Calendar periods by the words people type for them. Weeks run Monday to Sunday (ISO). */
const PERIODS: ReadonlyMap<string, Period> = new Map([
  ["上周", "last_week"],
  ["上星期", "last_week"],
  ["上个星期", "last_week"],
  ["上礼拜", "last_week"],
  ["上个礼拜", "last_week"],
  ["last week", "last_week"],
  ["本周", "this_week"],
  ["这周", "this_week"],
  ["本星期", "this_week"],
  ["这星期", "this_week"],
  ["这个星期", "this_week"],
  ["this week", "this_week"],
  ["本月", "this_month"],
  ["这个月", "this_month"],
  ["这月", "this_month"],
  ["this month", "this_month"],
  ["上个月", "last_month"],
  ["上月", "last_month"],
  ["last month", "last_month"],
]);

/** Between the two days of a range: `..`, `~` (`～` folds to it), `〜`, `至`, `到`, spaced or not, or ` to `. */
const SEPARATOR = /\s*(?:\.\.|~|〜|至|到)\s*|\s+to\s+/u;

/**
 * Typed text (one word or several, as typed) → a range, resolved on `clock`; text of no range form
 * is a usage mistake that says what ranges look like.
 */
export function readRange(text: string, command: CommandName, clock: TextClock, opts: ReadRangeOptions = {}): RangeArg {
  const typed = text.normalize("NFKC").trim().replace(/\s+/gu, " ");
  const word = normalizeWord(typed);
  const days = lastDaysOf(word);
  if (days !== undefined) {
    if (days < 1) throw new UsageError(command, { zh: `「${typed}」至少要 1 天`, en: `"${typed}" must be at least 1 day` });
    return { days };
  }
  const period = PERIODS.get(word);
  if (period !== undefined) return periodRange(period, typed, command, clock, opts);
  const parts = word.split(SEPARATOR);
  if (parts.length === 2) {
    const to = readDay(parts[1]!, clock);
    // A month and day without a year at the start is the latest one not after the end (12-20..01-05).
    const from = to && readDay(parts[0]!, clock, to.date);
    if (from && to) return { from: from.date, to: to.date };
  } else if (parts.length === 1) {
    const day = readDay(word, clock);
    if (day) return { from: day.date, to: day.date };
  }
  throw new UsageError(command, rangeFormatProblem(typed));
}

/** True when `text` reads as a range (for telling range words from others). */
export function isRange(text: string, clock: TextClock): boolean {
  try {
    readRange(text, "help", clock);
    return true;
  } catch {
    return false;
  }
}

/**
 * Several typed words as one range (`2026-11-01 .. 2026-11-30`, `last week`); two ranges typed side
 * by side (`7d 30d`) are refused as such.
 */
export function readRangeWords(words: readonly string[], command: CommandName, clock: TextClock, opts: ReadRangeOptions = {}): RangeArg {
  try {
    return readRange(words.join(" "), command, clock, opts);
  } catch (error) {
    if (words.length > 1 && words.every((word) => isRange(word, clock))) {
      throw new UsageError(command, {
        zh: `只能给一个时间范围，收到了 ${words.length} 个：${words.join(" ")}`,
        en: `Give one range only; got ${words.length}: ${words.join(" ")}`,
      });
    }
    throw error;
  }
}

function periodRange(period: Period, typed: string, command: CommandName, clock: TextClock, opts: ReadRangeOptions): RangeArg {
  const today = dayjs.utc(dayFromToday(0, clock).date);
  const format = (d: dayjs.Dayjs) => d.format("YYYY-MM-DD");
  switch (period) {
    case "last_week": {
      const monday = today.startOf("isoWeek").subtract(1, "week");
      return { from: format(monday), to: format(monday.add(6, "day")) };
    }
    case "last_month": {
      const first = today.startOf("month").subtract(1, "month");
      return { from: format(first), to: format(first.endOf("month")) };
    }
    case "this_week":
    case "this_month": {
      const from = format(today.startOf(period === "this_week" ? "isoWeek" : "month"));
      if (!opts.wholeDays) return { from, to: format(today) };
      const yesterday = format(today.subtract(1, "day"));
      if (from > yesterday) {
        throw new UsageError(command, {
          zh: `「${typed}」从今天（${from}）开始，还没有过完的一天：今天的数据明天才有。可以试试 7d、上周 或 上个月`,
          en: `"${typed}" starts today (${from}) and has no whole day yet: today's figures come tomorrow. Try 7d, last week or last month`,
        });
      }
      return { from, to: yesterday };
    }
  }
}

/** The words parseRange reads for a range argument. */
export function rangeText(arg: RangeArg): string {
  return "days" in arg ? `${arg.days}d` : `${arg.from}..${arg.to}`;
}
