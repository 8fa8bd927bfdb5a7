/**
 * The tenant's meeting rooms, found the way Feishu's schemas allow: the reservation list needs a
 * level id and the rooms listed explicitly, so the level tree is walked from the configured level
 * (or the tenant's root) with the room and room-level lists. Each call is cached by the gateway for
 * an hour, so a walk costs Feishu one set of calls an hour. Also gives room names to the meeting card.
 */
import pLimit from "p-limit";
import type { FeishuGateway } from "../../feishu/gateway.js";
import type { Page, Room } from "../../feishu/types.js";

/** What seed 002 documents: an id without the omb_ prefix means the tenant's own (root) level. */
export const TENANT_LEVEL_FALLBACK = "0";
/** The lists' largest page. */
const PAGE_SIZE = 100;
/** Bounds on a walk, so a looping tree or page token cannot run forever. */
export const MAX_LEVELS = 500;
const MAX_PAGES_PER_LIST = 50;
/** Levels asked about at once: a wide tree must not fire hundreds of calls together. */
const LEVELS_AT_ONCE = 4;

export interface RoomDirectory {
  /** The level the reservation list is asked for: an omb_ id, or the tenant-level fallback. */
  levelId: string;
  /** Every room at or under that level (or, when truncated, those found before the bound). */
  rooms: Room[];
  /** True when the tree had more levels than the walk visits. */
  truncated: boolean;
}

/** Every item of a paged list, following page tokens until there are no more (bounded). */
async function allPages<T>(fetch: (pageToken: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  for (let pages = 0; pages < MAX_PAGES_PER_LIST; pages++) {
    const page = await fetch(token);
    items.push(...page.items);
    if (!page.hasMore || !page.pageToken || seen.has(page.pageToken)) break;
    seen.add(page.pageToken);
    token = page.pageToken;
  }
  return items;
}

/**
 * The tenant's root level: the parent of its top levels (the level list with an empty id). A
 * tenant with no levels, or one whose top levels name no omb_ parent, gets the documented fallback.
 */
async function rootLevelId(gateway: FeishuGateway): Promise<string> {
  const top = await gateway.listRoomLevels({ pageSize: PAGE_SIZE });
  const parent = top.items.find((level) => level.parentId.startsWith("omb_"))?.parentId;
  return parent ?? TENANT_LEVEL_FALLBACK;
}

/**
 * The rooms at or under `configuredLevelId` (rooms.room_level_id), or under the tenant's root when
 * none is configured. Rejects with the gateway's FeishuError when a list fails.
 */
export async function loadRoomDirectory(gateway: FeishuGateway, configuredLevelId: string | undefined): Promise<RoomDirectory> {
  const configured = configuredLevelId?.trim() || undefined;
  const levelId = configured ?? (await rootLevelId(gateway));
  // The lists name the root by an empty id; any non-omb_ id means the root, as in the reservation list.
  const start = levelId.startsWith("omb_") ? levelId : undefined;
  const rooms: Room[] = [];
  const seenRooms = new Set<string>();
  const visited = new Set<string>();
  const limit = pLimit(LEVELS_AT_ONCE);
  let truncated = false;
  // A level's sub-levels are asked for only when its parent's list says it has some.
  let frontier: Array<{ id: string | undefined; hasChild: boolean }> = [{ id: start, hasChild: true }];
  while (frontier.length > 0) {
    const unvisited = frontier.filter((level) => !visited.has(level.id ?? ""));
    const levels = unvisited.slice(0, Math.max(0, MAX_LEVELS - visited.size));
    if (levels.length < unvisited.length) truncated = true;
    if (levels.length === 0) break;
    for (const level of levels) visited.add(level.id ?? "");
    const found = await Promise.all(
      levels.map(({ id, hasChild }) => limit(async () => {
        const scope = id ? { roomLevelId: id } : {};
        const [levelRooms, children] = await Promise.all([
          allPages((pageToken) => gateway.listRooms({ ...scope, pageSize: PAGE_SIZE, ...(pageToken ? { pageToken } : {}) })),
          hasChild
            ? allPages((pageToken) => gateway.listRoomLevels({ ...scope, pageSize: PAGE_SIZE, ...(pageToken ? { pageToken } : {}) }))
            : Promise.resolve([]),
        ]);
        return { levelRooms, children };
      })),
    );
    frontier = [];
    for (const { levelRooms, children } of found) {
      for (const room of levelRooms) {
        if (seenRooms.has(room.roomId)) continue;
        seenRooms.add(room.roomId);
        rooms.push(room);
      }
      frontier.push(...children.map((child) => ({ id: child.roomLevelId, hasChild: child.hasChild })));
    }
  }
  return { levelId, rooms, truncated };
}

/** Room id → name, for cards that would otherwise show an omm_ id. */
export function roomNames(directory: RoomDirectory): ReadonlyMap<string, string> {
  return new Map(directory.rooms.filter((room) => room.name !== "").map((room) => [room.roomId, room.name]));
}
