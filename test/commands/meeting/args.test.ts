import { describe, expect, it } from "vitest";
import { decodeListState, encodeListState, parseMeetingArgs, type ListState } from "../../../src/commands/meeting/args.js";
import { UsageError } from "../../../src/commands/usage.js";

const usage = (args: string[], fromButton = false) => {
  try {
    parseMeetingArgs(args, fromButton);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as UsageError).problem;
  }
  throw new Error(`expected a usage error for ${JSON.stringify(args)}`);
};

const state: ListState = { startSec: 1_790_000_000, endSec: 1_792_000_000, count: 57, countCapped: false, totalSeconds: 123_456, measured: 57 };

describe("/meeting arguments", () => {
  it.each([
    [["123456789"], "123456789"],
    [["123", "456", "789"], "123456789"],
    [["123-456-789"], "123456789"],
    [["123", "456-789"], "123456789"],
  ])("reads %j as the meeting number %s", (args, meetingNo) => {
    expect(parseMeetingArgs(args, false)).toEqual({ kind: "number", meetingNo });
  });

  it("keeps the range, wherever it is typed", () => {
    expect(parseMeetingArgs(["123", "456", "789", "7d"], false)).toEqual({ kind: "number", meetingNo: "123456789", rangeArg: "7d" });
    expect(parseMeetingArgs(["2026-01-01..2026-01-31", "123456789"], false)).toEqual({
      kind: "number",
      meetingNo: "123456789",
      rangeArg: "2026-01-01..2026-01-31",
    });
  });

  it("takes N天 as a range, like Nd", () => {
    expect(parseMeetingArgs(["123456789", "7天"], false)).toEqual({ kind: "number", meetingNo: "123456789", rangeArg: "7天" });
  });

  it("reads a longer run of digits as a meeting id", () => {
    expect(parseMeetingArgs(["6911188411934433028"], false)).toEqual({ kind: "detail", meetingId: "6911188411934433028" });
    expect(parseMeetingArgs(["6911-1884-1193-4433-028"], false)).toEqual({ kind: "detail", meetingId: "6911188411934433028" });
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

  it("accepts the list state only from a button", () => {
    const arg = encodeListState(state);
    expect(parseMeetingArgs(["123456789", arg], true)).toEqual({ kind: "number", meetingNo: "123456789", state });
    expect(usage(["123456789", arg], false).en).toContain("not understood");
  });

  it("round-trips the list state and rejects damaged ones", () => {
    expect(decodeListState(encodeListState(state))).toEqual(state);
    expect(decodeListState(encodeListState({ ...state, countCapped: true }))?.countCapped).toBe(true);
    expect(decodeListState("@list:1:2:3")).toBeUndefined();
    expect(decodeListState("@list:5:4:1:0:0:0")).toBeUndefined();
    expect(decodeListState("@list:1:2:3:0:10:4")).toBeUndefined();
    // The oldest counted start rides along; cards from before it still decode, and one outside the window is dropped.
    expect(decodeListState(encodeListState({ ...state, oldestSec: 1_790_086_400 }))).toEqual({ ...state, oldestSec: 1_790_086_400 });
    expect(decodeListState("@list:1790000000:1792000000:57:0:123456:57")).toEqual(state);
    expect(decodeListState("@list:1790000000:1792000000:57:0:123456:57:1")).toEqual(state);
    expect(decodeListState("@list:1790000000:1792000000:57:0:123456:57:")).toBeUndefined();
    // A damaged state from a button starts the list over instead of failing.
    expect(parseMeetingArgs(["123456789", "@list:x"], true)).toEqual({ kind: "number", meetingNo: "123456789" });
  });
});
