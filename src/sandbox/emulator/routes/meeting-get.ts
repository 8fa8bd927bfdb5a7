/** GET /open-apis/vc/v1/meetings/:meeting_id (seed 001): one meeting of the last 90 days. */
import { SCOPES } from "../defaults.js";
import { CODES, feishuError, scopeError } from "../errors.js";
import type { GatewayRoute } from "../gateway/gateway.js";
import { lookbackStart, nowSeconds, type RouteDeps } from "./deps.js";
import { meetingAt, meetingToWire, USER_ID_TYPES } from "./meeting-view.js";
import { Params } from "./params.js";

export function meetingGetRoute(deps: RouteDeps): GatewayRoute {
  return {
    name: "meeting_get",
    method: "GET",
    path: "/open-apis/vc/v1/meetings/:meeting_id",
    handler: (req) => {
      const q = Params.of(req.query);
      const withParticipants = q.bool("with_participants", false);
      const withAbility = q.bool("with_meeting_ability", false);
      const userIdType = q.oneOf("user_id_type", USER_ID_TYPES, "open_id");
      const invalid = q.error();
      if (invalid) return { error: invalid };
      if (userIdType === "user_id" && !deps.scopes.has(SCOPES.userId)) return { error: scopeError([SCOPES.userId]) };
      if (!deps.vcAdminPermission) return { error: feishuError(CODES.vcNoPermission) };
      const id = String(req.params.meeting_id ?? "");
      if (!/^\d{1,20}$/.test(id)) return { error: feishuError(CODES.vcParam) };
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
