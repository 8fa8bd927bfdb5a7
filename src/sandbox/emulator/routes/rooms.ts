/**
 * GET /open-apis/vc/v1/rooms (vc-rooms-list.md) and GET /open-apis/vc/v1/room_levels
 * (vc-room-levels-list.md): the rooms directly in one level, and one level's sub-levels. An empty
 * level id means the tenant's root level.
 */
import { CODES, feishuError } from "../errors.js";
import type { GatewayRoute } from "../gateway/gateway.js";
import type { RoomLevel } from "../tenant/types.js";
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
      return {
        data: {
          rooms: page.map((r) => ({
            room_id: r.roomId,
            name: r.name,
            capacity: r.capacity,
            description: "",
            display_id: `FM${r.roomId.slice(4, 12).toUpperCase()}`,
            custom_room_id: "",
            room_level_id: r.roomLevelId,
            path: [...level.path, level.roomLevelId],
            room_status: { status: true, schedule_status: true },
            device: [],
          })),
          ...paging,
        },
      };
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
