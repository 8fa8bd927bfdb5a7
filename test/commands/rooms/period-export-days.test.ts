/**
 * The /rooms period Export: the card for `7d` shows the 7 days ending yesterday as of the
 * day it was made, but its Export button carries `{days: 7}`, counted again when clicked, so a card
 * made yesterday exports another week than the one it shows (a file named for days it never showed).
 */
import { describe, expect, it } from "vitest";
import { runQueryAndSettle } from "../../../src/commands/define.js";
import { roomsCommand } from "../../../src/commands/rooms/index.js";
import type { RoomsPeriodView } from "../../../src/commands/rooms/period-view.js";
import type { ReservationQuery } from "../../../src/feishu/endpoints/rooms.js";
import type { FeishuGateway } from "../../../src/feishu/gateway.js";
import { testContext, testDeps } from "../../helpers/context.js";
import { reservation } from "./fixtures.js";

/** 2026-03-04 15:30 in Shanghai; the click comes a day later. */
const MADE = Date.parse("2026-03-04T07:30:00Z");
const CLICKED = MADE + 24 * 3_600_000;

function gateway(): FeishuGateway {
  const page = <T>(items: T[]) => Promise.resolve({ items, pageToken: undefined, hasMore: false });
  return {
    listReservations: (q: ReservationQuery) => {
      const start = new Date(q.start.getTime() + 10 * 3_600_000);
      return page([reservation({ start, end: new Date(start.getTime() + 3_600_000), durationSeconds: 3600 })]);
    },
    listRoomLevels: () => page([]),
    listRooms: (q: { roomLevelId?: string }) => page(q.roomLevelId === "omb_root" ? [{ roomId: "omm_a", name: "Room A", roomLevelId: "omb_root" }] : []),
  } as unknown as FeishuGateway;
}

const contextAt = (now: number) => {
  const base = testDeps({ gateway: gateway(), now: () => now });
  return testContext({ deps: { ...base, config: { ...base.config, rooms: { ...base.config.rooms, roomLevelId: "omb_root" } } }, locale: "en" });
};

describe("/rooms 7d Export clicked the next day", () => {
  it("exports the days the card shows", async () => {
    const made = contextAt(MADE);
    const view = roomsCommand.view(await runQueryAndSettle(roomsCommand, { period: { days: 7 } }, made), made) as RoomsPeriodView;
    expect([view.from, view.to]).toEqual(["2026-02-25", "2026-03-03"]);
    const exportArgs = roomsCommand.args.parse(view.exportAction!.args);
    const clicked = contextAt(CLICKED);
    const file = roomsCommand.export!(await runQueryAndSettle(roomsCommand, exportArgs, clicked), clicked);
    expect(file.fileName).toBe("rooms-2026-02-25_2026-03-03.xlsx");
  });
});
