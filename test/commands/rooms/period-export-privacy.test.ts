/**
 * The /rooms period Export. (1) The card shows repeat no-show bookers to admins only, but
 * anyone's export lists every reservation of the period with its reserver and "noShow" beside it:
 * the admins-only list is a pivot table away, posted as a file into a group. (2) The workbook is
 * said in the asker's language, but the status and check-in columns hold code words ("reserved",
 * "noShow") in a Chinese one.
 */
import { describe, expect, it } from "vitest";
import { runQueryAndSettle } from "../../../src/commands/define.js";
import { roomsCommand } from "../../../src/commands/rooms/index.js";
import type { ReservationQuery } from "../../../src/feishu/endpoints/rooms.js";
import type { FeishuGateway } from "../../../src/feishu/gateway.js";
import type { Reservation } from "../../../src/feishu/types.js";
import { testContext, testDeps } from "../../helpers/context.js";
import { noShow } from "./fixtures.js";

/** 2026-03-04 15:30 in Shanghai. */
const NOW = Date.parse("2026-03-04T07:30:00Z");
const ROOMS = [{ roomId: "omm_a", name: "Room A", roomLevelId: "omb_root" }];

/** One reservation a day in Room A by Alice, a no-show every day. */
function gateway(): FeishuGateway {
  const page = <T>(items: T[]) => Promise.resolve({ items, pageToken: undefined, hasMore: false });
  return {
    listReservations: (q: ReservationQuery) => {
      const start = new Date(q.start.getTime() + 10 * 3_600_000);
      const items: Reservation[] = [noShow({ start, end: new Date(start.getTime() + 3_600_000), durationSeconds: 3600 })];
      return page(items);
    },
    listRoomLevels: () => page([]),
    listRooms: (q: { roomLevelId?: string }) => page(q.roomLevelId === "omb_root" ? ROOMS : []),
  } as unknown as FeishuGateway;
}

function context(senderOpenId: string, locale: "zh" | "en") {
  const base = testDeps({ gateway: gateway(), now: () => NOW });
  const config = { ...base.config, bot: { ...base.config.bot, admins: ["ou_admin"] }, rooms: { ...base.config.rooms, roomLevelId: "omb_root" } };
  return testContext({ deps: { ...base, config }, senderOpenId, locale });
}

describe("/rooms period export for a non-admin", () => {
  it("does not name who booked and never showed up (the card keeps that to admins)", async () => {
    const ctx = context("ou_member", "en");
    const data = await runQueryAndSettle(roomsCommand, { period: { days: 7 } }, ctx);
    expect(roomsCommand.view(data, ctx)).not.toHaveProperty("noShowBookers");
    const rows = roomsCommand.export!(data, ctx).sheets.flatMap((sheet) => sheet.rows);
    // Every reservation of this period is Alice's and a no-show: any row naming her pairs the two.
    expect(rows.filter((row) => Object.values(row).includes("Alice"))).toEqual([]);
  });
});

describe("/rooms period export in Chinese", () => {
  it("writes the status and check-in columns in Chinese, not as code words", async () => {
    const ctx = context("ou_admin", "zh");
    const data = await runQueryAndSettle(roomsCommand, { period: { days: 7 } }, ctx);
    const reservations = roomsCommand.export!(data, ctx).sheets[1]!;
    const values = reservations.rows.flatMap((row) => [row.status, row.checkIn]);
    expect(values.length).toBeGreaterThan(0);
    for (const value of values) expect(String(value)).not.toMatch(/^[A-Za-z_]+$/);
  });
});

