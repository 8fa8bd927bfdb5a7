import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { argsFromButton } from "../../../src/commands/define.js";
import { pushStatsArgs, pushStatsFromText, readDepartment } from "../../../src/commands/pushstats/args.js";
import { pushstatsCommand } from "../../../src/commands/pushstats/index.js";
import { UsageError } from "../../../src/commands/usage.js";

const clock = { now: Date.parse("2024-06-12T15:00:00+08:00"), timeZone: "Asia/Shanghai" };
const OPEN_ID = "od-4e6ac4d14bcd5071a37a39de902c7141";

describe("/pushstats arguments", () => {
  it("defaults to the day with no date and no department", () => {
    expect(pushStatsFromText([], clock)).toEqual({});
  });

  it("tells cycle, date and department apart in any order", () => {
    expect(pushStatsFromText([OPEN_ID, "2024-06-05", "week"], clock)).toEqual({
      cycle: "week",
      date: "2024-06-05",
      department: { id: OPEN_ID, idType: "open_department_id" },
    });
    expect(pushStatsFromText(["月", "D0042"], clock)).toEqual({
      cycle: "month",
      department: { id: "D0042", idType: "department_id" },
    });
  });

  it("takes only the id forms as a department: od- + 32 hex digits, or a department_id with a digit in it", () => {
    expect(pushStatsFromText(["OD-4E6AC4D14BCD5071A37A39DE902C7141"], clock).department).toEqual({
      id: "OD-4E6AC4D14BCD5071A37A39DE902C7141",
      idType: "open_department_id",
    });
    expect(pushStatsFromText(["0"], clock).department).toEqual({ id: "0", idType: "department_id" });
    expect(pushStatsFromText(["sales_2"], clock).department).toEqual({ id: "sales_2", idType: "department_id" });
    // A custom id of letters only is given with dept: so it cannot be a typo of a period word.
    expect(pushStatsFromText(["dept:sales"], clock).department).toEqual({ id: "sales", idType: "department_id" });
  });

  it.each([["wek"], ["monthy", "2024-05-01"], ["dialy"], ["od-4e6a"], ["od-xyz"], ["dept:"], [`dept:${OPEN_ID}`]])(
    "refuses %s as a usage error, without taking it for a department",
    (...args) => {
      expect(() => pushStatsFromText(args, clock)).toThrow(UsageError);
    },
  );

  it("takes other words as one department name, spaces kept single, in any order with the period (issue 12)", () => {
    expect(pushStatsFromText(["sales"], clock)).toEqual({ departmentName: "sales" });
    expect(pushStatsFromText(["week", "Global", "Sales", "2024-06-03"], clock)).toEqual({ cycle: "week", date: "2024-06-03", departmentName: "Global Sales" });
    expect(pushStatsFromText(["研发中心"], clock)).toEqual({ departmentName: "研发中心" });
    // One edit from "month" is a typo; "North", two edits away, is a name.
    expect(pushStatsFromText(["North"], clock)).toEqual({ departmentName: "North" });
    expect(() => pushStatsFromText(["montth"], clock)).toThrow(/month/);
  });

  it("refuses a department given both by id and by name, or a name the schema would refuse", () => {
    expect(() => pushStatsFromText([OPEN_ID, "研发中心"], clock)).toThrow(UsageError);
    expect(() => pushStatsFromText(["x".repeat(101)], clock)).toThrow(UsageError);
    expect(pushStatsArgs.safeParse({ department: { id: OPEN_ID, idType: "open_department_id" }, departmentName: "研发中心" }).success).toBe(false);
    expect(pushStatsArgs.safeParse({ departmentName: "<at id=all></at>" }).success).toBe(false);
    expect(pushStatsArgs.safeParse({ departmentName: " " }).success).toBe(false);
  });

  it("reads today, yesterday and their Chinese words as dates", () => {
    expect(pushStatsFromText(["昨天"], clock).date).toBe("2024-06-11");
    expect(pushStatsFromText(["today"], clock).date).toBe("2024-06-12");
  });

  it.each([["2026-13-45"], ["7d"], ["week", "month"], ["2024-06-01", "2024-06-02"], ["od-1", "od-2"], ["<at id=all></at>"]])(
    "refuses %s with a usage error",
    (...args) => {
      expect(() => pushStatsFromText(args, clock)).toThrow(UsageError);
    },
  );

  it("reads every department the text parser takes through the schema unchanged", () => {
    const words = fc.oneof(
      fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/),
      fc.stringMatching(/^dept:[A-Za-z0-9_-]{0,70}$/),
      fc.stringMatching(/^od-[0-9a-fA-F]{28,36}$/),
    );
    fc.assert(
      fc.property(words, (word) => {
        const department = readDepartment(word);
        if (department) expect(pushStatsArgs.parse({ department })).toEqual({ department });
      }),
      { numRuns: 500 },
    );
  });
});

describe("/pushstats arguments from a button", () => {
  it("accepts what its buttons and the digest send", () => {
    const full = { cycle: "week", date: "2024-06-03", department: { id: OPEN_ID, idType: "open_department_id" } };
    expect(argsFromButton(pushstatsCommand, full)).toEqual(full);
    expect(argsFromButton(pushstatsCommand, { cycle: "day", date: "2024-06-10" })).toEqual({ cycle: "day", date: "2024-06-10" });
    expect(argsFromButton(pushstatsCommand, { department: { id: "sales", idType: "department_id" } })).toBeDefined();
  });

  it.each([
    ["an unknown cycle", { cycle: "year" }],
    ["a cycle word of another language", { cycle: "周" }],
    ["a date that is no calendar day", { date: "2024-02-30" }],
    ["a date of another form", { date: "2024/06/10" }],
    ["a relative date", { date: "today" }],
    ["an extra property", { cycle: "day", ct: "group" }],
    ["an extra property in the department", { department: { id: "D0042", idType: "department_id", name: "Sales" } }],
    ["an unknown id type", { department: { id: "D0042", idType: "user_id" } }],
    ["an open_department_id too short", { department: { id: "od-4e6a", idType: "open_department_id" } }],
    ["an open_department_id of no hex", { department: { id: `od-${"z".repeat(32)}`, idType: "open_department_id" } }],
    ["a department_id posing as an open one", { department: { id: OPEN_ID, idType: "department_id" } }],
    ["a department_id starting od-", { department: { id: "OD-sales", idType: "department_id" } }],
    ["an empty department_id", { department: { id: "", idType: "department_id" } }],
    ["a department_id too long", { department: { id: "d".repeat(65), idType: "department_id" } }],
    ["a department_id with a query in it", { department: { id: "D1?department_id_type=open_department_id", idType: "department_id" } }],
    ["a department_id with a path in it", { department: { id: "../D1", idType: "department_id" } }],
    ["a department as a word", { department: "dept:sales" }],
    ["the old word list", ["week", "2024-06-03"]],
  ])("refuses %s", (_what, value) => {
    expect(pushStatsArgs.safeParse(value).success).toBe(false);
  });
});
