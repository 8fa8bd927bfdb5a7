/**
 * `/report [7d|30d|90d|YYYY-MM-DD..YYYY-MM-DD]`: the organisation's meeting usage from get_daily,
 * compared with the period of the same length just before it when Feishu still serves that period.
 */
import dayjs from "dayjs";
import { dayFromToday, readIsoDay, type DayRange } from "../args/dates.js";
import { defineCommand } from "../define.js";
import type { CommandContext } from "../types.js";
import { oldestReportDay, REPORT_LOOKBACK_DAYS, reportArgs, reportFromText, reportRange, type ReportArgs } from "./args.js";
import { buildReportView, type ReportInput } from "./build.js";
import type { ReportView } from "./types.js";
import { REPORT_HELP, REPORT_WORDS } from "./words.js";
import { pickReport } from "./pick.js";

export type { ReportView };

export const reportCommand = defineCommand({
  name: "report",
  words: REPORT_WORDS,
  help: REPORT_HELP,
  access: { audience: "configured" },
  args: reportArgs,
  fromText: reportFromText,
  pick: pickReport,
  query: queryReport,
  view: (data: ReportInput): ReportView => buildReportView(data),
});

async function queryReport(args: ReportArgs, ctx: CommandContext): Promise<ReportInput> {
  const { gateway, config, now } = ctx.deps;
  const clock = { now: now(), timeZone: config.bot.timezone };
  // Checked again at every run: a button clicked days later may ask for days Feishu no longer serves.
  const range = reportRange(args.range, clock);
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
  return {
    range,
    ...(range.askedDays !== undefined ? { shortened: { askedDays: range.askedDays, lookbackDays: REPORT_LOOKBACK_DAYS } } : {}),
    yesterday: dayFromToday(-1, clock).date,
    unit,
    timeZone: clock.timeZone,
    current,
    previous: await previous,
  };
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
