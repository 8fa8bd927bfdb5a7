/** `/meeting <meeting id>`, the query: one meeting with its participants and abilities, and the names of rooms taking part. */
import { ROOM_BATCH_MAX, type FeishuGateway } from "../../feishu/gateway.js";
import type { MeetingDetail } from "../../feishu/types.js";
import type { CommandContext } from "../types.js";

/** What the detail card is made from. */
export interface DetailData {
  detail: MeetingDetail;
  /** Room id → name, when a room takes part and the rooms could be looked up. */
  roomNames?: ReadonlyMap<string, string>;
  /** When the meeting was fetched: a running meeting's duration is counted up to it. */
  now: number;
}

export async function queryDetail(meetingId: string, ctx: CommandContext): Promise<DetailData> {
  const { gateway, now } = ctx.deps;
  const detail = await gateway.getMeeting(meetingId, { withParticipants: true, withAbility: true });
  const at = now();
  const names = await namesOfRooms(gateway, roomIdsOf(detail));
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
 * Room id → name for the rooms taking part, wherever they sit in the tenant (a visitor's room,
 * another building): one batch lookup by id (rooms/mget) per ROOM_BATCH_MAX rooms, the batches
 * side by side, rather than walking the level tree. Names are a nicety: without the room scope,
 * or with the lookup failing, the card shows ids.
 */
export async function namesOfRooms(
  gateway: FeishuGateway,
  ids: ReadonlySet<string>,
): Promise<ReadonlyMap<string, string> | undefined> {
  if (ids.size === 0) return undefined;
  const all = [...ids];
  const batches: string[][] = [];
  for (let i = 0; i < all.length; i += ROOM_BATCH_MAX) batches.push(all.slice(i, i + ROOM_BATCH_MAX));
  try {
    const found = (await Promise.all(batches.map((batch) => gateway.getRooms(batch)))).flat();
    return new Map(found.filter((r) => r.name !== "").map((r) => [r.roomId, r.name]));
  } catch {
    return undefined;
  }
}
