import { describe, expect, it } from "vitest";
import { MAX_FILTER_LENGTH, ROOMS_LOOKBACK_DAYS, parseRoomsArgs } from "../../../src/commands/rooms/args.js";
import { UsageError } from "../../../src/commands/usage.js";

/** 2026-03-04 15:30 in Shanghai. */
const NOW = Date.parse("2026-03-04T07:30:00Z");
const opts = { now: NOW, timeZone: "Asia/Shanghai" };

function refusal(args: string[]): UsageError {
  try {
    parseRoomsArgs(args, opts);
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(args)} to be refused`);
}

describe("parseRoomsArgs", () => {
  it("defaults to today in the bot's time zone, all rooms", () => {
    const parsed = parseRoomsArgs([], opts);
    expect(parsed.day.date).toBe("2026-03-04");
    expect(parsed.day.start).toEqual(new Date("2026-03-03T16:00:00Z"));
    expect(parsed).toMatchObject({ isToday: true, isYesterday: false, filter: undefined });
  });

  it.each([
    [["today"], "2026-03-04"],
    [["今天"], "2026-03-04"],
    [["yesterday"], "2026-03-03"],
    [["昨天"], "2026-03-03"],
    [["2026-02-01"], "2026-02-01"],
    [["YESTERDAY"], "2026-03-03"],
  ])("reads the day %j", (args, date) => {
    expect(parseRoomsArgs(args, opts).day.date).toBe(date);
  });

  it("marks yesterday, and an ISO date that is today, for the header", () => {
    expect(parseRoomsArgs(["2026-03-04"], opts).isToday).toBe(true);
    expect(parseRoomsArgs(["昨天"], opts).isYesterday).toBe(true);
  });

  it("takes the rest as a room filter, before or after the day", () => {
    expect(parseRoomsArgs(["yesterday", "3F", "Orion"], opts)).toMatchObject({ filter: "3F Orion" });
    expect(parseRoomsArgs(["Orion", "yesterday"], opts)).toMatchObject({ filter: "Orion" });
    expect(parseRoomsArgs(["Orion", "yesterday"], opts).day.date).toBe("2026-03-03");
    expect(parseRoomsArgs(["Orion"], opts)).toMatchObject({ filter: "Orion", isToday: true });
  });

  it.each([["tomorrow"], ["明天"], ["2026-03-05"], ["2027-01-01"]])("refuses the future day %s and says why", (arg) => {
    const error = refusal([arg]);
    expect(error.command).toBe("rooms");
    expect(error.problem.zh).toContain("还没到");
    expect(error.problem.en).toContain("has not come yet");
  });

  it("refuses a day older than the look-back, naming the oldest day", () => {
    expect(parseRoomsArgs(["2025-12-05"], opts).day.date).toBe("2025-12-05"); // today − 89
    const error = refusal(["2025-12-04"]);
    expect(error.problem.en).toContain(`last ${ROOMS_LOOKBACK_DAYS} days`);
    expect(error.problem.en).toContain("2025-12-05");
  });

  it.each([["2026-13-45"], ["2026-02-30"], ["2026/3/4"]])("refuses the malformed date %s", (arg) => {
    expect(refusal([arg]).problem.zh).toContain("不是有效的日期");
  });

  it("refuses a filter too long to carry in a button", () => {
    expect(parseRoomsArgs(["x".repeat(MAX_FILTER_LENGTH)], opts).filter).toHaveLength(MAX_FILTER_LENGTH);
    expect(refusal(["x".repeat(MAX_FILTER_LENGTH + 1)]).problem.en).toContain(String(MAX_FILTER_LENGTH));
  });
});
