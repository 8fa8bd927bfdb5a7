/**
 * GET /open-apis/vc/v1/rooms → Page<Room>; GET /open-apis/vc/v1/room_levels → Page<RoomLevel>;
 * POST /open-apis/vc/v1/rooms/mget → Room[].
 */
import type { Page, Room, RoomLevel } from "../types.js";
import { pageOf } from "./page.js";
import { flag, list, record, requiredText, text } from "./read.js";

function roomOf(endpoint: "room_list" | "room_mget", value: unknown, what: string): Room {
  const r = record(endpoint, value, what);
  return {
    roomId: requiredText(endpoint, r.room_id, `${what}.room_id`),
    name: text(r.name),
    roomLevelId: text(r.room_level_id),
  };
}

export function normalizeRooms(data: unknown): Page<Room> {
  const body = record("room_list", data, "data");
  const items = list("room_list", body.rooms, "data.rooms").map((value, i) => roomOf("room_list", value, `data.rooms[${i}]`));
  return pageOf(items, body.page_token, flag(body.has_more));
}

/**
 * The rooms found; an id that names no room is simply not among them. Feishu omits empty fields,
 * so an answer that found none may come without data at all.
 */
export function normalizeRoomBatch(data: unknown): Room[] {
  const body = record("room_mget", data ?? {}, "data");
  return list("room_mget", body.items, "data.items").map((value, i) => roomOf("room_mget", value, `data.items[${i}]`));
}

export function normalizeRoomLevels(data: unknown): Page<RoomLevel> {
  const body = record("room_level_list", data, "data");
  const items = list("room_level_list", body.items, "data.items").map((value, i): RoomLevel => {
    const l = record("room_level_list", value, `data.items[${i}]`);
    return {
      roomLevelId: requiredText("room_level_list", l.room_level_id, `data.items[${i}].room_level_id`),
      name: text(l.name),
      parentId: text(l.parent_id),
      hasChild: flag(l.has_child),
    };
  });
  return pageOf(items, body.page_token, flag(body.has_more));
}
