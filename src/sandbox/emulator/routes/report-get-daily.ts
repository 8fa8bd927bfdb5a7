/** GET /open-apis/vc/v1/reports/get_daily (seed 000): the organisation's daily meeting report. */
import { CODES, feishuError } from "../errors.js";
import type { GatewayRoute } from "../gateway/gateway.js";
import type { DailyReport } from "../tenant/types.js";
import { dayStart, localDate } from "../tenant/zoned-time.js";
import { lookbackStart, nowSeconds, type RouteDeps } from "./deps.js";
import { unixSeconds } from "./params.js";

/** Data residency units: 0 mainland China, 1 US, 2 Singapore, 3 Japan. */
const UNITS = [0, 1, 2, 3];
/** Share of the organisation's meetings held in each other unit (a multi-unit tenant). */
const UNIT_SHARE: Record<number, number> = { 1: 0.08, 2: 0.05, 3: 0.03 };

function inUnit(report: DailyReport, unit: number): DailyReport {
  const share = UNIT_SHARE[unit];
  if (share === undefined) return report;
  const scale = (n: number): number => Math.round(n * share);
  return {
    ...report,
    meetingCount: scale(report.meetingCount),
    meetingDuration: scale(report.meetingDuration),
    participantCount: scale(report.participantCount),
  };
}

export function reportGetDailyRoute(deps: RouteDeps): GatewayRoute<"report_get_daily"> {
  return {
    name: "report_get_daily",
    handler: (_req, { query }) => {
      const { start_time: startText, end_time: endText, unit } = query;
      if (!deps.vcAdminPermission) return { error: feishuError(CODES.vcNoPermission) };
      const start = unixSeconds(startText);
      const end = unixSeconds(endText);
      const now = nowSeconds(deps);
      const paramError = { error: feishuError(CODES.vcParam) };
      if (start === undefined || end === undefined || end < start || start > now) return paramError;
      if (start < lookbackStart(deps)) return paramError;
      if (!UNITS.includes(unit)) return paramError;
      if (unit !== 0 && !deps.multiUnit) return { error: feishuError(CODES.vcNotSupported) };
      const firstDay = dayStart(localDate(start, deps.timezone), deps.timezone);
      const days = deps.tenant.dailyReports
        .filter((r) => r.dayStart >= firstDay && r.dayStart <= end)
        .map((r) => inUnit(r, unit));
      const sum = (pick: (r: DailyReport) => number): string => String(days.reduce((a, r) => a + pick(r), 0));
      return {
        data: {
          meeting_report: {
            total_meeting_count: sum((r) => r.meetingCount),
            total_meeting_duration: sum((r) => r.meetingDuration),
            total_participant_count: sum((r) => r.participantCount),
            ...(days.length > 0
              ? {
                  daily_report: days.map((r) => ({
                    date: String(r.dayStart),
                    meeting_count: String(r.meetingCount),
                    meeting_duration: String(r.meetingDuration),
                    participant_count: String(r.participantCount),
                  })),
                }
              : {}),
          },
        },
      };
    },
  };
}
