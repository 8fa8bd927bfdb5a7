/** `/meeting <meeting id>`, the query: one meeting with its participants and abilities, and the names of rooms taking part. */
import type { FeishuGateway } from "../../feishu/gateway.js";
import type { MeetingDetail } from "../../feishu/types.js";
import { loadRoomDirectory, roomNames } from "../rooms/directory.js";
import type { CommandContext } from "../types.js";

/** What the detail card is made from. */
export interface DetailData {
  detail: MeetingDetail;
  /** Room id → name, when a room takes part and the room list could be read. */
  roomNames?: ReadonlyMap<string, string>;
  /** When the meeting was fetched: a running meeting's duration is counted up to it. */
  now: number;
}

export async function queryDetail(meetingId: string, ctx: CommandContext): Promise<DetailData> {
  const { gateway, config, now } = ctx.deps;
  const detail = await gateway.getMeeting(meetingId, { withParticipants: true, withAbility: true });
  const at = now();
  const names = await namesOfRooms(gateway, roomIdsOf(detail), config.rooms.roomLevelId);
  return { detail, now: at, ...(names ? { roomNames: names } : {}) };
}

/** Every room taking part, host included: each row and the host line show its name. */
export function roomIdsOf(detail: MeetingDetail): Set<string> {
  const ids = new Set<string>();
  if (detail.host?.userType === "rooms" && detail.host.id !== "") ids.add(detail.host.id);
  for (const p of detail.participants ?? []) if (p.userType === "rooms" && p.id !== "") ids.add(p.id);
  return ids;
}

/**
 * Room id → name for the rooms taking part. The configured level (rooms.room_level_id) is walked
 * first, as /rooms does; a room from elsewhere in the tenant (a visitor's room, another building)
 * is then looked up under the tenant's root, so it too shows its name rather than its omm_ id.
 * Names are a nicety: without the room scope, or with the room lists failing, the card shows ids.
 */
export async function namesOfRooms(
  gateway: FeishuGateway,
  ids: ReadonlySet<string>,
  configuredLevelId: string | undefined,
): Promise<ReadonlyMap<string, string> | undefined> {
  if (ids.size === 0) return undefined;
  const load = (levelId: string | undefined) => loadRoomDirectory(gateway, levelId).then(roomNames, () => undefined);
  const configured = configuredLevelId?.trim() || undefined;
  const first = await load(configured);
  const missing = [...ids].some((id) => !first?.has(id));
  if (!missing || configured === undefined) return first;
  const root = await load(undefined);
  if (!root) return first;
  return new Map([...root, ...(first ?? new Map<string, string>())]);
}
