import { describe, expect, it } from "vitest";
import { findDepartment } from "../../../src/commands/pushstats/find-department.js";
import type { DepartmentNode } from "../../../src/feishu/types.js";

const node = (openDepartmentId: string, name: string, parentOpenDepartmentId = "0"): DepartmentNode => ({
  openDepartmentId,
  departmentId: "",
  name,
  parentOpenDepartmentId,
});

const DIRECTORY = [
  node("od-sales", "销售部"),
  node("od-north", "华北销售", "od-sales"),
  node("od-south", "华南销售", "od-sales"),
  node("od-n-team", "综合组", "od-north"),
  node("od-s-team", "综合组", "od-south"),
  node("od-rd", "研发中心"),
  node("od-global", "Global  Sales", "od-sales"),
];

describe("findDepartment", () => {
  it("finds the one department of a name, ignoring case and spacing, with its path", () => {
    expect(findDepartment(" global sales ", DIRECTORY)).toEqual({
      kind: "one",
      department: { openDepartmentId: "od-global", name: "Global  Sales", path: ["销售部", "Global  Sales"] },
    });
  });

  it("lists every department of a shared name, each with the path that tells them apart", () => {
    expect(findDepartment("综合组", DIRECTORY)).toEqual({
      kind: "several",
      departments: [
        { openDepartmentId: "od-n-team", name: "综合组", path: ["销售部", "华北销售", "综合组"] },
        { openDepartmentId: "od-s-team", name: "综合组", path: ["销售部", "华南销售", "综合组"] },
      ],
    });
  });

  it("suggests the closest names when none matches, those containing what was typed first", () => {
    const match = findDepartment("研发", DIRECTORY);
    expect(match.kind).toBe("none");
    if (match.kind === "none") {
      expect(match.closest[0]!.name).toBe("研发中心");
      expect(match.closest.length).toBeLessThanOrEqual(3);
    }
  });

  it("says the directory has no names when the scopes withheld them all", () => {
    expect(findDepartment("综合组", [node("od-1", ""), node("od-2", "")])).toEqual({ kind: "no-names" });
    expect(findDepartment("综合组", [])).toEqual({ kind: "none", closest: [] });
  });

  it("ends a path whose parents loop", () => {
    const loop = [node("od-a", "A", "od-b"), node("od-b", "B", "od-a")];
    const match = findDepartment("A", loop);
    expect(match.kind === "one" && match.department.path.length).toBeLessThanOrEqual(21);
  });
});
