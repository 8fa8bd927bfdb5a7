/**
 * The room endpoints: reservations (GET /open-apis/vc/v1/resource_reservation_list), the rooms of a
 * level (GET /open-apis/vc/v1/rooms), a level's sub-levels (GET /open-apis/vc/v1/room_levels) and
 * rooms by id (POST /open-apis/vc/v1/rooms/mget).
 */
import type * as lark from "@larksuiteoapi/node-sdk";
import type { FeishuCall } from "../call.js";
import { rangeTtl, roomsTtl } from "../cache-policy.js";
import { normalizeReservations } from "../normalize/reservations.js";
import { normalizeRoomBatch, normalizeRoomLevels, normalizeRooms } from "../normalize/rooms.js";
import type { Page, Reservation, Room, RoomLevel } from "../types.js";
import { unixSeconds } from "./time.js";

export interface ReservationQuery {
  /** At most one day, not starting in the future. */
  start: Date;
  end: Date;
  /** An omb_ level, or any other id for the tenant's root level (seed 002). */
  roomLevelId: string;
  /** Required by Feishu's schema: with isExclude false, exactly these rooms. */
  roomIds: string[];
  isExclude?: boolean;
  needTopic?: boolean;
  pageSize?: number;
  pageToken?: string;
}

export function listReservations(
  client: lark.Client,
  call: FeishuCall,
  q: ReservationQuery,
): Promise<Page<Reservation>> {
  const params = {
    room_level_id: q.roomLevelId,
    room_ids: q.roomIds,
    is_exclude: q.isExclude,
    need_topic: q.needTopic,
    start_time: unixSeconds(q.start),
    end_time: unixSeconds(q.end),
    page_size: q.pageSize,
    page_token: q.pageToken,
  };
  return call({
    endpoint: "reservation_list",
    send: (auth) => client.vc.v1.resourceReservationList.get({ params }, auth),
    read: (body) => normalizeReservations(body.data),
    cache: { params, ttl: rangeTtl(q.end) },
  });
}

export interface RoomTreeQuery {
  /** Empty or absent: the tenant's root level. */
  roomLevelId?: string;
  pageSize?: number;
  pageToken?: string;
}

/** The rooms directly in one level. */
export function listRooms(client: lark.Client, call: FeishuCall, q: RoomTreeQuery): Promise<Page<Room>> {
  const params = { room_level_id: q.roomLevelId, page_size: q.pageSize, page_token: q.pageToken };
  return call({
    endpoint: "room_list",
    send: (auth) => client.vc.v1.room.list({ params }, auth),
    read: (body) => normalizeRooms(body.data),
    cache: { params, ttl: roomsTtl },
  });
}

/** One level's sub-levels. */
export function listRoomLevels(client: lark.Client, call: FeishuCall, q: RoomTreeQuery): Promise<Page<RoomLevel>> {
  const params = { room_level_id: q.roomLevelId, page_size: q.pageSize, page_token: q.pageToken };
  return call({
    endpoint: "room_level_list",
    send: (auth) => client.vc.v1.roomLevel.list({ params }, auth),
    read: (body) => normalizeRoomLevels(body.data),
    cache: { params, ttl: roomsTtl },
  });
}

/**
 * At most this many ids go in one mget. Feishu's page names no maximum; 100 is room_list's page
 * size, and the emulator holds callers to it.
 */
export const ROOM_BATCH_MAX = 100;

/** The rooms named by `roomIds` (at most ROOM_BATCH_MAX), wherever they sit in the level tree. */
export function getRooms(client: lark.Client, call: FeishuCall, roomIds: readonly string[]): Promise<Room[]> {
  const data = { room_ids: [...roomIds] };
  return call({
    endpoint: "room_mget",
    send: (auth) => client.vc.v1.room.mget({ data }, auth),
    read: (body) => normalizeRoomBatch(body.data),
    cache: { params: data, ttl: roomsTtl },
  });
}
