/** GET /open-apis/contact/v3/departments/:department_id: one department's name, for /pushstats. */
import type * as lark from "@larksuiteoapi/node-sdk";
import type { FeishuCall } from "../call.js";
import { departmentTtl } from "../cache-policy.js";
import { normalizeDepartment } from "../normalize/department.js";
import type { DepartmentInfo } from "../types.js";

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
