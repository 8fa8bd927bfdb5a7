import { describe, expect, it } from "vitest";
import { FeishuError } from "../../../src/feishu/errors.js";
import { normalizeDepartmentChildren } from "../../../src/feishu/normalize/department-children.js";

const OD = "od-4e6ac4d14bcd5071a37a39de902c7141";

describe("normalizeDepartmentChildren (contact/v3/departments/:department_id/children)", () => {
  it("reads each department's ids, trimmed name and parent, and the paging", () => {
    const data = {
      has_more: true,
      page_token: "AQD9",
      items: [{ name: " 综合组 ", i18n_name: { zh_cn: "综合组" }, open_department_id: OD, department_id: "D096", parent_department_id: "od-1", status: { is_deleted: false } }],
    };
    expect(normalizeDepartmentChildren(data)).toEqual({
      items: [{ openDepartmentId: OD, departmentId: "D096", name: "综合组", parentOpenDepartmentId: "od-1" }],
      pageToken: "AQD9",
      hasMore: true,
    });
  });

  it("leaves what the scopes withheld empty (a name needs the department base scope), and drops deleted departments", () => {
    const data = { has_more: false, items: [{ open_department_id: OD }, { open_department_id: "od-2", name: "旧部门", status: { is_deleted: true } }] };
    expect(normalizeDepartmentChildren(data)).toEqual({
      items: [{ openDepartmentId: OD, departmentId: "", name: "", parentOpenDepartmentId: "" }],
      pageToken: undefined,
      hasMore: false,
    });
  });

  it("reads an answer without items as an empty last page", () => {
    expect(normalizeDepartmentChildren({ has_more: false })).toEqual({ items: [], pageToken: undefined, hasMore: false });
  });

  it("calls an item without its open id, or an answer without data, malformed", () => {
    expect(() => normalizeDepartmentChildren({ items: [{ name: "x" }] })).toThrow(FeishuError);
    expect(() => normalizeDepartmentChildren({ items: "x" })).toThrow(FeishuError);
    expect(() => normalizeDepartmentChildren(undefined)).toThrow(FeishuError);
  });
});
