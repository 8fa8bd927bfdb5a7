/**
 * /report's range argument. `Nd` means the last N whole days ENDING YESTERDAY: get_daily reports a
 * day once it is over (today's figures are incomplete until tomorrow), so a range ending today would
 * understate the last day and every average. For the same reason an explicit range may not include
 * today. The API serves days back to 90 days before today; a range reaching further is refused, not
 * clipped.
 */
import { dayFromToday, parseRange, type DayRange } from "../args/dates.js";
import { UsageError } from "../usage.js";

/** get_daily answers days from local midnight 90 days before today. */
export const REPORT_LOOKBACK_DAYS = 90;
export const REPORT_DEFAULT_DAYS = 7;

export interface ReportRangeOptions {
  now: number;
  timeZone: string;
}

export function parseReportRange(args: readonly string[], opts: ReportRangeOptions): DayRange {
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
  if (range.from.date < oldest) {
    throw new UsageError("report", {
      zh: `飞书只提供最近 ${REPORT_LOOKBACK_DAYS} 天的会议报告（${oldest} 起），「${args[0] ?? ""}」超出了这个范围，请缩短范围，例如 ${REPORT_LOOKBACK_DAYS}d`,
      en: `Feishu keeps meeting reports for the last ${REPORT_LOOKBACK_DAYS} days only (from ${oldest}); "${args[0] ?? ""}" reaches further back. Use a shorter range, such as ${REPORT_LOOKBACK_DAYS}d`,
    });
  }
  return range;
}

/** The oldest day get_daily still serves, YYYY-MM-DD. */
export function oldestReportDay(opts: ReportRangeOptions): string {
  return dayFromToday(-REPORT_LOOKBACK_DAYS, opts).date;
}
