/**
 * `/report [7d|30d|90d|YYYY-MM-DD..YYYY-MM-DD]`: the organisation's meeting usage from get_daily,
 * compared with the period of the same length just before it when Feishu still serves that period.
 */
import dayjs from "dayjs";
import { dayFromToday, readIsoDay, type DayRange } from "../args/dates.js";
import { COMMAND_WORDS } from "../parse.js";
import type { CommandContext, CommandModule } from "../types.js";
import { oldestReportDay, parseReportRange, REPORT_LOOKBACK_DAYS } from "./args.js";
import { buildReportView, type ReportInput } from "./build.js";
import type { ReportView } from "./types.js";

export type { ReportView };

export const reportCommand: CommandModule = {
  name: "report",
  aliases: COMMAND_WORDS.report.filter((word) => word !== "report"),
  usage: {
    zh: "/report [7d|30d|90d|YYYY-MM-DD..YYYY-MM-DD]（默认 7d：截至昨天的 7 天）",
    en: "/report [7d|30d|90d|YYYY-MM-DD..YYYY-MM-DD] (default 7d: the 7 days up to yesterday)",
  },
  summary: {
    zh: "全公司的会议使用报告：会议数、时长、参会人数、趋势和环比",
    en: "The organisation's meeting usage: meetings, time, participants, trend and change",
  },
  examples: ["/report", "/report 30d", "/report 2024-05-01..2024-05-31", "/报告 90d"],
  run: runReport,
};

async function runReport(args: string[], ctx: CommandContext): Promise<ReportView> {
  const { gateway, config, now } = ctx.deps;
  const clock = { now: now(), timeZone: config.bot.timezone };
  const range = parseReportRange(args, clock);
  const unit = config.report.unit;
  const previousRange = rangeBefore(range, clock.timeZone);
  const oldest = oldestReportDay(clock);
  const query = (r: DayRange) =>
    // The last second of the last day: get_daily counts a day from its midnight, so the next
    // midnight as end_time would pull in one day too many.
    gateway.getDailyReport({ start: r.from.start, end: new Date(r.to.end.getTime() - 1000), unit });
  // Both at once; the comparison is extra, so its failure drops it rather than the report, and the
  // range's own failure is the one reported.
  const previous: Promise<ReportInput["previous"]> =
    previousRange.from.date >= oldest
      ? query(previousRange).then(
          (report) => ({ range: previousRange, report }),
          () => ({ range: previousRange, failed: true as const }),
        )
      : Promise.resolve({ range: previousRange, unavailable: true as const, oldest, lookbackDays: REPORT_LOOKBACK_DAYS });
  const current = await query(range);
  const input: ReportInput = {
    range,
    ...(range.askedDays !== undefined ? { shortened: { askedDays: range.askedDays, lookbackDays: REPORT_LOOKBACK_DAYS } } : {}),
    yesterday: dayFromToday(-1, clock).date,
    unit,
    timeZone: clock.timeZone,
    chatType: ctx.chatType,
    current,
    previous: await previous,
  };
  return buildReportView(input);
}

/** The period of the same length ending the day before `range` starts. */
function rangeBefore(range: DayRange, timeZone: string): DayRange {
  const first = dayjs(range.from.date);
  const day = (date: dayjs.Dayjs) => {
    const parsed = readIsoDay(date.format("YYYY-MM-DD"), timeZone);
    if (!parsed) throw new Error(`not a calendar day: ${date.format()}`);
    return parsed;
  };
  return { from: day(first.subtract(range.days, "day")), to: day(first.subtract(1, "day")), days: range.days };
}
