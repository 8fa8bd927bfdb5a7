/** GET /open-apis/vc/v1/reports/get_daily: the organisation's daily meeting usage. */
import type * as lark from "@larksuiteoapi/node-sdk";
import type { FeishuCall } from "../call.js";
import { rangeTtl } from "../cache-policy.js";
import { normalizeDailyReport } from "../normalize/daily-report.js";
import type { DailyReport } from "../types.js";
import { unixSeconds } from "./time.js";

export interface DailyReportQuery {
  start: Date;
  end: Date;
  /** Data residency: 0 mainland China, 1 US, 2 Singapore, 3 Japan. Sent only when set (seed 000). */
  unit?: number | undefined;
}

export function getDailyReport(client: lark.Client, call: FeishuCall, q: DailyReportQuery): Promise<DailyReport> {
  // `unit` only on tenants with several data residencies; absent, Feishu answers for the tenant's own.
  const params = { start_time: unixSeconds(q.start), end_time: unixSeconds(q.end), ...(q.unit !== undefined ? { unit: q.unit } : {}) };
  return call({
    endpoint: "report_get_daily",
    send: (auth) => client.vc.v1.report.getDaily({ params }, auth),
    read: (body) => normalizeDailyReport(body.data),
    cache: { params, ttl: rangeTtl(q.end) },
  });
}
