import { describe, expect, it } from "vitest";
import { roomsArgs, roomsFromText } from "../../../src/commands/rooms/args.js";
import { UsageError } from "../../../src/commands/usage.js";
import { roomsCommand } from "../../../src/commands/rooms/index.js";
import { testContext, testDeps } from "../../helpers/context.js";

/** 2026-03-04 (a Wednesday) 15:30 in Shanghai. */
const clock = { now: Date.parse("2026-03-04T07:30:00Z"), timeZone: "Asia/Shanghai" };

function refusal(f: () => unknown): UsageError {
  try {
    f();
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error("not refused");
}

describe("/rooms over a period: arguments", () => {
  it.each([
    [["30d"], { period: { days: 30 } }],
    [["30天"], { period: { days: 30 } }],
    [["最近", "7天"], { period: { days: 7 } }],
    [["week"], { period: { from: "2026-03-02", to: "2026-03-04" } }],
    [["本周"], { period: { from: "2026-03-02", to: "2026-03-04" } }],
    [["month"], { period: { from: "2026-03-01", to: "2026-03-04" } }],
    [["上周"], { period: { from: "2026-02-23", to: "2026-03-01" } }],
    [["last", "month"], { period: { from: "2026-02-01", to: "2026-02-28" } }],
    [["2026-02-01..2026-02-10"], { period: { from: "2026-02-01", to: "2026-02-10" } }],
    [["30d", "3F"], { period: { days: 30 }, filter: "3F" }],
    [["Orion", "3F", "week"], { period: { from: "2026-03-02", to: "2026-03-04" }, filter: "Orion 3F" }],
  ])("%j reads as %j", (words, expected) => {
    const args = roomsFromText(words, clock);
    expect(args).toEqual(expected);
    expect(roomsArgs.safeParse(args).success).toBe(true);
  });

  it("keeps one day as a day, so its card stays the day's", () => {
    expect(roomsFromText(["yesterday"], clock)).toEqual({ date: "2026-03-03" });
    expect(roomsFromText(["03-01", "3F"], clock)).toEqual({ date: "2026-03-01", filter: "3F" });
    expect(roomsFromText([], clock)).toEqual({ date: "2026-03-04" });
  });

  it("refuses a period reaching past Feishu's 90 days or into the future", () => {
    expect(refusal(() => roomsFromText(["90d"], clock)).problem.en).toContain("last 90 days");
    expect(roomsFromText(["89d"], clock)).toEqual({ period: { days: 89 } });
    expect(refusal(() => roomsFromText(["2026-03-01..2026-03-10"], clock)).problem.en).toContain("future");
  });

  it("accepts a sealed period only in the schema's shapes", () => {
    expect(roomsArgs.safeParse({ period: { days: 30 }, until: 5 }).success).toBe(false);
    expect(roomsArgs.safeParse({ period: { from: "2026-02-01" } }).success).toBe(false);
  });
});

describe("/rooms over a period: a sealed button clicked later", () => {
  it("is checked again against the clock before any call: a period now older than 90 days is refused", async () => {
    const args = roomsFromText(["2026-02-01..2026-02-10"], clock);
    const later = testContext({ deps: testDeps({ now: () => clock.now + 60 * 86_400_000 }) });
    await expect(roomsCommand.query(args, later)).rejects.toThrow(UsageError);
  });
});
