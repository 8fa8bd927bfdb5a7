import { describe, expect, it } from "vitest";
import type { RoomDirectory } from "../../../src/commands/rooms/directory.js";
import { MAX_RESERVATION_PAGES, ROOM_IDS_PER_CALL, fetchReservations, splitWindow } from "../../../src/commands/rooms/fetch.js";
import type { FeishuGateway } from "../../../src/feishu/gateway.js";
import type { ReservationQuery } from "../../../src/feishu/endpoints/rooms.js";
import type { Page, Reservation } from "../../../src/feishu/types.js";
import { reservation } from "./fixtures.js";

/** A gateway whose listReservations answers from `pages` by token ("" for the first) and records each query. */
function pagedGateway(pages: Record<string, Page<Reservation>>): { gateway: FeishuGateway; queries: ReservationQuery[] } {
  const queries: ReservationQuery[] = [];
  const gateway = {
    listReservations: (q: ReservationQuery) => {
      queries.push(q);
      const page = pages[q.pageToken ?? ""];
      return page ? Promise.resolve(page) : Promise.reject(new Error(`no page ${q.pageToken}`));
    },
  } as unknown as FeishuGateway;
  return { gateway, queries };
}

const rows = (n: number, room: string) => Array.from({ length: n }, () => reservation({ roomName: room }));
const DAY = { start: new Date("2026-03-01T16:00:00Z"), end: new Date("2026-03-02T16:00:00Z") };
const directory = (rooms: number, levelId = "omb_level", truncated = false): RoomDirectory => ({
  levelId,
  truncated,
  rooms: Array.from({ length: rooms }, (_, i) => ({ roomId: `omm_${i}`, name: `Room ${i}`, roomLevelId: levelId })),
});
const ROOMS = directory(3);

describe("fetchReservations", () => {
  it("follows the page token to the end, 100 a page, with topics, the room level and the rooms listed", async () => {
    const { gateway, queries } = pagedGateway({
      "": { items: rows(100, "A"), pageToken: "100", hasMore: true },
      "100": { items: rows(7, "B"), pageToken: undefined, hasMore: false },
    });
    const fetched = await fetchReservations(gateway, DAY, ROOMS);
    expect(fetched.reservations).toHaveLength(107);
    expect(fetched.truncated).toBe(false);
    expect(queries.map((q) => q.pageToken)).toEqual([undefined, "100"]);
    expect(queries[0]).toMatchObject({ pageSize: 100, needTopic: true, roomLevelId: "omb_level", isExclude: false });
    expect(queries[0]!.roomIds).toEqual(["omm_0", "omm_1", "omm_2"]);
    expect(queries[0]!.start).toEqual(DAY.start);
    expect(queries[0]!.end).toEqual(new Date(DAY.end.getTime() - 1000));
  });

  it("names the rooms in batches, each paged on its own, and asks nothing for a tenant without rooms", async () => {
    const { gateway, queries } = pagedGateway({ "": { items: rows(2, "A"), pageToken: undefined, hasMore: false } });
    const many = directory(ROOM_IDS_PER_CALL * 2 + 5);
    const fetched = await fetchReservations(gateway, DAY, many);
    expect(queries.map((q) => q.roomIds.length)).toEqual([ROOM_IDS_PER_CALL, ROOM_IDS_PER_CALL, 5]);
    expect(queries.flatMap((q) => q.roomIds)).toEqual(many.rooms.map((r) => r.roomId));
    expect(fetched.reservations).toHaveLength(6);
    const none = pagedGateway({});
    expect(await fetchReservations(none.gateway, DAY, directory(0))).toEqual({ reservations: [], truncated: false });
    expect(none.queries).toHaveLength(0);
  });

  it("stops when a token comes back again instead of looping", async () => {
    const { gateway, queries } = pagedGateway({
      "": { items: rows(1, "A"), pageToken: "x", hasMore: true },
      x: { items: rows(1, "A"), pageToken: "x", hasMore: true },
    });
    const fetched = await fetchReservations(gateway, DAY, ROOMS);
    expect(queries).toHaveLength(2);
    expect(fetched.reservations).toHaveLength(2);
  });

  it("stops at the page bound and says the day was cut short", async () => {
    const pages: Record<string, Page<Reservation>> = {};
    for (let i = 0; i < 50; i++) pages[i === 0 ? "" : String(i)] = { items: rows(1, "A"), pageToken: String(i + 1), hasMore: true };
    const fetched = await fetchReservations(pagedGateway(pages).gateway, DAY, ROOMS);
    expect(fetched.reservations).toHaveLength(MAX_RESERVATION_PAGES);
    expect(fetched.truncated).toBe(true);
  });

  it("bounds each batch's pages on its own, and says the day was cut short when the room tree was", async () => {
    const pages: Record<string, Page<Reservation>> = {};
    for (let i = 0; i < 50; i++) pages[i === 0 ? "" : String(i)] = { items: rows(1, "A"), pageToken: String(i + 1), hasMore: true };
    const fetched = await fetchReservations(pagedGateway(pages).gateway, DAY, directory(ROOM_IDS_PER_CALL + 1));
    expect(fetched.reservations).toHaveLength(2 * MAX_RESERVATION_PAGES);
    expect(fetched.truncated).toBe(true);
    const whole = pagedGateway({ "": { items: rows(1, "A"), pageToken: undefined, hasMore: false } });
    expect((await fetchReservations(whole.gateway, DAY, directory(3, "omb_level", true))).truncated).toBe(true);
    expect((await fetchReservations(whole.gateway, DAY, directory(3))).truncated).toBe(false);
  });

  it("lets a Feishu failure through to the error card", async () => {
    const { gateway } = pagedGateway({});
    await expect(fetchReservations(gateway, DAY, ROOMS)).rejects.toThrow("no page");
  });
});

describe("splitWindow", () => {
  it("keeps an ordinary day in one window, its last second excluded", () => {
    expect(splitWindow(DAY.start, DAY.end)).toEqual([{ start: DAY.start, end: new Date(DAY.end.getTime() - 1000) }]);
  });

  it("cuts a 25-hour day (daylight saving ends) into windows of at most one day that do not overlap", () => {
    const start = new Date("2026-11-01T04:00:00Z");
    const end = new Date("2026-11-02T05:00:00Z");
    const parts = splitWindow(start, end);
    expect(parts).toHaveLength(2);
    for (const part of parts) expect(part.end.getTime() - part.start.getTime()).toBeLessThanOrEqual(86_400_000);
    expect(parts[1]!.start.getTime()).toBe(parts[0]!.end.getTime() + 1000);
    expect(parts[1]!.end).toEqual(new Date(end.getTime() - 1000));
  });

  it("rounds a window ending now to whole seconds", () => {
    const parts = splitWindow(DAY.start, new Date("2026-03-02T07:30:10.500Z"));
    expect(parts).toEqual([{ start: DAY.start, end: new Date("2026-03-02T07:30:10Z") }]);
  });
});
