import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { argsFromButton, argsFromText } from "../../../src/commands/define.js";
import { listState, meetingArgs, meetingFromText, type ListState } from "../../../src/commands/meeting/args.js";
import { meetingCommand } from "../../../src/commands/meeting/index.js";
import { UsageError } from "../../../src/commands/usage.js";

const clock = { now: Date.UTC(2026, 10, 21, 6, 0, 0), timeZone: "Asia/Shanghai" };
const read = (words: string[]) => argsFromText(meetingCommand, words, clock);

const usage = (words: string[]) => {
  try {
    read(words);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as UsageError).problem;
  }
  throw new Error(`expected a usage error for ${JSON.stringify(words)}`);
};

const state: ListState = { startSec: 1_790_000_000, endSec: 1_792_000_000, count: 57, countCapped: false, totalSeconds: 123_456, measured: 57 };
const button = (list: unknown) => argsFromButton(meetingCommand, { kind: "number", meetingNo: "123456789", list });

describe("/meeting arguments from text", () => {
  it.each([
    [["123456789"], "123456789"],
    [["123", "456", "789"], "123456789"],
    [["123-456-789"], "123456789"],
    [["123", "456-789"], "123456789"],
  ])("reads %j as the meeting number %s", (words, meetingNo) => {
    expect(read(words)).toEqual({ kind: "number", meetingNo });
  });

  it("keeps the range as data, wherever it is typed", () => {
    expect(read(["123", "456", "789", "7d"])).toEqual({ kind: "number", meetingNo: "123456789", range: { days: 7 } });
    expect(read(["2026-11-01..2026-11-20", "123456789"])).toEqual({
      kind: "number",
      meetingNo: "123456789",
      range: { from: "2026-11-01", to: "2026-11-20" },
    });
  });

  it("takes N天 as a range, like Nd", () => {
    expect(read(["123456789", "7天"])).toEqual({ kind: "number", meetingNo: "123456789", range: { days: 7 } });
  });

  it("reads a longer run of digits as a meeting id", () => {
    expect(read(["6911188411934433028"])).toEqual({ kind: "detail", meetingId: "6911188411934433028" });
    expect(read(["6911-1884-1193-4433-028"])).toEqual({ kind: "detail", meetingId: "6911188411934433028" });
    expect(read(["1234567890"])).toEqual({ kind: "detail", meetingId: "1234567890" });
  });

  it("refuses words, short and over-long numbers, with the problem in both languages", () => {
    expect(usage(["abc"]).zh).toContain("abc");
    expect(usage(["abc"]).en).toContain("abc");
    expect(usage(["12345678"]).en).toContain("8 digits");
    expect(usage(["1".repeat(21)]).en).toContain("21 digits");
    expect(usage(["123456789", "soon"]).en).toContain("soon");
    expect(usage([]).en).toMatch(/meeting number/);
  });

  it("refuses a range with a meeting id, and two ranges", () => {
    expect(usage(["6911188411934433028", "7d"]).en).toMatch(/range/);
    expect(usage(["123456789", "7d", "30d"]).en).toMatch(/one range/);
  });

  it("refuses a range it cannot read, and a range of no days, in the range's own words", () => {
    expect(usage(["123456789", "2026-02-30..2026-03-01"]).en).toContain("is not a valid range");
    expect(usage(["123456789", "0d"])).toEqual({ zh: "「0d」至少要 1 天", en: '"0d" must be at least 1 day' });
  });

  it("takes a typed list state for what it is: a word that is neither a range nor a meeting number", () => {
    const typed = "@list:1790000000:1792000000:57:0:123456:57";
    const problem = usage(["123456789", typed]);
    expect(problem.en).toContain(typed);
    expect(problem.en).toContain("is not a valid range");
    expect(usage([JSON.stringify({ list: state })]).en).toContain("neither a meeting number");
  });

  it("never yields a list state, whatever is typed", () => {
    const word = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.constantFrom("123456789", "123", "456-789", "7d", "90天", "2026-01-01..2026-01-31", "@list:1:2:3:0:4:1", "list", "{", "}"),
    );
    fc.assert(
      fc.property(fc.array(word, { maxLength: 6 }), (words) => {
        let args: unknown;
        try {
          args = meetingFromText(words, clock);
        } catch (error) {
          expect(error).toBeInstanceOf(UsageError);
          return;
        }
        expect(Object.keys(args as object)).not.toContain("list");
      }),
      { numRuns: 500 },
    );
  });
});

