/** get_daily answers → the /report view model. Pure, so every figure can be tested without HTTP. */
import dayjs from "dayjs";
import timezone from "dayjs/plugin/timezone.js";
import utc from "dayjs/plugin/utc.js";
import type { DataUnit } from "../../config/types.js";
import type { DailyReport } from "../../feishu/types.js";
import { buttonAction } from "../actions.js";
import type { DayRange } from "../args/dates.js";
import { reportPicker } from "./pick.js";
import type { Change, PreviousPeriod, RangeSwitch, ReportDay, ReportFigures, ReportView } from "./types.js";

dayjs.extend(utc);
dayjs.extend(timezone);

/** The ranges offered as buttons under the report. */
export const RANGE_CHOICES = [7, 30, 90] as const;

/** What the query found: the range's figures and the previous period's (or why there are none). */
export interface ReportInput {
  range: DayRange;
  /** Set when `Nd` was shortened to the whole days Feishu still serves. */
  shortened?: { askedDays: number; lookbackDays: number };
  /** Yesterday, the last day an `Nd` range covers: a range of N days ending then is the `Nd` button's. */
  yesterday: string;
  unit: DataUnit | undefined;
  timeZone: string;
  current: DailyReport;
  previous:
    | { range: DayRange; report: DailyReport }
    | { range: DayRange; unavailable: true; oldest: string; lookbackDays: number }
    | { range: DayRange; failed: true };
}

export function buildReportView(input: ReportInput): ReportView {
  const { range, current } = input;
  const totals: ReportFigures = {
    meetings: current.totalMeetingCount,
    durationSeconds: current.totalMeetingDurationSeconds,
    participants: current.totalParticipantCount,
  };
  const daily = dailySeries(range, current, input.timeZone);
  return {
    kind: "report",
    from: range.from.date,
    to: range.to.date,
    days: range.days,
    ...(input.unit !== undefined ? { unit: input.unit } : {}),
    totals,
    perDay: {
      meetings: totals.meetings / range.days,
      durationSeconds: totals.durationSeconds / range.days,
      participants: totals.participants / range.days,
    },
    averageMeetingSeconds: totals.meetings > 0 ? totals.durationSeconds / totals.meetings : undefined,
    previous: previousPeriod(input.previous, totals),
    daily,
    busiestWeekday: busiestWeekday(daily),
    ranges: rangeSwitches(input),
    picker: reportPicker(shownDays(input)),
    ...(input.shortened ? { shortened: input.shortened } : {}),
  };
}

/** Every calendar day of the range; a day Feishu did not list had no meetings. */
function dailySeries(range: DayRange, report: DailyReport, timeZone: string): ReportDay[] {
  const byDate = new Map<string, ReportFigures>();
  for (const day of report.days) {
    const date = dayjs(day.date).tz(timeZone).format("YYYY-MM-DD");
    const seen = byDate.get(date) ?? { meetings: 0, durationSeconds: 0, participants: 0 };
    byDate.set(date, {
      meetings: seen.meetings + day.meetingCount,
      durationSeconds: seen.durationSeconds + day.meetingDurationSeconds,
      participants: seen.participants + day.participantCount,
    });
  }
  const days: ReportDay[] = [];
  for (let i = 0; i < range.days; i++) {
    const day = dayjs(range.from.date).add(i, "day");
    const date = day.format("YYYY-MM-DD");
    const figures = byDate.get(date) ?? { meetings: 0, durationSeconds: 0, participants: 0 };
    days.push({ date, weekday: day.day(), ...figures });
  }
  return days;
}

/** Per occurrence, not summed: a 10-day range holds some weekdays twice. */
function busiestWeekday(daily: ReportDay[]): ReportView["busiestWeekday"] {
  const sums = new Array<number>(7).fill(0);
  const counts = new Array<number>(7).fill(0);
  for (const day of daily) {
    sums[day.weekday]! += day.meetings;
    counts[day.weekday]! += 1;
  }
  let best: ReportView["busiestWeekday"];
  for (let weekday = 0; weekday < 7; weekday++) {
    if (counts[weekday] === 0) continue;
    const averageMeetings = sums[weekday]! / counts[weekday]!;
    if (averageMeetings > 0 && (best === undefined || averageMeetings > best.averageMeetings)) best = { weekday, averageMeetings };
  }
  return best;
}

function previousPeriod(previous: ReportInput["previous"], totals: ReportFigures): PreviousPeriod {
  const from = previous.range.from.date;
  const to = previous.range.to.date;
  if ("unavailable" in previous) return { available: false, from, to, oldest: previous.oldest, lookbackDays: previous.lookbackDays };
  if ("failed" in previous) return { available: false, failed: true, from, to };
  const before: ReportFigures = {
    meetings: previous.report.totalMeetingCount,
    durationSeconds: previous.report.totalMeetingDurationSeconds,
    participants: previous.report.totalParticipantCount,
  };
  return {
    available: true,
    from,
    to,
    totals: before,
    change: {
      meetings: change(totals.meetings, before.meetings),
      durationSeconds: change(totals.durationSeconds, before.durationSeconds),
      participants: change(totals.participants, before.participants),
    },
  };
}

export function change(now: number, before: number): Change {
  return before === 0 ? null : (now - before) / before;
}

/** The `Nd` the card shows, when it shows the last N days (a shortened `90d` is still 90); else undefined. */
function shownDays(input: ReportInput): number | undefined {
  return input.range.to.date === input.yesterday ? (input.shortened?.askedDays ?? input.range.days) : undefined;
}

function rangeSwitches(input: ReportInput): RangeSwitch[] {
  const shown = shownDays(input);
  return RANGE_CHOICES.map((days) => ({
    days,
    current: shown === days,
    value: buttonAction("report", { range: { days } }),
  }));
}
