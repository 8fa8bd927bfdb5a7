/**
 * POST /open-apis/vc/v1/rooms/mget (vc-v1/room/mget) through the real SDK: the rooms named by id,
 * wherever they sit in the level tree; unknown ids left out; room_ids required, a list of strings,
 * at most ROOM_MGET_MAX_IDS; user_id_type as the SDK declares it; vc:room:readonly or vc:room.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_LIMITS, REQUIRED_SCOPES } from "../../../src/sandbox/emulator/endpoint-policy.js";
import { DEFAULT_SCOPES, SCOPES, type Emulator } from "../../../src/sandbox/emulator/index.js";
import { ROOM_MGET_MAX_IDS } from "../../../src/sandbox/emulator/routes/rooms.js";
import { answerOf, raw, startTestEmulator, tenantToken, type Started } from "./helpers.js";

let s: Started;
const extra: Emulator[] = [];
beforeAll(async () => {
  s = await startTestEmulator({ rateLimits: false });
});
afterAll(() => Promise.all([s.emulator.close(), ...extra.map((e) => e.close())]));

const mget = (client: Started["client"], roomIds: string[]) => client.vc.v1.room.mget({ data: { room_ids: roomIds } });

describe("vc/v1/rooms/mget", () => {
  it("answers every room asked for, from any level, with its name, level and path", async () => {
    const rooms = s.emulator.tenant.rooms;
    const levels = new Set(rooms.map((r) => r.roomLevelId));
    expect(levels.size).toBeGreaterThan(1);
    const answer = await mget(s.client, rooms.map((r) => r.roomId));
    expect(answer.code).toBe(0);
    const items = answer.data?.items ?? [];
    expect(items.map((i) => [i.room_id, i.name, i.room_level_id])).toEqual(rooms.map((r) => [r.roomId, r.name, r.roomLevelId]));
    for (const item of items) expect(item.path?.at(-1)).toBe(item.room_level_id);
  });

  it("leaves out ids that name no room of the tenant", async () => {
    const room = s.emulator.tenant.rooms[0]!;
    const answer = await mget(s.client, ["omm_00000000000000000000000000000000", room.roomId]);
    expect(answer.code).toBe(0);
    expect(answer.data?.items?.map((i) => i.room_id)).toEqual([room.roomId]);
    const none = await mget(s.client, ["omm_00000000000000000000000000000000"]);
    expect(none).toMatchObject({ code: 0, data: { items: [] } });
  });

  it("refuses a missing or empty room_ids, or one that is not a list of strings, with 99992402", async () => {
    const token = await tenantToken(s.emulator);
    for (const body of [{}, { room_ids: [] }, { room_ids: "omm_x" }, { room_ids: [1, 2] }]) {
      const answer = await raw(s.emulator, "POST", "/open-apis/vc/v1/rooms/mget", { token, body });
      expect(answer.json.code, JSON.stringify(body)).toBe(99992402);
    }
  });

  it(`refuses more than ${ROOM_MGET_MAX_IDS} ids in one call, and takes exactly that many`, async () => {
    const room = s.emulator.tenant.rooms[0]!;
    const many = (n: number) => Array.from({ length: n }, (_, i) => (i === 0 ? room.roomId : `omm_${String(i).padStart(32, "0")}`));
    const over = await answerOf(mget(s.client, many(ROOM_MGET_MAX_IDS + 1)));
    expect(over.code).toBe(99992402);
    expect(over.data).toBeUndefined();
    const at = await mget(s.client, many(ROOM_MGET_MAX_IDS));
    expect(at.data?.items?.map((i) => i.room_id)).toEqual([room.roomId]);
  });

  it("refuses a user_id_type the SDK does not declare", async () => {
    const room = s.emulator.tenant.rooms[0]!;
    const answer = await answerOf(
      s.client.vc.v1.room.mget({ data: { room_ids: [room.roomId] }, params: { user_id_type: "email" as "open_id" } }),
    );
    expect(answer.code).toBe(99992402);
    const ok = await s.client.vc.v1.room.mget({ data: { room_ids: [room.roomId] }, params: { user_id_type: "user_id" } });
    expect(ok.code).toBe(0);
  });

  it("answers 99991672 without a room scope, and accepts either room scope", async () => {
    const room: string[] = [SCOPES.room, SCOPES.roomWrite];
    expect([...REQUIRED_SCOPES.room_mget].sort()).toEqual([...room].sort());
    const without = DEFAULT_SCOPES.filter((x) => !room.includes(x));
    const none = await startTestEmulator({ rateLimits: false, scopes: without });
    extra.push(none.emulator);
    const refused = await answerOf(mget(none.client, [none.emulator.tenant.rooms[0]!.roomId]));
    expect(refused.code).toBe(99991672);
    for (const scope of room) {
      const one = await startTestEmulator({ rateLimits: false, scopes: [...without, scope] });
      extra.push(one.emulator);
      expect((await mget(one.client, [one.emulator.tenant.rooms[0]!.roomId])).code).toBe(0);
    }
  });

  it("is limited at 50/s and 1000/min, as the mget page documents", () => {
    expect(DEFAULT_LIMITS.room_mget).toEqual([
      { max: 50, windowMs: 1000 },
      { max: 1000, windowMs: 60_000 },
    ]);
  });
});
