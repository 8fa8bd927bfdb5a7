/**
 * POST /open-apis/application/v6/applications/:app_id/app_usage/message_push_overview (seed 004):
 * how far the bot's messages reached, per day, natural week or natural month, optionally for one
 * department and its sub-departments. Data for a day is produced at 10:00 two days later.
 */
import { CODES, feishuError } from "../errors.js";
import type { GatewayRoute } from "../gateway/gateway.js";
import type { Department } from "../tenant/types.js";
import { addDays, isCalendarDate, localDate, localParts, weekday } from "../tenant/zoned-time.js";
import { nowSeconds, type RouteDeps } from "./deps.js";

const DATA_READY_HOUR = 10;

/** The last day whose data has been produced: two days ago once it is 10:00, else three. */
export function latestPushDataDay(nowSec: number, timezone: string): string {
  const today = localDate(nowSec, timezone);
  return addDays(today, localParts(nowSec, timezone).hour >= DATA_READY_HOUR ? -2 : -3);
}

function periodEnd(date: string, cycle: number): string {
  if (cycle === 2) return addDays(date, 6);
  if (cycle === 3) {
    const [y, m] = date.split("-").map(Number) as [number, number];
    return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  }
  return date;
}

export function pushOverviewRoute(deps: RouteDeps): GatewayRoute<"push_overview"> {
  return {
    name: "push_overview",
    handler: (_req, { path, query, body }) => {
      const { date, cycle_type: cycle, department_id: departmentId } = body;
      const idType = query.department_id_type;
      if (path.app_id !== deps.appId) return { error: feishuError(CODES.pushAppId) };
      if (deps.edition !== "enterprise") return { error: feishuError(CODES.pushEdition) };
      if (!isCalendarDate(date)) return { error: feishuError(CODES.pushDateFormat) };
      if (![1, 2, 3].includes(cycle)) return { error: feishuError(CODES.pushCycleType) };
      if (cycle === 2 && weekday(date) !== 1) return { error: feishuError(CODES.pushDateRange) };
      if (cycle === 3 && !date.endsWith("-01")) return { error: feishuError(CODES.pushDateRange) };

      let department: Department | undefined;
      if (departmentId) {
        department =
          idType === "department_id"
            ? deps.lookup.departmentsById.get(departmentId)
            : deps.lookup.departmentsByOpenId.get(departmentId);
        if (!department) return { error: feishuError(CODES.pushDepartment) };
      }

      const now = nowSeconds(deps);
      if (date > localDate(now, deps.timezone)) return { error: feishuError(CODES.pushDateRange) };
      const last = [periodEnd(date, cycle), latestPushDataDay(now, deps.timezone)].sort()[0] ?? date;
      const days = deps.tenant.push.days.filter((d) => d.date >= date && d.date <= last);
      if (days.length === 0) return { error: feishuError(CODES.pushNoData) };

      const subtree = department ? deps.lookup.departmentSubtree(department.openDepartmentId) : undefined;
      const inScope = (openId: string): boolean => {
        if (!subtree) return true;
        const dept = deps.lookup.usersByOpenId.get(openId)?.departmentOpenId;
        return dept !== undefined && subtree.has(dept);
      };
      let sent = 0;
      let read1h = 0;
      let read12h = 0;
      const reached = new Set<string>();
      for (const day of days) {
        for (const d of day.deliveries) {
          if (!inScope(d.openId)) continue;
          sent += d.messages;
          read1h += d.readIn1h;
          read12h += d.readIn12h;
          reached.add(d.openId);
        }
      }
      return {
        data: {
          items: [
            { metric_name: "send_msg_count", metric_value: sent },
            { metric_name: "send_user_count", metric_value: reached.size },
            { metric_name: "read_in_1h_count", metric_value: read1h },
            { metric_name: "read_in_12h_count", metric_value: read12h },
          ],
        },
      };
    },
  };
}
