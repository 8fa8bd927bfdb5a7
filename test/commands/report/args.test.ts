import { describe, expect, it } from "vitest";
import { VC_LOOKBACK_MARGIN_MS, vcLookbackStart } from "../../../src/commands/args/dates.js";
import { oldestReportDay, parseReportRange } from "../../../src/commands/report/args.js";
import { UsageError } from "../../../src/commands/usage.js";

/** Wednesday 2024-06-12 15:00 in Shanghai. */
const clock = { now: Date.parse("2024-06-12T15:00:00+08:00"), timeZone: "Asia/Shanghai" };

function refusal(args: string[]): UsageError {
  try {
    parseReportRange(args, clock);
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(args)} to be refused`);
}

describe("/report range", () => {
  it("defaults to the 7 whole days ending yesterday", () => {
    const range = parseReportRange([], clock);
    expect([range.from.date, range.to.date, range.days]).toEqual(["2024-06-05", "2024-06-11", 7]);
    expect(range.from.start.toISOString()).toBe("2024-06-04T16:00:00.000Z");
  });

  it.each([
    ["30d", "2024-05-13", "2024-06-11", 30],
    ["89d", "2024-03-15", "2024-06-11", 89],
    ["7天", "2024-06-05", "2024-06-11", 7],
    ["2024-05-01..2024-05-31", "2024-05-01", "2024-05-31", 31],
    ["2024-03-15..2024-03-15", "2024-03-15", "2024-03-15", 1],
  ])("reads %s", (arg, from, to, days) => {
    const range = parseReportRange([arg], clock);
    expect([range.from.date, range.to.date, range.days]).toEqual([from, to, days]);
  });

  it("serves the whole days inside Feishu's 90 × 24 hours: 91d and an older start are refused with the oldest day", () => {
    expect(oldestReportDay(clock)).toBe("2024-03-15");
    for (const arg of ["91d", "2024-03-14..2024-03-20", "2024-03-13..2024-03-20", "365d"]) {
      const error = refusal([arg]);
      expect(error.problem.zh).toContain("2024-03-15");
      expect(error.problem.en).toContain("90 days");
    }
  });

  it.each(["00:00:00", "00:05:00", "12:00:00", "23:55:00", "23:59:59"])(
    "shortens 90d at %s to the whole days that start inside now − 90 × 86,400 s, and says it did",
    (time) => {
      const now = Date.parse(`2024-06-12T${time}+08:00`);
      const range = parseReportRange(["90d"], { ...clock, now });
      expect(range.from.start.getTime()).toBeGreaterThanOrEqual(now - 90 * 86_400_000);
      // Not a day more than fits: the day before starts outside the window (with its safety margin).
      expect(range.from.start.getTime() - 86_400_000).toBeLessThan(vcLookbackStart(now).getTime());
      expect(vcLookbackStart(now).getTime() - (now - 90 * 86_400_000)).toBeLessThanOrEqual(VC_LOOKBACK_MARGIN_MS + 60_000);
      expect(range.to.date).toBe("2024-06-11");
      expect(range.days).toBe(Math.round((range.to.end.getTime() - range.from.start.getTime()) / 86_400_000));
      expect(range.askedDays).toBe(90);
    },
  );

  it("leaves a range that fits as it is, with nothing to say", () => {
    expect(parseReportRange(["30d"], clock).askedDays).toBeUndefined();
    expect(parseReportRange(["89d"], clock).askedDays).toBeUndefined();
  });

  it("refuses a range that includes today, naming yesterday", () => {
    const error = refusal(["2024-06-01..2024-06-12"]);
    expect(error.problem.en).toContain("2024-06-11");
  });

  it.each([["2024-06-01..2024-06-13"], ["0d"], ["abc"], ["2024-13-45..2024-13-46"], ["2024-06-05..2024-06-01"]])(
    "refuses %s as a usage error",
    (arg) => {
      expect(refusal([arg]).command).toBe("report");
    },
  );

  it("refuses more than one argument", () => {
    expect(refusal(["7d", "30d"]).problem.en).toContain("one range");
  });
});
