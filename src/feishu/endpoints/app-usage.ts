/** POST .../app_usage/message_push_overview: how far the bot's own messages reach. */
import type * as lark from "@larksuiteoapi/node-sdk";
import type { FeishuCall } from "../call.js";
import { pushOverviewTtl } from "../cache-policy.js";
import { normalizePushOverview } from "../normalize/push-overview.js";
import type { PushCycle, PushOverview } from "../types.js";

export interface PushOverviewQuery {
  /** "YYYY-MM-DD"; a Monday for a week, the 1st for a month; data exists up to two days ago. */
  date: string;
  cycle: PushCycle;
  departmentId?: string;
  departmentIdType?: "department_id" | "open_department_id";
}

const CYCLE_TYPES: Record<PushCycle, number> = { day: 1, week: 2, month: 3 };

export function getPushOverview(
  client: lark.Client,
  call: FeishuCall,
  appId: string,
  q: PushOverviewQuery,
): Promise<PushOverview> {
  return call({
    endpoint: "push_overview",
    send: (auth) =>
      client.application.v6.applicationAppUsage.messagePushOverview(
        {
          path: { app_id: appId },
          data: { date: q.date, cycle_type: CYCLE_TYPES[q.cycle], department_id: q.departmentId },
          params: q.departmentIdType ? { department_id_type: q.departmentIdType } : {},
        },
        auth,
      ),
    read: (body) => normalizePushOverview(body.data),
    cache: { params: { appId, ...q }, ttl: pushOverviewTtl(q.date, q.cycle) },
  });
}
