import { describe, expect, it } from "vitest";
import { VC_LOOKBACK_MARGIN_MS, vcLookbackStart } from "../../../src/commands/args/dates.js";
import { argsFromButton, argsFromText } from "../../../src/commands/define.js";
import { oldestReportDay, reportArgs, reportFromText, reportRange, type ReportRange } from "../../../src/commands/report/args.js";
import { reportCommand } from "../../../src/commands/report/index.js";
import { UsageError } from "../../../src/commands/usage.js";

/** Wednesday 2024-06-12 15:00 in Shanghai. */
const clock = { now: Date.parse("2024-06-12T15:00:00+08:00"), timeZone: "Asia/Shanghai" };

/** Typed words as the command reads them: the text parser and the schema, then the range its query resolves. */
function read(words: string[], at = clock): ReportRange {
  return reportRange(argsFromText(reportCommand, words, at).range, at);
}

function refusal(run: () => unknown): UsageError {
  try {
    run();
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

const refusalOf = (words: string[]) => refusal(() => read(words));

describe("/report range", () => {
  it("defaults to the 7 whole days ending yesterday", () => {
    expect(reportFromText([], clock)).toEqual({});
    const range = read([]);
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
    const range = read([arg]);
    expect([range.from.date, range.to.date, range.days]).toEqual([from, to, days]);
  });

  it("keeps the range as typed data: days counted when the command runs, or the dates given", () => {
    expect(reportFromText(["7天"], clock)).toEqual({ range: { days: 7 } });
    expect(reportFromText(["30D"], clock)).toEqual({ range: { days: 30 } });
    expect(reportFromText(["2024-05-01..2024-05-31"], clock)).toEqual({ range: { from: "2024-05-01", to: "2024-05-31" } });
  });

  it("serves the whole days inside Feishu's 90 × 24 hours: 91d and an older start are refused with the oldest day", () => {
    expect(oldestReportDay(clock)).toBe("2024-03-15");
    for (const arg of ["91d", "2024-03-14..2024-03-20", "2024-03-13..2024-03-20", "365d"]) {
      const error = refusalOf([arg]);
      expect(error.problem.zh).toContain("2024-03-15");
      expect(error.problem.en).toContain("90 days");
      expect(error.problem.zh).toContain(`「${arg}」`);
    }
    // The word as typed, not as it is kept.
    expect(refusalOf(["91天"]).problem.zh).toContain("「91天」");
  });

  it.each(["00:00:00", "00:05:00", "12:00:00", "23:55:00", "23:59:59"])(
    "shortens 90d at %s to the whole days that start inside now − 90 × 86,400 s, and says it did",
    (time) => {
      const now = Date.parse(`2024-06-12T${time}+08:00`);
      const range = read(["90d"], { ...clock, now });
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
    expect(read(["30d"]).askedDays).toBeUndefined();
    expect(read(["89d"]).askedDays).toBeUndefined();
  });

  it("refuses a range that includes today, naming yesterday", () => {
    const error = refusalOf(["2024-06-01..2024-06-12"]);
    expect(error.problem.en).toContain("2024-06-11");
  });

  it.each([["2024-06-01..2024-06-13"], ["0d"], ["abc"], ["2024-13-45..2024-13-46"], ["2024-06-05..2024-06-01"]])(
    "refuses %s as a usage error",
    (arg) => {
      expect(refusalOf([arg]).command).toBe("report");
    },
  );

  it("keeps the old message for zero days rather than the schema's", () => {
    expect(refusalOf(["0天"]).problem.zh).toBe("「0天」至少要 1 天");
  });

  it("refuses two ranges", () => {
    expect(refusalOf(["7d", "30d"]).problem.en).toContain("one range");
  });
});

describe("/report ranges as people type them (issue 12)", () => {
  /** Thursday 2026-12-03 10:00 in Shanghai. */
  const dec3 = { now: Date.parse("2026-12-03T10:00:00+08:00"), timeZone: "Asia/Shanghai" };
  const dates = (words: string[]) => {
    const range = read(words, dec3);
    return [range.from.date, range.to.date, range.days];
  };

  it.each([
    [["2026-11-01", "..", "2026-11-30"]],
    [["2026-11-01", "~", "2026-11-30"]],
    [["2026-11-01～2026-11-30"]],
    [["2026-11-01", "至", "2026-11-30"]],
    [["2026-11-01到2026-11-30"]],
    [["2026-11-01", "to", "2026-11-30"]],
    [["上个月"]],
    [["上月"]],
    [["last", "month"]],
  ])("reads %j as 2026-11-01..2026-11-30, not as several arguments", (words) => {
    expect(dates(words)).toEqual(["2026-11-01", "2026-11-30", 30]);
  });

  it.each([
    [["上周"], "2026-11-23", "2026-11-29", 7],
    [["last", "week"], "2026-11-23", "2026-11-29", 7],
    [["本周"], "2026-11-30", "2026-12-02", 3],
    [["本月"], "2026-12-01", "2026-12-02", 2],
    [["this", "month"], "2026-12-01", "2026-12-02", 2],
    [["2026-11-20"], "2026-11-20", "2026-11-20", 1],
    [["昨天"], "2026-12-02", "2026-12-02", 1],
    [["11-20"], "2026-11-20", "2026-11-20", 1],
  ])("reads %j as %s..%s: a period running to today ends yesterday, today's report being due tomorrow", (words, from, to, days) => {
    expect(dates(words)).toEqual([from, to, days]);
  });

  it("reads 7d as the 7 whole days ending yesterday: 11-26..12-02 on 12-03", () => {
    expect(dates(["7d"])).toEqual(["2026-11-26", "2026-12-02", 7]);
  });

  it("keeps a typed period as the dates it meant, so a button clicked later shows the same days", () => {
    expect(reportFromText(["上周"], dec3)).toEqual({ range: { from: "2026-11-23", to: "2026-11-29" } });
  });

  it("refuses today as a report day, naming yesterday", () => {
    expect(refusal(() => read(["今天"], dec3)).problem.en).toContain("yesterday (2026-12-02)");
  });
});

describe("/report arguments from a button", () => {
  it("accepts what the range buttons and the digest send", () => {
    expect(argsFromButton(reportCommand, { range: { days: 30 } })).toEqual({ range: { days: 30 } });
    expect(argsFromButton(reportCommand, { range: { from: "2024-06-05", to: "2024-06-11" } })).toEqual({
      range: { from: "2024-06-05", to: "2024-06-11" },
    });
    expect(argsFromButton(reportCommand, {})).toEqual({});
  });

  it.each([
    ["zero days", { range: { days: 0 } }],
    ["negative days", { range: { days: -7 } }],
    ["fractional days", { range: { days: 1.5 } }],
    ["days as text", { range: { days: "7" } }],
    ["the range as a word", { range: "7d" }],
    ["both forms at once", { range: { days: 7, from: "2024-06-05", to: "2024-06-11" } }],
    ["an extra property in the range", { range: { days: 7, unit: 2 } }],
    ["an extra property", { range: { days: 7 }, ct: "group" }],
    ["a date of another form", { range: { from: "2024/06/05", to: "2024-06-11" } }],
    ["half a range", { range: { from: "2024-06-05" } }],
    ["the old word list", ["30d"]],
  ])("refuses %s", (_what, value) => {
    expect(reportArgs.safeParse(value).success).toBe(false);
  });

  it("re-checks the look-back and today when a button is clicked, not only when typed", () => {
    // Fine on the day the card was made; clicked 30 days later the first days have left Feishu's window.
    const made = { from: "2024-03-20", to: "2024-03-31" } as const;
    expect(read(["2024-03-20..2024-03-31"]).days).toBe(12);
    const later = { ...clock, now: clock.now + 30 * 86_400_000 };
    expect(refusal(() => reportRange(made, later)).problem.en).toContain('"2024-03-20..2024-03-31" reaches further back');
    expect(refusal(() => reportRange({ from: "2024-06-01", to: "2024-06-12" }, clock)).problem.en).toContain("yesterday (2024-06-11)");
    expect(refusal(() => reportRange({ days: 91 }, clock)).problem.en).toContain('"91d" reaches further back');
    // `{days}` is counted when it runs: the same button a month later shows the 7 days before that day.
    expect(reportRange({ days: 7 }, later).to.date).toBe("2024-07-11");
  });
});
