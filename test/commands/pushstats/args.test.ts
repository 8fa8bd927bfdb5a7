import { describe, expect, it } from "vitest";
import { parsePushArgs } from "../../../src/commands/pushstats/args.js";
import { UsageError } from "../../../src/commands/usage.js";

const clock = { now: Date.parse("2024-06-12T15:00:00+08:00"), timeZone: "Asia/Shanghai" };

describe("/pushstats arguments", () => {
  it("defaults to the day with no date and no department", () => {
    expect(parsePushArgs([], clock)).toEqual({ cycle: "day", date: undefined, department: undefined });
  });

  it("tells cycle, date and department apart in any order", () => {
    expect(parsePushArgs(["od-4e6ac4d14bcd5071a37a39de902c7141", "2024-06-05", "week"], clock)).toEqual({
      cycle: "week",
      date: "2024-06-05",
      department: { id: "od-4e6ac4d14bcd5071a37a39de902c7141", idType: "open_department_id" },
    });
    expect(parsePushArgs(["月", "D0042"], clock)).toEqual({
      cycle: "month",
      date: undefined,
      department: { id: "D0042", idType: "department_id" },
    });
  });

  it("reads today, yesterday and their Chinese words as dates", () => {
    expect(parsePushArgs(["昨天"], clock).date).toBe("2024-06-11");
    expect(parsePushArgs(["today"], clock).date).toBe("2024-06-12");
  });

  it.each([["2026-13-45"], ["7d"], ["week", "month"], ["2024-06-01", "2024-06-02"], ["od-1", "od-2"], ["<at id=all></at>"]])(
    "refuses %s with a usage error",
    (...args) => {
      expect(() => parsePushArgs(args, clock)).toThrow(UsageError);
    },
  );
});
