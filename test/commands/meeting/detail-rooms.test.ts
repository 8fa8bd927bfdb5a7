/**
 * /meeting <id> against the emulator: the rooms taking part are named with one rooms/mget call,
 * not by walking the room-level tree (room_level_list + room_list, level by level).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryDetail, roomIdsOf } from "../../../src/commands/meeting/detail.js";
import { USER_TYPE } from "../../../src/sandbox/emulator/tenant/types.js";
import { NOW, startRig, type GatewayRig } from "../../feishu/helpers/emulator.js";
import { testContext, testDeps } from "../../helpers/context.js";

let rig: GatewayRig;
beforeAll(async () => {
  rig = await startRig();
});
afterAll(() => rig.close());

describe("queryDetail's room names", () => {
  it("come from exactly one room_mget call, with no room_list or room_level_list call", async () => {
    const tenant = rig.emulator.tenant;
    const now = Math.floor(NOW / 1000);
    const withRoom = tenant.meetings.find(
      (m) => m.startTime > now - 30 * 86_400 && m.participants.some((p) => p.userType === USER_TYPE.rooms && tenant.rooms.some((r) => r.roomId === p.id)),
    );
    expect(withRoom, "a seeded meeting with a room taking part").toBeDefined();
    rig.emulator.reset();
    const data = await queryDetail(withRoom!.id, testContext({ deps: testDeps({ gateway: rig.gateway, now: () => NOW }) }));
    const ids = roomIdsOf(data.detail);
    expect(ids.size).toBeGreaterThan(0);
    for (const id of ids) {
      const room = tenant.rooms.find((r) => r.roomId === id);
      if (room) expect(data.roomNames?.get(id)).toBe(room.name);
    }
    const endpoints = rig.emulator.calls().map((c) => c.endpoint).filter((e) => e.startsWith("room"));
    expect(endpoints).toEqual(["room_mget"]);
  });
});
