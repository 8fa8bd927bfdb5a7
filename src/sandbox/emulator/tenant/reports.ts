/** Daily meeting reports, derived from the meetings themselves so the figures agree. */
import type { DailyReport, Meeting } from "./types.js";

/**
 * The report of one day from the meetings that started that day: their count, summed duration
 * and the participants who actually joined (the accumulated count).
 */
export function dailyReport(day: { date: string; dayStart: number }, meetings: Meeting[]): DailyReport {
  const report: DailyReport = { date: day.date, dayStart: day.dayStart, meetingCount: 0, meetingDuration: 0, participantCount: 0 };
  for (const m of meetings) {
    if (m.endTime === undefined) continue;
    report.meetingCount += 1;
    report.meetingDuration += m.endTime - m.startTime;
    report.participantCount += m.participants.filter((p) => p.firstJoinTime !== undefined).length;
  }
  return report;
}
