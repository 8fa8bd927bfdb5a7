/**
 * GET /open-apis/contact/v3/departments/:department_id (contact-v3/department/get): one of the
 * tenant's departments, by open_department_id (the default) or by its own department_id. Served
 * strictly from the tenant: any other id is 40004 "no dept authority error" (not in the app's contact
 * range). The scope check (99991672 without a contact scope) is the gateway's, from endpoint-policy.
 */
import { CODES, feishuError } from "../errors.js";
import type { GatewayRoute } from "../gateway/gateway.js";
import type { Department } from "../tenant/types.js";
import type { RouteDeps } from "./deps.js";

export function departmentGetRoute(deps: RouteDeps): GatewayRoute<"department_get"> {
  return {
    name: "department_get",
    handler: (_req, { path, query }) => {
      const byOwnId = query.department_id_type === "department_id";
      const found = (byOwnId ? deps.lookup.departmentsById : deps.lookup.departmentsByOpenId).get(path.department_id);
      if (!found) return { error: feishuError(CODES.noDepartmentAuthority) };
      return { data: { department: departmentToWire(deps, found) } };
    },
  };
}

function departmentToWire(deps: RouteDeps, d: Department): Record<string, unknown> {
  const members = deps.tenant.users.filter((u) => u.departmentOpenId === d.openDepartmentId).length;
  return {
    name: d.name,
    i18n_name: { zh_cn: d.name, ja_jp: "", en_us: "" },
    parent_department_id: d.parentOpenDepartmentId,
    department_id: d.departmentId,
    open_department_id: d.openDepartmentId,
    chat_id: "",
    order: "0",
    member_count: members,
    primary_member_count: members,
    status: { is_deleted: false },
  };
}
