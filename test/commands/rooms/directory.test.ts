/** The room directory against the emulator: the level tree walked with the room and level lists. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_LEVELS, TENANT_LEVEL_FALLBACK, loadRoomDirectory, roomNames } from "../../../src/commands/rooms/directory.js";
import { startRig, type GatewayRig } from "../../feishu/helpers/emulator.js";

let rig: GatewayRig;
beforeAll(async () => {
  rig = await startRig();
});
afterAll(() => rig.close());

const ids = (rooms: Array<{ roomId: string }>) => rooms.map((r) => r.roomId).sort();

describe("loadRoomDirectory", () => {
  it("finds the tenant's root level and every room under it, with nothing configured", async () => {
    const tenant = rig.emulator.tenant;
    const root = tenant.roomLevels.find((l) => l.parentId === "0")!;
    const directory = await loadRoomDirectory(rig.gateway, undefined);
    expect(directory.levelId).toBe(root.roomLevelId);
    expect(ids(directory.rooms)).toEqual(ids(tenant.rooms));
    expect(directory.truncated).toBe(false);
    expect(roomNames(directory).get(tenant.rooms[0]!.roomId)).toBe(tenant.rooms[0]!.name);
    const calls = rig.emulator.calls().map((c) => c.endpoint);
    expect(calls).toContain("room_level_list");
    expect(calls).toContain("room_list");
    expect(rig.emulator.calls().every((c) => c.code === 0)).toBe(true);
  });

  it("covers only a configured level's rooms, its sub-levels included", async () => {
    const tenant = rig.emulator.tenant;
    const building = tenant.roomLevels.find((l) => l.path.length === 1)!;
    const inBuilding = tenant.rooms.filter((r) => tenant.roomLevels.find((l) => l.roomLevelId === r.roomLevelId)!.path.includes(building.roomLevelId));
    expect(inBuilding.length).toBeGreaterThan(0);
    const directory = await loadRoomDirectory(rig.gateway, building.roomLevelId);
    expect(directory.levelId).toBe(building.roomLevelId);
    expect(ids(directory.rooms)).toEqual(ids(inBuilding));
  });

  it("takes a configured id without omb_ as the whole tenant, as seed 002 documents", async () => {
    const directory = await loadRoomDirectory(rig.gateway, "tenant");
    expect(directory.levelId).toBe("tenant");
    expect(ids(directory.rooms)).toEqual(ids(rig.emulator.tenant.rooms));
  });

  it("asks Feishu once an hour: a second walk is answered from the cache", async () => {
    await loadRoomDirectory(rig.gateway, undefined);
    const before = rig.emulator.calls().length;
    await loadRoomDirectory(rig.gateway, undefined);
    expect(rig.emulator.calls().length).toBe(before);
  });

  it("stops at MAX_LEVELS levels, asking about a few at a time, and says the rooms are cut short", async () => {
    let inFlight = 0;
    let most = 0;
    const page = <T>(items: T[]) => ({ items, pageToken: undefined, hasMore: false });
    // An endless tree: every level has 3 children and one room.
    const gateway = {
      ...rig.gateway,
      listRoomLevels: async (q: { roomLevelId?: string }) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 1));
        inFlight -= 1;
        const parent = q.roomLevelId ?? "omb_root";
        return page([0, 1, 2].map((i) => ({ roomLevelId: `${parent}_${i}`, name: "L", parentId: parent, hasChild: true })));
      },
      listRooms: (q: { roomLevelId?: string }) => Promise.resolve(page([{ roomId: `omm_${q.roomLevelId ?? "root"}`, name: "R", roomLevelId: q.roomLevelId ?? "" }])),
    };
    const directory = await loadRoomDirectory(gateway, undefined);
    expect(directory.truncated).toBe(true);
    expect(directory.rooms).toHaveLength(MAX_LEVELS);
    expect(most).toBeLessThanOrEqual(4);
  });

  it("falls back to the documented tenant-level id when the level list names no omb_ parent", async () => {
    const gateway = {
      ...rig.gateway,
      listRoomLevels: () => Promise.resolve({ items: [], pageToken: undefined, hasMore: false }),
    };
    const directory = await loadRoomDirectory(gateway, undefined);
    expect(directory.levelId).toBe(TENANT_LEVEL_FALLBACK);
  });
});
