/** GET /open-apis/vc/v1/meetings/list_by_no (seed 003): meetings held under one meeting number. */
import { CODES, feishuError } from "../errors.js";
import type { GatewayRoute } from "../gateway/gateway.js";
import { lookbackStart, nowSeconds, type RouteDeps } from "./deps.js";
import { pageOf, pageOffset, unixSeconds } from "./params.js";

export function meetingListByNoRoute(deps: RouteDeps): GatewayRoute<"meeting_list_by_no"> {
  return {
    name: "meeting_list_by_no",
    handler: (_req, { query }) => {
      const { meeting_no: meetingNo, start_time: startText, end_time: endText, page_size: pageSize, page_token: pageToken } = query;
      if (!deps.vcAdminPermission) return { error: feishuError(CODES.vcNoPermission) };
      const start = unixSeconds(startText);
      const end = unixSeconds(endText);
      const offset = pageOffset(pageToken);
      const paramError = { error: feishuError(CODES.vcParam) };
      if (!/^\d{9}$/.test(meetingNo)) return paramError;
      if (start === undefined || end === undefined || offset === undefined) return paramError;
      // Only the last 90 days can be asked for.
      if (end < start || start < lookbackStart(deps)) return paramError;
      const now = nowSeconds(deps);
      const matching = (deps.lookup.meetingsByNo.get(meetingNo) ?? []).filter(
        (m) => m.startTime >= start && m.startTime <= end && m.startTime <= now,
      );
      if (offset > matching.length) return paramError;
      const { page, ...paging } = pageOf(matching, offset, pageSize);
      return {
        data: {
          ...paging,
          ...(page.length > 0
            ? {
                meeting_briefs: page.map((m) => ({
                  id: m.id,
                  topic: m.topic,
                  url: `https://vc.feishu.cn/j/${m.meetingNo}`,
                  meeting_no: m.meetingNo,
                  ...(m.password ? { password: m.password } : {}),
                })),
              }
            : {}),
        },
      };
    },
  };
}
