import { describe, expect, it } from "vitest";
import { FeishuError } from "../../../src/feishu/errors.js";
import { normalizeDailyReport } from "../../../src/feishu/normalize/daily-report.js";
import { seedResponse } from "../fixtures/seeds.js";

describe("normalizeDailyReport", () => {
  it("normalises the seed page's example response", () => {
    expect(normalizeDailyReport(seedResponse("get-daily").data)).toEqual({
      totalMeetingCount: 100,
      totalMeetingDurationSeconds: 300000,
      totalParticipantCount: 20000,
      days: [
        { date: new Date(1609113600 * 1000), meetingCount: 100, meetingDurationSeconds: 147680, participantCount: 2000 },
      ],
    });
  });

  it("reads an empty report as zeros and no days", () => {
    expect(normalizeDailyReport({})).toEqual({
      totalMeetingCount: 0,
      totalMeetingDurationSeconds: 0,
      totalParticipantCount: 0,
      days: [],
    });
  });

  it.each([
    ["a total that is not a number", { meeting_report: { total_meeting_count: "many" } }],
    ["a day without a date", { meeting_report: { daily_report: [{ meeting_count: "1" }] } }],
    ["a day count with a fraction", { meeting_report: { daily_report: [{ date: "1609113600", meeting_count: "1.5" }] } }],
    ["days that are not a list", { meeting_report: { daily_report: {} } }],
  ])("rejects %s", (_what, data) => {
    expect(() => normalizeDailyReport(data)).toThrow(FeishuError);
  });
});
