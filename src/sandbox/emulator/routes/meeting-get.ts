/** GET /open-apis/vc/v1/meetings/:meeting_id (seed 001): one meeting of the last 90 days. */
import { SCOPES } from "../defaults.js";
import { CODES, feishuError, scopeError } from "../errors.js";
import type { GatewayRoute } from "../gateway/gateway.js";
import { lookbackStart, nowSeconds, type RouteDeps } from "./deps.js";
import { meetingAt, meetingToWire } from "./meeting-view.js";

export function meetingGetRoute(deps: RouteDeps): GatewayRoute<"meeting_get"> {
  return {
    name: "meeting_get",
    handler: (_req, { path, query }) => {
      const { with_participants: withParticipants, with_meeting_ability: withAbility, user_id_type: userIdType } = query;
      if (userIdType === "user_id" && !deps.scopes.has(SCOPES.userId)) return { error: scopeError([SCOPES.userId]) };
      if (!deps.vcAdminPermission) return { error: feishuError(CODES.vcNoPermission) };
      const id = path.meeting_id;
      if (!/^\d{1,20}$/.test(id)) return { error: feishuError(CODES.vcParam) };
      // Seed 001: only meetings that belong to you; another organisation's is 121005 (HTTP 403).
      if (deps.lookup.foreignMeetingIds.has(id)) return { error: feishuError(CODES.vcNoPermission) };
      const now = nowSeconds(deps);
      const meeting = deps.lookup.meetingsById.get(id);
      if (!meeting || meeting.startTime > now || meeting.startTime < lookbackStart(deps)) {
        return { error: feishuError(CODES.vcNotFound) };
      }
      const at = meetingAt(meeting, now);
      const wire = meetingToWire(meeting, at, { userIdType, withParticipants, withAbility, lookup: deps.lookup });
      return { data: { meeting: wire } };
    },
  };
}
