/** `/meeting <meeting id>`, the query: one meeting with its participants and abilities, and the names of rooms taking part. */
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
  const hasRooms = detail.host?.userType === "rooms" || (detail.participants ?? []).some((p) => p.userType === "rooms");
  // Names are a nicety: without the room scope, or with the room list failing, the card shows ids.
  const names = hasRooms
    ? await loadRoomDirectory(gateway, config.rooms.roomLevelId).then(roomNames, () => undefined)
    : undefined;
  return { detail, now: at, ...(names ? { roomNames: names } : {}) };
}
