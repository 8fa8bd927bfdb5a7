import { describe, expect, it } from "vitest";
import { departmentArg, parsePushArgs } from "../../../src/commands/pushstats/args.js";
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

  it("takes only the id forms as a department: od- + 32 hex digits, or a department_id with a digit in it", () => {
    expect(parsePushArgs(["OD-4E6AC4D14BCD5071A37A39DE902C7141"], clock).department).toEqual({
      id: "OD-4E6AC4D14BCD5071A37A39DE902C7141",
      idType: "open_department_id",
    });
    expect(parsePushArgs(["0"], clock).department).toEqual({ id: "0", idType: "department_id" });
    expect(parsePushArgs(["sales_2"], clock).department).toEqual({ id: "sales_2", idType: "department_id" });
    // A custom id of letters only is given with dept: so it cannot be a typo of a period word.
    expect(parsePushArgs(["dept:sales"], clock).department).toEqual({ id: "sales", idType: "department_id" });
  });

  it("names a department on buttons in a form that reads back the same", () => {
    for (const word of ["dept:sales", "D0042", "od-4e6ac4d14bcd5071a37a39de902c7141", "dept:D0042"]) {
      const { department } = parsePushArgs([word], clock);
      expect(parsePushArgs([departmentArg(department!)], clock).department).toEqual(department);
    }
    expect(departmentArg({ id: "sales", idType: "department_id" })).toBe("dept:sales");
    expect(departmentArg({ id: "D0042", idType: "department_id" })).toBe("D0042");
  });

  it.each([["wek"], ["monthy", "2024-05-01"], ["sales"], ["od-4e6a"], ["od-xyz"], ["dept:"], ["dept:od-4e6ac4d14bcd5071a37a39de902c7141"]])(
    "refuses %s as a usage error, without taking it for a department",
    (...args) => {
      expect(() => parsePushArgs(args, clock)).toThrow(UsageError);
    },
  );

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
