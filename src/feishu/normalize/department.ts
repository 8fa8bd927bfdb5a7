/** GET /open-apis/contact/v3/departments/:department_id → DepartmentInfo. */
import type { DepartmentInfo } from "../types.js";
import { record, text } from "./read.js";

const ENDPOINT = "department_get";

/**
 * `data` is the response's `data` object: `{ department: {...} }` (the SDK's declaration). `name`
 * is the one field the declaration requires; the ids come back as the scopes allow, so may be absent.
 */
export function normalizeDepartment(data: unknown): DepartmentInfo {
  const department = record(ENDPOINT, record(ENDPOINT, data, "data").department, "data.department");
  return {
    openDepartmentId: text(department.open_department_id),
    departmentId: text(department.department_id),
    name: text(department.name).trim(),
  };
}
