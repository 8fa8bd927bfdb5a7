/** Ground truth for message_push_overview, worked out from the emulator's tenant. */
import type { Tenant } from "../../../src/sandbox/emulator/index.js";

/** Metrics as the seed page defines them, summed from the tenant's deliveries. */
export function pushTruth(tenant: Tenant, from: string, to: string, departmentOpenId?: string) {
  let scope: Set<string> | undefined;
  if (departmentOpenId) {
    scope = new Set([departmentOpenId]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const d of tenant.departments) {
        if (scope.has(d.parentOpenDepartmentId) && !scope.has(d.openDepartmentId)) {
          scope.add(d.openDepartmentId);
          grew = true;
        }
      }
    }
  }
  const users = new Map(tenant.users.map((u) => [u.openId, u]));
  const reached = new Set<string>();
  let sentMessages = 0;
  let readWithin1h = 0;
  let readWithin12h = 0;
  for (const day of tenant.push.days.filter((d) => d.date >= from && d.date <= to)) {
    for (const d of day.deliveries) {
      const dept = users.get(d.openId)?.departmentOpenId;
      if (scope && !(dept && scope.has(dept))) continue;
      sentMessages += d.messages;
      readWithin1h += d.readIn1h;
      readWithin12h += d.readIn12h;
      reached.add(d.openId);
    }
  }
  return { sentMessages, reachedUsers: reached.size, readWithin1h, readWithin12h };
}
