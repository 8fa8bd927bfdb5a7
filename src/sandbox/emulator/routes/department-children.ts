/**
 * GET /open-apis/contact/v3/departments/:department_id/children (contact-v3/department/children):
 * the sub-departments of one department ("0": the tenant's root), direct ones or, with
 * fetch_child=true, every level below, paged by at most 50 (default 10). Served strictly from the
 * tenant: an unknown department is 40004, a bad page_size 40011, a page token this route did not
 * issue 40012. The page's field permissions decide what each item carries: the name and the
 * tenant's own id only under the department base scope (or a whole-directory one), the parent and
 * order only under the organisation scope (or a whole-directory one). The scope check itself (any one
 * of five, 99991672 otherwise) is the gateway's, from endpoint-policy.
 */
import { SCOPES } from "../defaults.js";
import { CODES, feishuError, fieldValidationError } from "../errors.js";
import type { GatewayRoute } from "../gateway/gateway.js";
import type { Department } from "../tenant/types.js";
import type { RouteDeps } from "./deps.js";
import { pageOf, pageOffset } from "./params.js";

const ROOT = "0";
const WHOLE_DIRECTORY = [SCOPES.contactAccessAsApp, SCOPES.contactReadonly, SCOPES.contactAsApp];
/** Field permissions of the page's response table. */
const BASE_FIELDS = [SCOPES.department, ...WHOLE_DIRECTORY];
const ORGANIZE_FIELDS = [SCOPES.departmentOrganize, ...WHOLE_DIRECTORY];

/** How parameters/read.ts words a bound broken. */
const OUT_OF_BOUNDS = /^the (min|max) value is/;

type IdType = "department_id" | "open_department_id";

export function departmentChildrenRoute(deps: RouteDeps): GatewayRoute<"department_children"> {
  return {
    name: "department_children",
    // A page_size that is a number out of bounds is the service's own 40011; a malformed one the gateway's.
    invalid: (violations) =>
      violations.length === 1 && violations[0]?.field === "page_size" && OUT_OF_BOUNDS.test(violations[0].description)
        ? feishuError(CODES.pageSizeInvalid)
        : fieldValidationError(violations),
    handler: (_req, { path, query }) => {
      const idType = query.department_id_type;
      const parent = path.department_id === ROOT ? ROOT : find(deps, path.department_id, idType)?.openDepartmentId;
      if (parent === undefined) return { error: feishuError(CODES.noDepartmentAuthority) };
      const offset = pageOffset(query.page_token);
      if (offset === undefined) return { error: feishuError(CODES.pageTokenInvalid) };
      const below = query.fetch_child ? descendants(deps, parent) : deps.tenant.departments.filter((d) => d.parentOpenDepartmentId === parent);
      const { page, ...paging } = pageOf(below, offset, query.page_size);
      return { data: { items: page.map((d) => departmentToWire(deps, d, idType)), ...paging } };
    },
  };
}

function find(deps: RouteDeps, id: string, idType: IdType): Department | undefined {
  return (idType === "department_id" ? deps.lookup.departmentsById : deps.lookup.departmentsByOpenId).get(id);
}

/** Every department below `parent`, level by level, each level in the tenant's order. */
function descendants(deps: RouteDeps, parent: string): Department[] {
  const out: Department[] = [];
  let level = [parent];
  while (level.length > 0) {
    const ids = new Set(level);
    const next = deps.tenant.departments.filter((d) => ids.has(d.parentOpenDepartmentId));
    out.push(...next);
    level = next.map((d) => d.openDepartmentId);
  }
  return out;
}

function departmentToWire(deps: RouteDeps, d: Department, idType: IdType): Record<string, unknown> {
  const granted = (scopes: readonly string[]) => scopes.some((s) => deps.scopes.has(s));
  const subtree = deps.lookup.departmentSubtree(d.openDepartmentId);
  const members = deps.tenant.users.filter((u) => u.departmentOpenId !== undefined && subtree.has(u.departmentOpenId)).length;
  const parent = d.parentOpenDepartmentId === ROOT || idType === "open_department_id"
    ? d.parentOpenDepartmentId
    : (deps.lookup.departmentsByOpenId.get(d.parentOpenDepartmentId)?.departmentId ?? ROOT);
  return {
    open_department_id: d.openDepartmentId,
    ...(granted(BASE_FIELDS)
      ? { name: d.name, i18n_name: { zh_cn: d.name, ja_jp: "", en_us: "" }, department_id: d.departmentId, status: { is_deleted: false } }
      : {}),
    ...(granted(ORGANIZE_FIELDS)
      ? { parent_department_id: parent, order: "0", member_count: members, primary_member_count: members }
      : {}),
  };
}
