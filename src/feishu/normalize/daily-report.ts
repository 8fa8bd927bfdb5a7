/** GET /open-apis/vc/v1/reports/get_daily → DailyReport. */
import type { DailyReport, DailyReportDay } from "../types.js";
import { count, epochSeconds, list, malformed, optionalRecord, record } from "./read.js";

const ENDPOINT = "report_get_daily";

export function normalizeDailyReport(data: unknown): DailyReport {
  const report = optionalRecord(ENDPOINT, record(ENDPOINT, data, "data").meeting_report, "data.meeting_report") ?? {};
  return {
    totalMeetingCount: count(ENDPOINT, report.total_meeting_count, "total_meeting_count"),
    totalMeetingDurationSeconds: count(ENDPOINT, report.total_meeting_duration, "total_meeting_duration"),
    totalParticipantCount: count(ENDPOINT, report.total_participant_count, "total_participant_count"),
    days: list(ENDPOINT, report.daily_report, "daily_report").map((value, i) => normalizeDay(value, i)),
  };
}

function normalizeDay(value: unknown, index: number): DailyReportDay {
  const where = `daily_report[${index}]`;
  const day = record(ENDPOINT, value, where);
  const date = epochSeconds(ENDPOINT, day.date, `${where}.date`);
  if (!date) throw malformed(ENDPOINT, `${where}.date is missing`);
  return {
    date,
    meetingCount: count(ENDPOINT, day.meeting_count, `${where}.meeting_count`),
    meetingDurationSeconds: count(ENDPOINT, day.meeting_duration, `${where}.meeting_duration`),
    participantCount: count(ENDPOINT, day.participant_count, `${where}.participant_count`),
  };
}
