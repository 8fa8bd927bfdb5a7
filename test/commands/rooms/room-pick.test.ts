/**
 * The /rooms room select: an option names one room of the directory and the pick becomes the name
 * filter, which for a room's whole name means that room alone: picking "Room 1" must not also show
 * "Room 10" and "Room 11" while the select says "Room 1" is what is shown.
 */
import { describe, expect, it } from "vitest";
import { argsFromPick } from "../../../src/commands/define.js";
import { roomsCommand } from "../../../src/commands/rooms/index.js";
import type { RoomsView } from "../../../src/commands/rooms/view.js";
import type { FeishuGateway } from "../../../src/feishu/gateway.js";
import type { Reservation } from "../../../src/feishu/types.js";
import { runArgs } from "../../helpers/command.js";
import { testContext, testDeps } from "../../helpers/context.js";
import { reservation } from "./fixtures.js";

/** 2026-03-04 15:30 in Shanghai. */
const NOW = Date.parse("2026-03-04T07:30:00Z");
const CLOCK = { now: NOW, timeZone: "Asia/Shanghai" };
const ROOT = "omb_root";
const ROOMS = [
  { roomId: "omm_1", name: "Room 1", roomLevelId: ROOT },
  { roomId: "omm_10", name: "Room 10", roomLevelId: ROOT },
  { roomId: "omm_11", name: "Room 11", roomLevelId: ROOT },
];

function gatewayWith(items: Reservation[]): FeishuGateway {
  const page = <T>(list: T[]) => Promise.resolve({ items: list, pageToken: undefined, hasMore: false });
  return {
    listReservations: () => page(items),
    listRoomLevels: () => page([]),
    listRooms: (q: { roomLevelId?: string }) => page(q.roomLevelId === ROOT ? ROOMS : []),
  } as unknown as FeishuGateway;
}

describe("/rooms room select", () => {
  it("picking one room shows that room only, not every room whose name contains it", async () => {
    const at = (hour: number) => new Date(Date.UTC(2026, 2, 3, hour));
    const items = ROOMS.map((room, i) =>
      reservation({ roomId: room.roomId, roomName: room.name, start: at(1 + i), end: at(2 + i), durationSeconds: 3600 }),
    );
    const base = testDeps({ gateway: gatewayWith(items), now: () => NOW });
    const config = { ...base.config, rooms: { ...base.config.rooms, roomLevelId: ROOT } };
    const ctx = testContext({ deps: { ...base, config } });
    const picked = argsFromPick(roomsCommand, { date: "2026-03-03" }, "room", "room:Room 1", CLOCK);
    const view = (await runArgs(roomsCommand, picked, ctx)) as RoomsView;
    expect(view.picker?.current).toBe("room:Room 1");
    expect(view.total).toBe(1);
  });
});
