/**
 * /report's range argument. `Nd` means the last N whole days ENDING YESTERDAY: get_daily reports a
 * day once it is over (today's figures are incomplete until tomorrow), so a range ending today would
 * understate the last day and every average. For the same reason an explicit range may not include
 * today. get_daily serves the last 90 × 24 hours, counted from the moment of the call, so the oldest
 * whole day it serves is 89 days back most of the day: `90d` is then shortened to the whole days
 * Feishu still serves, and the card says so; an explicit range reaching further back, or more than
 * 90 days, is refused, not clipped. These checks depend on when the command runs, so they are made
 * when it is typed and again when a button is clicked (reportRange).
 */
import * as z from "zod";
import { dayFromToday, firstWholeDayFrom, parseRange, VC_LOOKBACK_DAYS, vcLookbackStart, type DayRange } from "../args/dates.js";
import { rangeArg, rangeText, readRangeWords, type RangeArg } from "../args/range.js";
import type { TextClock } from "../define.js";
import { UsageError } from "../usage.js";

/** get_daily answers the last 90 × 24 hours. */
export const REPORT_LOOKBACK_DAYS = VC_LOOKBACK_DAYS;
export const REPORT_DEFAULT_DAYS = 7;

/** No range: the default, the last 7 whole days. */
export const reportArgs = z.object({ range: rangeArg.optional() }).strict();
export type ReportArgs = z.infer<typeof reportArgs>;

/** A range, and the days asked for when `Nd` had to be shortened to the days Feishu still serves. */
export interface ReportRange extends DayRange {
  askedDays?: number;
}

/**
 * `/report [range]`: one range, however many words it is typed in (`2026-11-01 .. 2026-11-30`, `last
 * month`), checked against the clock so the message quotes it as typed. A period running up to today
 * (本月, 本周) ends yesterday: today's report is not produced yet.
 */
export function reportFromText(words: readonly string[], clock: TextClock): ReportArgs {
  const typed = words.map((word) => word.trim()).filter((word) => word !== "");
  if (typed.length === 0) return {};
  const range = readRangeWords(typed, "report", clock, { wholeDays: true });
  reportRange(range, clock, typed.join(" "));
  return { range };
}

/**
 * The days a range argument covers at `clock`, or a UsageError. `typed` is the word as typed, when
 * there is one: the messages quote it.
 */
export function reportRange(arg: RangeArg | undefined, clock: TextClock, typed?: string): ReportRange {
  const text = typed ?? (arg === undefined ? undefined : rangeText(arg));
  // The look-back is checked below with its own message, so parseRange gets a limit it never reaches.
  const range = parseRange(arg === undefined ? undefined : rangeText(arg), {
    command: "report",
    ...clock,
    defaultDays: REPORT_DEFAULT_DAYS,
    maxDays: 100_000,
    ...(typed !== undefined ? { typed } : {}),
  });
  const today = dayFromToday(0, clock);
  if (range.to.date >= today.date) {
    const yesterday = dayFromToday(-1, clock).date;
    throw new UsageError("report", {
      zh: `今天的会议报告要到明天才生成，请把结束日期设为昨天（${yesterday}）或更早`,
      en: `Today's meeting report is produced tomorrow; end the range yesterday (${yesterday}) or earlier`,
    });
  }
  const oldest = oldestReportDay(clock);
  const asked = arg === undefined ? REPORT_DEFAULT_DAYS : "days" in arg ? arg.days : undefined;
  if (range.from.date < oldest && asked !== undefined && asked <= REPORT_LOOKBACK_DAYS) {
    // "The last 90 days" is what Feishu serves, only counted in whole days: the days it still has.
    const from = firstWholeDayFrom(vcLookbackStart(clock.now), clock.timeZone);
    return { from, to: range.to, days: range.days - daysBetween(range.from.date, from.date), askedDays: asked };
  }
  if (range.from.date < oldest) {
    throw new UsageError("report", {
      zh: `飞书只提供最近 ${REPORT_LOOKBACK_DAYS} 天的会议报告（${oldest} 起），「${text ?? ""}」超出了这个范围，请缩短范围，例如 ${REPORT_LOOKBACK_DAYS}d`,
      en: `Feishu keeps meeting reports for the last ${REPORT_LOOKBACK_DAYS} days only (from ${oldest}); "${text ?? ""}" reaches further back. Use a shorter range, such as ${REPORT_LOOKBACK_DAYS}d`,
    });
  }
  return range;
}

/** The oldest whole day get_daily still serves, YYYY-MM-DD: the first to start inside its window. */
export function oldestReportDay(clock: TextClock): string {
  return firstWholeDayFrom(vcLookbackStart(clock.now), clock.timeZone).date;
}

/** Calendar days from `from` to `to` (YYYY-MM-DD), by date so a DST change cannot round it off. */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
