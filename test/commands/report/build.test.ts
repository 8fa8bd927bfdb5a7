import { describe, expect, it } from "vitest";
import { readIsoDay, type DayRange } from "../../../src/commands/args/dates.js";
import { reportArgs } from "../../../src/commands/report/args.js";
import { buildReportView, change } from "../../../src/commands/report/build.js";
import type { DailyReport } from "../../../src/feishu/types.js";

const TZ = "Asia/Shanghai";

function range(from: string, to: string, days: number): DayRange {
  return { from: readIsoDay(from, TZ)!, to: readIsoDay(to, TZ)!, days };
}

function report(days: Array<[string, number, number, number]>): DailyReport {
  return {
    totalMeetingCount: days.reduce((a, d) => a + d[1], 0),
    totalMeetingDurationSeconds: days.reduce((a, d) => a + d[2], 0),
    totalParticipantCount: days.reduce((a, d) => a + d[3], 0),
    days: days.map(([date, meetingCount, meetingDurationSeconds, participantCount]) => ({
      date: new Date(`${date}T00:00:00+08:00`),
      meetingCount,
      meetingDurationSeconds,
      participantCount,
    })),
  };
}

describe("buildReportView", () => {
  // 2024-06-03 is a Monday; 06-10 the next Monday.
  const current = report([
    ["2024-06-03", 10, 36_000, 50],
    ["2024-06-04", 4, 7_200, 12],
    ["2024-06-06", 6, 3_600, 20],
    ["2024-06-10", 30, 90_000, 100],
  ]);
  const view = buildReportView({
    range: range("2024-06-03", "2024-06-10", 8),
    yesterday: "2024-06-11",
    unit: 0,
    timeZone: TZ,
    current,
    previous: { range: range("2024-05-26", "2024-06-02", 8), report: report([["2024-05-27", 40, 100_000, 200]]) },
  });

  it("keeps Feishu's totals and divides by calendar days", () => {
    expect(view.totals).toEqual({ meetings: 50, durationSeconds: 136_800, participants: 182 });
    expect(view.perDay).toEqual({ meetings: 50 / 8, durationSeconds: 136_800 / 8, participants: 182 / 8 });
    expect(view.averageMeetingSeconds).toBe(136_800 / 50);
  });

  it("lists every calendar day, with the days Feishu left out as zero", () => {
    expect(view.daily.map((d) => [d.date, d.meetings])).toEqual([
      ["2024-06-03", 10],
      ["2024-06-04", 4],
      ["2024-06-05", 0],
      ["2024-06-06", 6],
      ["2024-06-07", 0],
      ["2024-06-08", 0],
      ["2024-06-09", 0],
      ["2024-06-10", 30],
    ]);
    expect(view.daily[0]!.weekday).toBe(1);
  });

  it("finds the busiest weekday per occurrence: two Mondays averaging 20", () => {
    expect(view.busiestWeekday).toEqual({ weekday: 1, averageMeetings: 20 });
  });

  it("compares with the previous period", () => {
    expect(view.previous).toMatchObject({ available: true, from: "2024-05-26", to: "2024-06-02" });
    if (!view.previous.available) throw new Error("unreachable");
    expect(view.previous.change).toEqual({ meetings: 0.25, durationSeconds: 0.368, participants: -0.09 });
  });

  it("offers 7/30/90-day buttons, none current for a custom range", () => {
    expect(view.ranges.map((r) => [r.days, r.current, r.value])).toEqual([
      [7, false, { cmd: "report", args: { range: { days: 7 } } }],
      [30, false, { cmd: "report", args: { range: { days: 30 } } }],
      [90, false, { cmd: "report", args: { range: { days: 90 } } }],
    ]);
    // Each asks for no more than a person could type.
    for (const r of view.ranges) expect(reportArgs.parse(r.value.args)).toEqual(r.value.args);
  });

  it("marks the range ending yesterday as current and says when the previous period is out of reach", () => {
    const ninety = buildReportView({
      range: range("2024-03-14", "2024-06-11", 90),
      yesterday: "2024-06-11",
      unit: 2,
      timeZone: TZ,
      current: report([]),
      previous: { range: range("2023-12-15", "2024-03-13", 90), unavailable: true, oldest: "2024-03-14", lookbackDays: 90 },
    });
    expect(ninety.ranges.filter((r) => r.current).map((r) => r.days)).toEqual([90]);
    expect(ninety.previous).toEqual({ available: false, from: "2023-12-15", to: "2024-03-13", oldest: "2024-03-14", lookbackDays: 90 });
    expect(ninety.averageMeetingSeconds).toBeUndefined();
    expect(ninety.busiestWeekday).toBeUndefined();
    expect(ninety.daily).toHaveLength(90);
  });

  it("has no change against a previous figure of zero", () => {
    expect(change(5, 0)).toBeNull();
    expect(change(0, 4)).toBe(-1);
  });
});
