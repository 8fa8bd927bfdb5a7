import { describe, expect, it } from "vitest";
import { MAX_FILTER_LENGTH, ROOMS_LOOKBACK_DAYS, roomsArgs, roomsDay, roomsFromText, windowEnd } from "../../../src/commands/rooms/args.js";
import { UsageError } from "../../../src/commands/usage.js";

/** 2026-03-04 15:30 in Shanghai. */
const NOW = Date.parse("2026-03-04T07:30:00Z");
const clock = { now: NOW, timeZone: "Asia/Shanghai" };

function refusal(ask: () => unknown): UsageError {
  try {
    ask();
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("roomsFromText", () => {
  it("defaults to today in the bot's time zone, all rooms", () => {
    expect(roomsFromText([], clock)).toEqual({ date: "2026-03-04" });
    expect(roomsFromText(["", "  "], clock)).toEqual({ date: "2026-03-04" });
  });

  it.each([
    [["today"], "2026-03-04"],
    [["今天"], "2026-03-04"],
    [["yesterday"], "2026-03-03"],
    [["昨天"], "2026-03-03"],
    [["2026-02-01"], "2026-02-01"],
    [["YESTERDAY"], "2026-03-03"],
  ])("reads the day %j", (words, date) => {
    expect(roomsFromText(words, clock)).toEqual({ date });
  });

  it.each([
    [["03-02"], "2026-03-02"],
    [["3-2"], "2026-03-02"],
    [["3/2"], "2026-03-02"],
    [["03/02"], "2026-03-02"],
    [["3月2日"], "2026-03-02"],
    [["2026/3/2"], "2026-03-02"],
    [["前天"], "2026-03-02"],
    [["大前天"], "2026-03-01"],
    [["the", "day", "before", "yesterday"], "2026-03-02"],
    // Not come yet this year: the most recent one, last year's, which is too old to serve.
  ])("reads %j as a day, not a room name (issue 12)", (words, date) => {
    expect(roomsFromText(words, clock)).toEqual({ date });
  });

  it("reads a month-day not come yet this year as last year's, and says that is too old", () => {
    const error = refusal(() => roomsFromText(["12-01"], clock));
    expect(error.problem.zh).toContain("「12-01」（2025-12-01）");
    expect(error.problem.en).toContain("last 90 days");
  });

  it("takes the words around a day phrase as the filter", () => {
    expect(roomsFromText(["前天", "Pearl"], clock)).toEqual({ date: "2026-03-02", filter: "Pearl" });
    expect(roomsFromText(["Pearl", "day", "before", "yesterday"], clock)).toEqual({ date: "2026-03-02", filter: "Pearl" });
    expect(roomsFromText(["3月2日", "3F"], clock)).toEqual({ date: "2026-03-02", filter: "3F" });
    expect(roomsFromText(["3F"], clock)).toEqual({ date: "2026-03-04", filter: "3F" });
  });

  it("takes the rest as a room filter, before or after the day", () => {
    expect(roomsFromText(["yesterday", "3F", "Orion"], clock)).toEqual({ date: "2026-03-03", filter: "3F Orion" });
    expect(roomsFromText(["Orion", "yesterday"], clock)).toEqual({ date: "2026-03-03", filter: "Orion" });
    expect(roomsFromText(["Orion"], clock)).toEqual({ date: "2026-03-04", filter: "Orion" });
  });

  it("never sets a button's window: a typed @until word is part of the filter", () => {
    expect(roomsFromText(["yesterday", "@until:1772553600"], clock)).toEqual({ date: "2026-03-03", filter: "@until:1772553600" });
  });

  it.each([["tomorrow"], ["明天"], ["2026-03-05"], ["2027-01-01"]])("refuses the future day %s and says why", (word) => {
    const error = refusal(() => roomsFromText([word], clock));
    expect(error.command).toBe("rooms");
    expect(error.problem.zh).toContain("还没到");
    expect(error.problem.en).toContain("has not come yet");
  });

  it("refuses a day older than the look-back, naming the oldest day", () => {
    expect(roomsFromText(["2025-12-05"], clock)).toMatchObject({ date: "2025-12-05" }); // today − 89
    const error = refusal(() => roomsFromText(["2025-12-04"], clock));
    expect(error.problem.en).toContain(`last ${ROOMS_LOOKBACK_DAYS} days`);
    expect(error.problem.en).toContain("2025-12-05");
  });

  it.each([["2026-13-45"], ["2026-02-30"], ["13-01"], ["02-30"]])("refuses the malformed date %s", (word) => {
    expect(refusal(() => roomsFromText([word], clock)).problem.zh).toContain("不是有效的日期");
  });

  it("refuses a filter too long to carry in a button", () => {
    expect(roomsFromText(["x".repeat(MAX_FILTER_LENGTH)], clock).filter).toHaveLength(MAX_FILTER_LENGTH);
    expect(refusal(() => roomsFromText(["x".repeat(MAX_FILTER_LENGTH + 1)], clock)).problem.en).toContain(String(MAX_FILTER_LENGTH));
  });

  it("counts the filter's length in characters, not UTF-16 units", () => {
    const rooms = "会".repeat(MAX_FILTER_LENGTH);
    expect(roomsFromText([rooms], clock).filter).toBe(rooms);
    expect(roomsArgs.safeParse({ date: "2026-03-04", filter: "🎉".repeat(MAX_FILTER_LENGTH) }).success).toBe(true);
  });
});

describe("roomsDay", () => {
  it("reads the day in the bot's time zone", () => {
    const day = roomsDay("2026-03-04", clock);
    expect(day.date).toBe("2026-03-04");
    expect(day.start).toEqual(new Date("2026-03-03T16:00:00Z"));
  });

  it("refuses a future day with the same words as typed text", () => {
    const error = refusal(() => roomsDay("2026-03-05", clock));
    expect(error.command).toBe("rooms");
    expect(error.problem.zh).toContain("还没到");
    expect(error.problem.en).toContain("has not come yet");
  });

  it("refuses a day that has fallen out of the look-back since the card was made", () => {
    expect(roomsDay("2025-12-05", clock).date).toBe("2025-12-05");
    const error = refusal(() => roomsDay("2025-12-05", { ...clock, now: NOW + 86_400_000 }));
    expect(error.problem.en).toContain(`last ${ROOMS_LOOKBACK_DAYS} days`);
    expect(error.problem.en).toContain("2025-12-06");
  });

  it.each([["2026-13-45"], ["2026-02-30"]])("refuses %s, which the schema's pattern lets through", (date) => {
    expect(roomsArgs.safeParse({ date }).success).toBe(true);
    expect(refusal(() => roomsDay(date, clock)).problem.en).toContain("is not a date");
  });
});

describe("roomsArgs", () => {
  it("accepts what the text parser and the pager make", () => {
    expect(roomsArgs.safeParse(roomsFromText(["yesterday", "Orion"], clock)).success).toBe(true);
    expect(roomsArgs.parse({ date: "2026-03-04", filter: "Orion", until: 1772609400 })).toEqual({ date: "2026-03-04", filter: "Orion", until: 1772609400 });
  });

  it.each([
    ["extra properties", { date: "2026-03-03", ct: "group" }],
    ["a non-ISO date", { date: "2026/03/03" }],
    ["a day word", { date: "yesterday" }],
    ["no date", { filter: "Orion" }],
    ["an empty filter", { date: "2026-03-03", filter: "" }],
    ["a filter over the limit", { date: "2026-03-03", filter: "x".repeat(MAX_FILTER_LENGTH + 1) }],
    ["a non-integer until", { date: "2026-03-03", until: 1772553600.5 }],
    ["an until as text", { date: "2026-03-03", until: "1772553600" }],
    ["a negative until", { date: "2026-03-03", until: -1 }],
    ["the old string args", ["2026-03-03", "3F"]],
  ])("refuses a button's args with %s", (_what, args) => {
    expect(roomsArgs.safeParse(args).success).toBe(false);
  });
});

describe("windowEnd", () => {
  const day = roomsDay("2026-03-03", clock);
  /** 17:00 on 2026-03-03 in Shanghai. */
  const inside = 1772528400;

  it("is no window at all without an until", () => {
    expect(windowEnd(undefined, day, NOW)).toBeUndefined();
  });

  it("keeps an end inside the day and not after now", () => {
    expect(windowEnd(inside, day, NOW)).toEqual(new Date(inside * 1000));
    expect(windowEnd(day.end.getTime() / 1000, day, NOW)).toEqual(day.end);
    expect(windowEnd(NOW / 1000, roomsDay("2026-03-04", clock), NOW)).toEqual(new Date(NOW));
  });

  it("ignores an end at or before the day's start, after the day, or after now", () => {
    expect(windowEnd(1, day, NOW)).toBeUndefined();
    expect(windowEnd(day.start.getTime() / 1000, day, NOW)).toBeUndefined();
    expect(windowEnd(day.end.getTime() / 1000 + 1, day, NOW)).toBeUndefined();
    expect(windowEnd(NOW / 1000 + 3600, roomsDay("2026-03-04", clock), NOW)).toBeUndefined();
    expect(windowEnd(inside, day, Date.parse("2026-03-03T08:00:00Z"))).toBeUndefined();
  });
});
