import { describe, expect, it } from "vitest";
import { runQueryAndSettle } from "../../../src/commands/define.js";
import { roomsCommand } from "../../../src/commands/rooms/index.js";
import type { ReservationQuery } from "../../../src/feishu/endpoints/rooms.js";
import type { FeishuGateway } from "../../../src/feishu/gateway.js";
import type { Reservation } from "../../../src/feishu/types.js";
import { testContext, testDeps } from "../../helpers/context.js";
import { noShow, reservation } from "./fixtures.js";

/** 2026-03-04 15:30 in Shanghai. */
const NOW = Date.parse("2026-03-04T07:30:00Z");
const ROOMS = [
  { roomId: "omm_a", name: "Room A", roomLevelId: "omb_root" },
  { roomId: "omm_b", name: "Room B", roomLevelId: "omb_root" },
];

/** One reservation a day in Room A, a no-show on 03-02: the gateway answers each day's window. */
function gateway(): FeishuGateway {
  const page = <T>(items: T[]) => Promise.resolve({ items, pageToken: undefined, hasMore: false });
  return {
    listReservations: (q: ReservationQuery) => {
      const start = new Date(q.start.getTime() + 10 * 3_600_000);
      const make = start.toISOString().startsWith("2026-03-02") ? noShow : reservation;
      const items: Reservation[] = [make({ start, end: new Date(start.getTime() + 3_600_000), durationSeconds: 3600 })];
      return page(items);
    },
    listRoomLevels: (q: { roomLevelId?: string }) => page(q.roomLevelId ? [] : [{ roomLevelId: "omb_x", name: "X", parentId: "omb_root", hasChild: false }]),
    listRooms: (q: { roomLevelId?: string }) => page(q.roomLevelId === "omb_root" ? ROOMS : []),
  } as unknown as FeishuGateway;
}

describe("/rooms period export", () => {
  it("holds every room (the unused too) and every reservation of the period", async () => {
    // An admin's: who booked is named to admins only (a no-show beside a name is the admins' bookers list).
    const deps = testDeps({ gateway: gateway(), now: () => NOW });
    const ctx = testContext({ deps: { ...deps, config: { ...deps.config, bot: { ...deps.config.bot, admins: ["ou_asker"] } } }, senderOpenId: "ou_asker", chatType: "p2p", locale: "en" });
    const data = await runQueryAndSettle(roomsCommand, { period: { days: 7 } }, ctx);
    const file = roomsCommand.export!(data, ctx);
    expect(file.fileName).toBe("rooms-2026-02-25_2026-03-03.xlsx");
    const [rooms, reservations] = file.sheets;
    expect(rooms!.rows.map((r) => r.room)).toEqual(["Room A", "Room B"]);
    expect(rooms!.rows[0]).toMatchObject({ reservations: 7, bookedHours: 5, noShows: 1, checkedIn: 6, due: 7 });
    expect(rooms!.rows[1]).toMatchObject({ reservations: 0, bookedHours: 0, utilisation: 0 });
    expect(reservations!.rows).toHaveLength(7);
    expect(reservations!.columns.map((c) => c.header)).toContain("Reserved by");
    // Display values in the asker's language, as the day's export writes them, not the enum's codes.
    expect(new Set(reservations!.rows.map((r) => r.status))).toEqual(new Set(["Reserved"]));
    expect(new Set(reservations!.rows.map((r) => r.checkIn))).toEqual(new Set(["Checked in", "Missed"]));
    expect(file.sheets).toHaveLength(2);
    // The same admin exporting into a group: the whole group gets the file, so it names nobody.
    const inGroup = roomsCommand.export!(data, { ...ctx, chatType: "group" });
    expect(inGroup.sheets[1]!.columns.map((c) => c.header)).not.toContain("Reserved by");
  });
});

describe("/rooms period with a room filter", () => {
  it("covers only the rooms whose names match, in the card and the export", async () => {
    const ctx = testContext({ deps: testDeps({ gateway: gateway(), now: () => NOW }), locale: "en" });
    const data = await runQueryAndSettle(roomsCommand, { period: { days: 7 }, filter: "room b" }, ctx);
    const view = roomsCommand.view(data, ctx);
    expect(view).toMatchObject({ kind: "rooms-period", filter: "room b", rooms: [], unused: ["Room B"], totals: { rooms: 1, reservations: 0 } });
    expect(roomsCommand.export!(data, ctx).sheets[0]!.rows.map((r) => r.room)).toEqual(["Room B"]);
  });
});