describe("/meeting ranges as people type them (issue 12)", () => {
  /** Thursday 2026-12-03 10:00 in Shanghai. */
  const dec3 = { now: Date.parse("2026-12-03T10:00:00+08:00"), timeZone: "Asia/Shanghai" };
  const at = (words: string[]) => argsFromText(meetingCommand, words, dec3);
  const refusedAt = (words: string[]) => {
    try {
      at(words);
    } catch (error) {
      expect(error).toBeInstanceOf(UsageError);
      return (error as UsageError).problem;
    }
    throw new Error(`expected a usage error for ${JSON.stringify(words)}`);
  };

  it.each([
    [["455423258", "yesterday"], { from: "2026-12-02", to: "2026-12-02" }],
    [["455423258", "昨天"], { from: "2026-12-02", to: "2026-12-02" }],
    [["455423258", "2026-11-20"], { from: "2026-11-20", to: "2026-11-20" }],
    [["455423258", "12-01"], { from: "2026-12-01", to: "2026-12-01" }],
    [["455", "423", "258", "前天"], { from: "2026-12-01", to: "2026-12-01" }],
    [["455423258", "上周"], { from: "2026-11-23", to: "2026-11-29" }],
    [["455423258", "last", "week"], { from: "2026-11-23", to: "2026-11-29" }],
    [["455423258", "本月"], { from: "2026-12-01", to: "2026-12-03" }],
    [["455423258", "this", "month"], { from: "2026-12-01", to: "2026-12-03" }],
    [["455423258", "上个月"], { from: "2026-11-01", to: "2026-11-30" }],
    [["455423258", "2026-11-01", "..", "2026-11-30"], { from: "2026-11-01", to: "2026-11-30" }],
    [["455423258", "2026-11-01", "to", "2026-11-30"], { from: "2026-11-01", to: "2026-11-30" }],
    [["455423258", "11-01至11-30"], { from: "2026-11-01", to: "2026-11-30" }],
    [["昨天", "455423258"], { from: "2026-12-02", to: "2026-12-02" }],
  ])("reads %j with its range", (words, range) => {
    expect(at(words)).toEqual({ kind: "number", meetingNo: "455423258", range });
  });

  it("blames the range, not a valid number, and says what ranges look like", () => {
    const problem = refusedAt(["455423258", "yestrday"]);
    expect(problem.en).toContain('"yestrday" is not a valid range');
    expect(problem.en).toContain("YYYY-MM-DD..YYYY-MM-DD");
    expect(problem.en).not.toContain("meeting number");
    expect(problem.zh).toContain("「yestrday」不是有效的时间范围");
    expect(refusedAt(["455423258", "2026-11-01", "..", "2026-13-30"]).en).toContain("is not a valid range");
  });

  it("refuses a range Feishu cannot serve when it is typed, in the words typed", () => {
    expect(refusedAt(["455423258", "12-04"]).zh).toContain("「12-04」");
    expect(refusedAt(["455423258", "12-04"]).en).toContain("90 days");
    expect(refusedAt(["455423258", "明天"]).en).toContain('"明天" reaches into the future');
  });

  it("still blames a number of the wrong length, and asks for a number when only a range is given", () => {
    expect(refusedAt(["45542325", "yesterday"]).en).toContain("8 digits");
    expect(refusedAt(["yesterday"]).en).toMatch(/Give a 9-digit meeting number/);
  });
});

describe("/meeting arguments from a button", () => {
  it("accepts the list state the bot's own buttons carry", () => {
    expect(button(state)).toEqual({ kind: "number", meetingNo: "123456789", list: state });
    const withOldest = { ...state, oldestSec: 1_790_086_400 };
    expect(button(withOldest)).toEqual({ kind: "number", meetingNo: "123456789", list: withOldest });
    expect(argsFromButton(meetingCommand, { kind: "detail", meetingId: "6911188411934433028" })).toEqual({
      kind: "detail",
      meetingId: "6911188411934433028",
    });
  });

  it.each([
    ["a window ending before it starts", { ...state, endSec: state.startSec - 1 }],
    ["more measured than counted", { ...state, measured: state.count + 1 }],
    ["a fractional count", { ...state, count: 57.5 }],
    ["a fractional start", { ...state, startSec: 1_790_000_000.5 }],
    ["a fractional total", { ...state, totalSeconds: 0.1 }],
    ["a negative count", { ...state, count: -1, measured: -1 }],
    ["a count as text", { ...state, count: "57" }],
    ["an oldest start before the window", { ...state, oldestSec: state.startSec - 1 }],
    ["an oldest start after the window", { ...state, oldestSec: state.endSec + 1 }],
    ["an extra property", { ...state, pages: 6 }],
    ["a missing figure", { startSec: state.startSec, endSec: state.endSec, count: 57, countCapped: false, measured: 57 }],
    ["the old string form", "@list:1790000000:1792000000:57:0:123456:57"],
  ])("refuses a list state with %s", (_why, list) => {
    expect(listState.safeParse(list).success).toBe(false);
    expect(button(list)).toBeUndefined();
  });

  it("refuses arguments no typed command could produce, or with anything extra", () => {
    const refused: unknown[] = [
      ["123456789"],
      { kind: "number", meetingNo: "12345678" },
      { kind: "number", meetingNo: "123 456 789" },
      { kind: "number", meetingNo: "123456789", extra: 1 },
      { kind: "number", meetingNo: "123456789", range: "7d" },
      { kind: "number", meetingNo: "123456789", range: { days: 0 } },
      { kind: "detail", meetingId: "123456789" },
      { kind: "detail", meetingId: "1".repeat(21) },
      { kind: "detail", meetingId: "6911188411934433028", list: state },
      { kind: "detail", meetingId: "6911188411934433028", range: { days: 7 } },
      { kind: "list", meetingNo: "123456789" },
    ];
    for (const args of refused) expect(meetingArgs.safeParse(args).success, JSON.stringify(args)).toBe(false);
  });
});
