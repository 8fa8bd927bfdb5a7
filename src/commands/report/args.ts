/**
 * /report's range argument. `Nd` means the last N whole days ENDING YESTERDAY: get_daily reports a
 * day once it is over (today's figures are incomplete until tomorrow), so a range ending today would
 * understate the last day and every average. For the same reason an explicit range may not include
 * today. get_daily serves the last 90 × 24 hours, counted from the moment of the call, so the oldest
 * whole day it serves is 89 days back most of the day: `90d` is then shortened to the whole days
 * Feishu still serves, and the card says so; an explicit range reaching further back, or more than
 * 90 days, is refused, not clipped.
 */
import { dayFromToday, firstWholeDayFrom, lastDaysOf, parseRange, VC_LOOKBACK_DAYS, vcLookbackStart, type DayRange } from "../args/dates.js";
import { UsageError } from "../usage.js";

/** get_daily answers the last 90 × 24 hours. */
export const REPORT_LOOKBACK_DAYS = VC_LOOKBACK_DAYS;
export const REPORT_DEFAULT_DAYS = 7;

/** A range, and the days asked for when `Nd` had to be shortened to the days Feishu still serves. */
export interface ReportRange extends DayRange {
  askedDays?: number;
}

export interface ReportRangeOptions {
  now: number;
  timeZone: string;
}

export function parseReportRange(args: readonly string[], opts: ReportRangeOptions): ReportRange {
  if (args.length > 1) {
    throw new UsageError("report", {
      zh: `只需要一个时间范围，收到了 ${args.length} 个参数`,
      en: `Give one range only; got ${args.length} arguments`,
    });
  }
  const arg = args[0];
  // `7天` reads as `7d` in parseRange. The look-back is checked below with its own message, so parseRange gets a limit it never reaches.
  const range = parseRange(arg, {
    command: "report",
    now: opts.now,
    timeZone: opts.timeZone,
    defaultDays: REPORT_DEFAULT_DAYS,
    maxDays: 100_000,
    endYesterday: true,
  });
  const today = dayFromToday(0, opts);
  if (range.to.date >= today.date) {
    const yesterday = dayFromToday(-1, opts).date;
    throw new UsageError("report", {
      zh: `今天的会议报告要到明天才生成，请把结束日期设为昨天（${yesterday}）或更早`,
      en: `Today's meeting report is produced tomorrow; end the range yesterday (${yesterday}) or earlier`,
    });
  }
  const oldest = oldestReportDay(opts);
  const asked = lastDaysOf(arg ?? `${REPORT_DEFAULT_DAYS}d`);
  if (range.from.date < oldest && asked !== undefined && asked <= REPORT_LOOKBACK_DAYS) {
    // "The last 90 days" is what Feishu serves, only counted in whole days: the days it still has.
    const from = firstWholeDayFrom(vcLookbackStart(opts.now), opts.timeZone);
    return { from, to: range.to, days: range.days - daysBetween(range.from.date, from.date), askedDays: asked };
  }
  if (range.from.date < oldest) {
    throw new UsageError("report", {
      zh: `飞书只提供最近 ${REPORT_LOOKBACK_DAYS} 天的会议报告（${oldest} 起），「${args[0] ?? ""}」超出了这个范围，请缩短范围，例如 ${REPORT_LOOKBACK_DAYS}d`,
      en: `Feishu keeps meeting reports for the last ${REPORT_LOOKBACK_DAYS} days only (from ${oldest}); "${args[0] ?? ""}" reaches further back. Use a shorter range, such as ${REPORT_LOOKBACK_DAYS}d`,
    });
  }
  return range;
}

/** The oldest whole day get_daily still serves, YYYY-MM-DD: the first to start inside its window. */
export function oldestReportDay(opts: ReportRangeOptions): string {
  return firstWholeDayFrom(vcLookbackStart(opts.now), opts.timeZone).date;
}

/** Calendar days from `from` to `to` (YYYY-MM-DD), by date so a DST change cannot round it off. */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
