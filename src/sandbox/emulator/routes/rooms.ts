/**
 * GET /open-apis/vc/v1/rooms (vc-rooms-list.md) and GET /open-apis/vc/v1/room_levels
 * (vc-room-levels-list.md): the rooms directly in one level, and one level's sub-levels. An empty
 * level id means the tenant's root level. POST /open-apis/vc/v1/rooms/mget (vc-v1/room/mget): the
 * rooms named by id, wherever they sit in the tree.
 */
import { CODES, feishuError, fieldValidationError } from "../errors.js";
import type { GatewayRoute } from "../gateway/gateway.js";
import type { Room, RoomLevel } from "../tenant/types.js";
import type { RouteDeps } from "./deps.js";
import { pageOf, pageOffset } from "./params.js";

/** The level asked for, or why not: an id that names no level is "data not exist". */
function levelOf(deps: RouteDeps, id: string | undefined): RoomLevel | undefined {
  return deps.lookup.levelsById.get(id === undefined || id === "" ? deps.lookup.rootLevelId : id);
}

export function roomListRoute(deps: RouteDeps): GatewayRoute<"room_list"> {
  return {
    name: "room_list",
    handler: (_req, { query }) => {
      const level = levelOf(deps, query.room_level_id);
      const offset = pageOffset(query.page_token);
      if (offset === undefined) return { error: feishuError(CODES.vcParam) };
      if (!level) return { error: feishuError(CODES.vcNotFound) };
      const rooms = deps.tenant.rooms.filter((r) => r.roomLevelId === level.roomLevelId);
      const { page, ...paging } = pageOf(rooms, offset, query.page_size);
      return { data: { rooms: page.map((r) => roomOnWire(deps, r)), ...paging } };
    },
  };
}

/** A room as vc.v1.room's list, get and mget answer it. */
function roomOnWire(deps: RouteDeps, r: Room): Record<string, unknown> {
  const level = deps.lookup.levelsById.get(r.roomLevelId);
  return {
    room_id: r.roomId,
    name: r.name,
    capacity: r.capacity,
    description: "",
    display_id: `FM${r.roomId.slice(4, 12).toUpperCase()}`,
    custom_room_id: "",
    room_level_id: r.roomLevelId,
    path: level ? [...level.path, level.roomLevelId] : [],
    room_status: { status: true, schedule_status: true },
    device: [],
  };
}

/**
 * Feishu documents no maximum for mget's room_ids; this emulator refuses more than room_list's
 * page (100), so a caller that asks for more in one call finds out here rather than in production.
 */
export const ROOM_MGET_MAX_IDS = 100;

export function roomMgetRoute(deps: RouteDeps): GatewayRoute<"room_mget"> {
  return {
    name: "room_mget",
    handler: (_req, { body }) => {
      if (body.room_ids.length > ROOM_MGET_MAX_IDS) {
        return {
          error: fieldValidationError([
            { field: "room_ids", value: String(body.room_ids.length), description: `the max len is ${ROOM_MGET_MAX_IDS}` },
          ]),
        };
      }
      // An id that names no room of the tenant is simply left out of items, as with room_list's filters.
      const rooms = [...new Set(body.room_ids)].flatMap((id) => {
        const room = deps.lookup.roomsById.get(id);
        return room ? [room] : [];
      });
      return { data: { items: rooms.map((r) => roomOnWire(deps, r)) } };
    },
  };
}

export function roomLevelListRoute(deps: RouteDeps): GatewayRoute<"room_level_list"> {
  return {
    name: "room_level_list",
    handler: (_req, { query }) => {
      const level = levelOf(deps, query.room_level_id);
      const offset = pageOffset(query.page_token);
      if (offset === undefined) return { error: feishuError(CODES.vcParam) };
      if (!level) return { error: feishuError(CODES.vcNotFound) };
      const children = deps.tenant.roomLevels.filter((l) => l.parentId === level.roomLevelId);
      const { page, ...paging } = pageOf(children, offset, query.page_size);
      return {
        data: {
          items: page.map((l) => ({
            room_level_id: l.roomLevelId,
            name: l.name,
            parent_id: l.parentId,
            path: l.path,
            has_child: deps.tenant.roomLevels.some((c) => c.parentId === l.roomLevelId),
            custom_group_id: "",
          })),
          ...paging,
        },
      };
    },
  };
}
