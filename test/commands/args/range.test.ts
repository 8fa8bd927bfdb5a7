import { describe, expect, it } from "vitest";
import { readDay, findDayPhrase, parseRange } from "../../../src/commands/args/dates.js";
import { readRange, readRangeWords, rangeText } from "../../../src/commands/args/range.js";
import { UsageError } from "../../../src/commands/usage.js";

/** Thursday 2026-12-03 10:00 in Shanghai (02:00 UTC): the day of the new user's trial. */
const clock = { now: Date.parse("2026-12-03T02:00:00Z"), timeZone: "Asia/Shanghai" };
const read = (text: string, wholeDays = false) => readRange(text, "report", clock, { wholeDays });

function refusal(run: () => unknown): UsageError {
  try {
    run();
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("readDay: the forms of one day", () => {
  it.each([
    ["12-01", "2026-12-01"],
    ["12-1", "2026-12-01"],
    ["12/01", "2026-12-01"],
    ["12/1", "2026-12-01"],
    ["12月1日", "2026-12-01"],
    ["12月1号", "2026-12-01"],
    ["１２－０１", "2026-12-01"],
    ["12-03", "2026-12-03"],
    ["2026-11-20", "2026-11-20"],
    ["2026/11/20", "2026-11-20"],
    ["2026/1/5", "2026-01-05"],
    ["2026年11月20日", "2026-11-20"],
    ["前天", "2026-12-01"],
    ["大前天", "2026-11-30"],
    ["the day before yesterday", "2026-12-01"],
    ["The  Day Before Yesterday", "2026-12-01"],
    ["昨天", "2026-12-02"],
    ["today", "2026-12-03"],
  ])("reads %j as %s", (text, date) => {
    expect(readDay(text, clock)?.date).toBe(date);
  });

  it("reads a month and day as the most recent such day not in the future, in the bot's zone", () => {
    // 12-04 has not come yet this year: last year's.
    expect(readDay("12-04", clock)?.date).toBe("2025-12-04");
    expect(readDay("01-15", clock)?.date).toBe("2026-01-15");
    // 23:30 on 12-03 in UTC is already 12-04 in Shanghai: 12-04 is today there.
    const lateUtc = { now: Date.parse("2026-12-03T16:30:00Z"), timeZone: "Asia/Shanghai" };
    expect(readDay("12-04", lateUtc)?.date).toBe("2026-12-04");
    expect(readDay("12-04", { ...lateUtc, timeZone: "UTC" })?.date).toBe("2025-12-04");
    // 02-29 is the latest leap day.
    expect(readDay("02-29", clock)?.date).toBe("2024-02-29");
  });

  it.each(["13-01", "02-30", "2026-02-30", "123-456", "Room-3F", "3F", "abc", ""])("reads no day in %j", (text) => {
    expect(readDay(text, clock)).toBeUndefined();
  });

  it("finds a day phrase of several words at the start or the end", () => {
    expect(findDayPhrase(["the", "day", "before", "yesterday", "3F"])).toEqual({ start: 0, end: 4 });
    expect(findDayPhrase(["Pearl", "day", "before", "yesterday"])).toEqual({ start: 1, end: 4 });
    expect(findDayPhrase(["12-01", "Pearl"])).toEqual({ start: 0, end: 1 });
    expect(findDayPhrase(["Pearl"])).toBeUndefined();
  });
});

describe("readRange", () => {
  it.each([
    ["2026-11-01..2026-11-30"],
    ["2026-11-01 .. 2026-11-30"],
    ["2026-11-01~2026-11-30"],
    ["2026-11-01 ～ 2026-11-30"],
    ["2026-11-01〜2026-11-30"],
    ["2026-11-01至2026-11-30"],
    ["2026-11-01 到 2026-11-30"],
    ["2026-11-01 to 2026-11-30"],
    ["2026-11-01 TO 2026-11-30"],
    ["11-01..11-30"],
    ["11月1日至11月30日"],
  ])("reads %j as 2026-11-01..2026-11-30", (text) => {
    expect(read(text)).toEqual({ from: "2026-11-01", to: "2026-11-30" });
  });

  it("reads a month-day start as the latest one not after the end", () => {
    expect(read("12-20..01-05")).toEqual({ from: "2025-12-20", to: "2026-01-05" });
  });

  it.each([
    ["上周", "2026-11-23", "2026-11-29"],
    ["上星期", "2026-11-23", "2026-11-29"],
    ["last week", "2026-11-23", "2026-11-29"],
    ["Last  Week", "2026-11-23", "2026-11-29"],
    ["本周", "2026-11-30", "2026-12-03"],
    ["this week", "2026-11-30", "2026-12-03"],
    ["本月", "2026-12-01", "2026-12-03"],
    ["this month", "2026-12-01", "2026-12-03"],
    ["上个月", "2026-11-01", "2026-11-30"],
    ["上月", "2026-11-01", "2026-11-30"],
    ["last month", "2026-11-01", "2026-11-30"],
    ["2026-11-20", "2026-11-20", "2026-11-20"],
    ["昨天", "2026-12-02", "2026-12-02"],
    ["前天", "2026-12-01", "2026-12-01"],
    ["12-01", "2026-12-01", "2026-12-01"],
  ])("reads %j as %s..%s", (text, from, to) => {
    expect(read(text)).toEqual({ from, to });
  });

  it("ends a period running to today yesterday for a command of whole days", () => {
    expect(read("本月", true)).toEqual({ from: "2026-12-01", to: "2026-12-02" });
    expect(read("this week", true)).toEqual({ from: "2026-11-30", to: "2026-12-02" });
    // Whole periods are left alone.
    expect(read("上个月", true)).toEqual({ from: "2026-11-01", to: "2026-11-30" });
    // On the 1st, this month has no whole day yet: said, not answered with nothing.
    const first = { ...clock, now: Date.parse("2026-12-01T02:00:00Z") };
    const error = refusal(() => readRange("本月", "report", first, { wholeDays: true }));
    expect(error.problem.zh).toContain("「本月」");
    expect(error.problem.en).toContain("no whole day yet");
  });

  it("reads the last N days in several spellings", () => {
    for (const text of ["7d", "7天", "7 days", "last 7 days", "最近7天", "近 7 天"]) expect(read(text)).toEqual({ days: 7 });
  });

  it("refuses what is no range, saying what ranges look like", () => {
    const error = refusal(() => read("yestrday"));
    expect(error.problem.zh).toContain("「yestrday」不是有效的时间范围");
    expect(error.problem.zh).toContain("上周");
    expect(error.problem.en).toContain("YYYY-MM-DD..YYYY-MM-DD");
    for (const text of ["2026-11-01..", "..2026-11-30", "2026-11-01..2026-02-30", "13-01..13-02", "0d"]) {
      expect(refusal(() => read(text)).command).toBe("report");
    }
  });

  it("joins the words of one range, and refuses two ranges side by side", () => {
    expect(readRangeWords(["2026-11-01", "..", "2026-11-30"], "report", clock)).toEqual({ from: "2026-11-01", to: "2026-11-30" });
    expect(readRangeWords(["last", "month"], "report", clock)).toEqual({ from: "2026-11-01", to: "2026-11-30" });
    expect(refusal(() => readRangeWords(["7d", "30d"], "report", clock)).problem.en).toContain("one range");
  });

  it("gives parseRange the dates it resolved", () => {
    const range = parseRange(rangeText(read("上周")), { command: "report", ...clock, defaultDays: 7, maxDays: 90 });
    expect([range.from.date, range.to.date, range.days]).toEqual(["2026-11-23", "2026-11-29", 7]);
  });
});

describe("7d, one meaning everywhere", () => {
  it("is the 7 whole days ending yesterday: 11-26..12-02 on 12-03", () => {
    const range = parseRange("7d", { command: "meeting", ...clock, defaultDays: 7, maxDays: 90 });
    expect([range.from.date, range.to.date, range.days]).toEqual(["2026-11-26", "2026-12-02", 7]);
  });
});
