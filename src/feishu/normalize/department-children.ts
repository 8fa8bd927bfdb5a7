/** GET /open-apis/contact/v3/departments/:department_id/children → a page of DepartmentNode. */
import type { DepartmentNode, Page } from "../types.js";
import { pageOf } from "./page.js";
import { flag, list, optionalRecord, record, requiredText, text } from "./read.js";

const ENDPOINT = "department_children";

/**
 * `data` is the response's `data`: `{ has_more, page_token, items: [...] }` (the SDK's declaration).
 * Asked with department_id_type=open_department_id, so `open_department_id` identifies each item and
 * `parent_department_id` is an open id too ("0" under the root). Names and parents come back only
 * under the scopes that grant them (the page's field permissions): either may be absent. A deleted
 * department is dropped: its name may be in use again.
 */
export function normalizeDepartmentChildren(data: unknown): Page<DepartmentNode> {
  const body = record(ENDPOINT, data, "data");
  const items: DepartmentNode[] = [];
  list(ENDPOINT, body.items, "data.items").forEach((raw, i) => {
    const item = record(ENDPOINT, raw, `data.items[${i}]`);
    if (flag(optionalRecord(ENDPOINT, item.status, `data.items[${i}].status`)?.is_deleted)) return;
    items.push({
      openDepartmentId: requiredText(ENDPOINT, item.open_department_id, `data.items[${i}].open_department_id`),
      departmentId: text(item.department_id),
      name: text(item.name).trim(),
      parentOpenDepartmentId: text(item.parent_department_id),
    });
  });
  return pageOf(items, body.page_token, flag(body.has_more));
}
