import { describe, expect, it } from "vitest";
import { FeishuError } from "../../../src/feishu/errors.js";
import { normalizeDepartment } from "../../../src/feishu/normalize/department.js";

describe("normalizeDepartment (contact/v3/departments/:department_id)", () => {
  it("reads the name and both ids", () => {
    const data = { department: { name: " 研发部 ", open_department_id: "od-4e6ac4d14bcd5071a37a39de902c7141", department_id: "D001", parent_department_id: "0" } };
    expect(normalizeDepartment(data)).toEqual({ openDepartmentId: "od-4e6ac4d14bcd5071a37a39de902c7141", departmentId: "D001", name: "研发部" });
  });

  it("leaves ids Feishu did not send empty", () => {
    expect(normalizeDepartment({ department: { name: "Sales" } })).toEqual({ openDepartmentId: "", departmentId: "", name: "Sales" });
  });

  it("calls an answer without a department malformed", () => {
    expect(() => normalizeDepartment({})).toThrow(FeishuError);
    expect(() => normalizeDepartment(undefined)).toThrow(FeishuError);
  });
});
