/**
 * GET /open-apis/vc/v1/resource_reservation_list (seed 002): room reservations of at most one
 * day, not starting in the future, with check-in and release states as they stand "now".
 */
import { CODES, feishuError } from "../errors.js";
import type { GatewayRoute } from "../gateway/gateway.js";
import type { Reservation, Room } from "../tenant/types.js";
import { displayDuration, displayTime } from "../tenant/zoned-time.js";
import { nowSeconds, type RouteDeps } from "./deps.js";
import { pageOf, pageOffset, unixSeconds } from "./params.js";

/** Check-in is possible up to 15 minutes after the start; then the room counts as not checked in. */
const CHECK_IN_GRACE_SECONDS = 15 * 60;

export function reservationListRoute(deps: RouteDeps): GatewayRoute<"reservation_list"> {
  return {
    name: "reservation_list",
    handler: (_req, { query }) => {
      const {
        room_level_id: levelId,
        need_topic: needTopic,
        start_time: startText,
        end_time: endText,
        room_ids: roomIds,
        is_exclude: isExclude,
        page_size: pageSize,
        page_token: pageToken,
      } = query;
      if (!deps.vcAdminPermission) return { error: feishuError(CODES.vcNoPermission) };
      const start = unixSeconds(startText);
      const end = unixSeconds(endText);
      const offset = pageOffset(pageToken);
      const now = nowSeconds(deps);
      if (startText.startsWith("-")) return { error: feishuError(CODES.vcStartTime) };
      if (start === undefined || end === undefined || offset === undefined) return { error: feishuError(CODES.vcParam) };
      if (start > now) return { error: feishuError(CODES.vcStartTime) };
      if (end < start || end - start > 86400) return { error: feishuError(CODES.vcEndTime) };

      const rooms = selectRooms(deps, levelId, roomIds, isExclude);
      const matching = deps.tenant.reservations.filter(
        (r) => r.startTime >= start && r.startTime <= end && rooms.has(r.roomId),
      );
      if (offset > matching.length) return { error: feishuError(CODES.vcParam) };
      const { page, ...paging } = pageOf(matching, offset, pageSize);
      return {
        data: {
          ...(page.length > 0
            ? { room_reservation_list: page.map((r) => reservationToWire(deps, r, needTopic, now)) }
            : {}),
          ...paging,
        },
      };
    },
  };
}

/**
 * The rooms asked for, as seed 002 describes is_exclude: false (the default) means exactly the
 * listed rooms; true means the level's rooms less the listed ones. A level id without the omb_
 * prefix means the tenant's root level, as the page says.
 */
function selectRooms(deps: RouteDeps, levelId: string, roomIds: string[], isExclude: boolean): Set<string> {
  if (!isExclude) return new Set(roomIds.filter((id) => deps.lookup.roomsById.has(id)));
  const level = levelId.startsWith("omb_") ? levelId : deps.lookup.rootLevelId;
  const levelRooms: Room[] = deps.lookup.levelsById.has(level) ? deps.lookup.roomsUnder(level) : [];
  const excluded = new Set(roomIds);
  return new Set(levelRooms.filter((r) => !excluded.has(r.roomId)).map((r) => r.roomId));
}

function reservationToWire(deps: RouteDeps, r: Reservation, needTopic: boolean, now: number): Record<string, string> {
  const tz = deps.timezone;
  const user = r.reserver.kind === "user" ? deps.lookup.usersByOpenId.get(r.reserver.openId) : undefined;
  const department = user?.departmentOpenId ? deps.lookup.departmentsByOpenId.get(user.departmentOpenId) : undefined;
  const checkedIn = r.checkIn && r.checkIn.time <= now ? r.checkIn : undefined;
  const released = r.release && r.release.time <= now ? r.release : undefined;
  const checkInStatus = checkedIn ? "已签到" : now >= r.startTime + CHECK_IN_GRACE_SECONDS ? "未签到" : "待签到";
  let releaseState = "未释放";
  let releasingPerson = "";
  if (released?.kind === "manual") {
    releaseState = "已释放(手动释放)";
    releasingPerson = deps.lookup.usersByOpenId.get(released.byOpenId)?.name ?? "";
  } else if (released?.kind === "auto") {
    releaseState = "已释放(自动释放)";
  }
  return {
    room_id: r.roomId,
    room_name: deps.lookup.roomsById.get(r.roomId)?.name ?? "",
    ...(needTopic ? { event_title: r.eventTitle } : {}),
    reserver: r.reserver.kind === "user" ? (user?.name ?? "") : r.reserver.name,
    reserver_user_id: r.reserver.kind === "user" ? r.reserver.openId : r.reserver.appId,
    department_of_reserver: department?.name ?? "",
    guests_number: String(r.guests),
    accepted_number: String(r.accepted),
    event_start_time: displayTime(r.startTime, tz),
    event_end_time: displayTime(r.endTime, tz),
    event_duration: displayDuration(r.endTime - r.startTime),
    reservation_status: r.status,
    check_in_device: checkedIn?.device ?? "",
    room_check_in_status: checkInStatus,
    check_in_time: checkedIn ? displayTime(checkedIn.time, tz) : "",
    is_release_early: releaseState,
    releasing_person: releasingPerson,
    releasing_time: released ? displayTime(released.time, tz) : "",
  };
}
