/** GET /open-apis/vc/v1/rooms → Page<Room>; GET /open-apis/vc/v1/room_levels → Page<RoomLevel>. */
import type { Page, Room, RoomLevel } from "../types.js";
import { pageOf } from "./page.js";
import { flag, list, record, requiredText, text } from "./read.js";

export function normalizeRooms(data: unknown): Page<Room> {
  const body = record("room_list", data, "data");
  const items = list("room_list", body.rooms, "data.rooms").map((value, i): Room => {
    const r = record("room_list", value, `data.rooms[${i}]`);
    return {
      roomId: requiredText("room_list", r.room_id, `data.rooms[${i}].room_id`),
      name: text(r.name),
      roomLevelId: text(r.room_level_id),
    };
  });
  return pageOf(items, body.page_token, flag(body.has_more));
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
