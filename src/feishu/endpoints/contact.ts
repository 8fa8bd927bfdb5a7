/**
 * The contact endpoints /pushstats uses: one department's name (GET /open-apis/contact/v3/departments/:department_id)
 * and the directory, to find a department by name (GET …/departments/:department_id/children; the
 * department search is for user tokens only, so a bot cannot use it).
 */
import type * as lark from "@larksuiteoapi/node-sdk";
import type { FeishuCall } from "../call.js";
import { departmentTtl, type TtlRule } from "../cache-policy.js";
import { normalizeDepartment } from "../normalize/department.js";
import { normalizeDepartmentChildren } from "../normalize/department-children.js";
import type { DepartmentInfo, DepartmentNode, Page } from "../types.js";

export interface DepartmentQuery {
  departmentId: string;
  /** As the id was given: an od-… open id, or the tenant's own department_id. */
  departmentIdType: "department_id" | "open_department_id";
}

export function getDepartment(client: lark.Client, call: FeishuCall, q: DepartmentQuery): Promise<DepartmentInfo> {
  const params = { department_id_type: q.departmentIdType };
  return call({
    endpoint: "department_get",
    send: (auth) => client.contact.v3.department.get({ path: { department_id: q.departmentId }, params }, auth),
    read: (body) => normalizeDepartment(body.data),
    cache: { params: { ...params, department_id: q.departmentId }, ttl: departmentTtl },
  });
}

export interface DepartmentChildrenQuery {
  /** An open_department_id, or "0" for the tenant's root. */
  parentId: string;
  /** True: every level below the parent, not only its direct children. */
  fetchChild: boolean;
  /** At most 50 (the page's bound). */
  pageSize: number;
  pageToken?: string;
}

/** Departments change when an administrator edits them: a directory ten minutes old is fresh enough. */
const directoryTtl: TtlRule<unknown> = () => 600;

/** GET /open-apis/contact/v3/departments/:department_id/children: one page of a department's sub-departments. */
export function listDepartmentChildren(client: lark.Client, call: FeishuCall, q: DepartmentChildrenQuery): Promise<Page<DepartmentNode>> {
  const params = {
    department_id_type: "open_department_id" as const,
    fetch_child: q.fetchChild,
    page_size: q.pageSize,
    ...(q.pageToken ? { page_token: q.pageToken } : {}),
  };
  return call({
    endpoint: "department_children",
    send: (auth) => client.contact.v3.department.children({ path: { department_id: q.parentId }, params }, auth),
    read: (body) => normalizeDepartmentChildren(body.data),
    cache: { params: { ...params, department_id: q.parentId }, ttl: directoryTtl },
  });
}
