import { describe, expect, it } from "vitest";
import { ROOMS_PAGE_SIZE, roomsCommand } from "../../../src/commands/rooms/index.js";
import type { RoomsView } from "../../../src/commands/rooms/view.js";
import { UsageError } from "../../../src/commands/usage.js";
import type { Cursor } from "../../../src/commands/paging.js";
import type { ReservationQuery } from "../../../src/feishu/endpoints/rooms.js";
import type { FeishuGateway } from "../../../src/feishu/gateway.js";
import type { Reservation } from "../../../src/feishu/types.js";
import { commandWords, findCommand } from "../../../src/commands/registry.js";
import type { CommandContext } from "../../../src/commands/types.js";
import { runArgs, runWords } from "../../helpers/command.js";
import { testContext, testDeps } from "../../helpers/context.js";
import { reservation } from "./fixtures.js";

/** 2026-03-04 15:30 in Shanghai. */
const NOW = Date.parse("2026-03-04T07:30:00Z");

const ROOT = "omb_root";
/** Rooms of the fake tenant: two directly under the root level. */
const ROOMS = [
  { roomId: "omm_a", name: "Orion 3F", roomLevelId: ROOT },
  { roomId: "omm_b", name: "Lyra 4F", roomLevelId: ROOT },
];

function gatewayWith(items: Reservation[]): { gateway: FeishuGateway; queries: ReservationQuery[] } {
  const queries: ReservationQuery[] = [];
  const page = <T>(list: T[]) => Promise.resolve({ items: list, pageToken: undefined, hasMore: false });
  const gateway = {
    listReservations: (q: ReservationQuery) => {
      queries.push(q);
      return page(items);
    },
    listRoomLevels: (q: { roomLevelId?: string }) =>
      page(q.roomLevelId ? [] : [{ roomLevelId: "omb_empty", name: "Annex", parentId: ROOT, hasChild: false }]),
    listRooms: (q: { roomLevelId?: string }) => page(q.roomLevelId === ROOT || q.roomLevelId === "omb_0123" ? ROOMS : []),
  } as unknown as FeishuGateway;
  return { gateway, queries };
}

interface RunOptions {
  cursor?: Cursor;
  roomLevelId?: string;
  now?: number;
}

function contextWith(items: Reservation[], opts: RunOptions): { ctx: CommandContext; queries: ReservationQuery[] } {
  const { gateway, queries } = gatewayWith(items);
  const base = testDeps({ gateway, now: () => opts.now ?? NOW });
  const config = { ...base.config, rooms: { ...base.config.rooms, roomLevelId: opts.roomLevelId } };
  const ctx = testContext({ deps: { ...base, config }, ...(opts.cursor ? { cursor: opts.cursor } : {}) });
  return { ctx, queries };
}

/** Typed words, as a message asks. */
async function run(words: string[], items: Reservation[], opts: RunOptions = {}) {
  const { ctx, queries } = contextWith(items, opts);
  // These tests ask for one day: the day card.
  const view = (await runWords(roomsCommand, words, ctx)) as RoomsView;
  return { view, queries };
}

/** A button's arguments, as a click asks. */
async function click(args: unknown, items: Reservation[], opts: RunOptions = {}) {
  const { ctx, queries } = contextWith(items, opts);
  const view = (await runArgs(roomsCommand, args, ctx)) as RoomsView;
  return { view, queries };
}

/** `n` reservations over three rooms, one an hour from 08:00 Shanghai time on 2026-03-03. */
function day(n: number): Reservation[] {
  return Array.from({ length: n }, (_, i) => {
    const start = new Date(Date.parse("2026-03-03T00:00:00Z") + (i % 12) * 3_600_000);
    const room = ["Orion 3F", "Lyra 4F", "orion annex"][i % 3]!;
    return reservation({
      roomId: `omm_${room}`,
      roomName: room,
      title: `Meeting ${i}`,
      start,
      end: new Date(start.getTime() + 3_600_000),
    });
  });
}

const titles = (view: RoomsView) => view.groups.flatMap((g) => g.rows.map((r) => r.title));

describe("/rooms command", () => {
  it("is registered, with its Chinese word", () => {
    expect(findCommand("rooms")).toBe(roomsCommand);
    expect(roomsCommand.words).toEqual({ en: ["rooms"], zh: ["会议室"] });
    expect(commandWords().get("会议室")).toBe(roomsCommand);
  });

  it("queries yesterday's whole day and summarises every reservation, showing the first page", async () => {
    const { view, queries } = await run(["yesterday"], day(25));
    expect(queries).toHaveLength(1);
    expect(queries[0]!.start).toEqual(new Date("2026-03-02T16:00:00Z"));
    expect(queries[0]!.end).toEqual(new Date("2026-03-03T15:59:59Z"));
    expect(view).toMatchObject({ kind: "rooms", date: "2026-03-03", relative: "yesterday", total: 25, offset: 0 });
    expect(view.summary.reservations).toBe(25);
    expect(view.summary.roomsUsed).toBe(3);
    expect(titles(view)).toHaveLength(ROOMS_PAGE_SIZE);
    expect(view.asOf).toBeUndefined();
  });

  it("shows a phone screen's worth a page: five reservations, as a /meeting page shows five meetings (issue 12)", async () => {
    const { view } = await run(["yesterday"], day(25));
    expect(titles(view)).toHaveLength(5);
    expect(view.pager).toMatchObject({ page: 1, pages: 5 });
  });

  it("ends today's window now and says so", async () => {
    const { view, queries } = await run([], []);
    expect(queries[0]!.end.getTime()).toBeLessThanOrEqual(NOW);
    expect(queries[0]!.end.getTime()).toBeGreaterThan(NOW - 2000);
    expect(view).toMatchObject({ relative: "today", asOf: "15:30", total: 0 });
  });

  it("marks today and yesterday for the header however they were asked for, and no other day", async () => {
    expect((await run(["2026-03-04"], [])).view.relative).toBe("today");
    expect((await run(["昨天"], [])).view.relative).toBe("yesterday");
    expect((await run(["2026-03-03"], [])).view.relative).toBe("yesterday");
    expect((await run(["2026-03-02"], [])).view).not.toHaveProperty("relative");
  });

  it("names the day relative to the click, not to when the card was made", async () => {
    const nextDay = NOW + 86_400_000;
    expect((await click({ date: "2026-03-04" }, [], { now: nextDay })).view.relative).toBe("yesterday");
    expect((await click({ date: "2026-03-03" }, [], { now: nextDay })).view).not.toHaveProperty("relative");
  });

  it("lists by room and then by time, grouped by room", async () => {
    // One page: two in Orion and in Lyra, one in the annex.
    const { view } = await run(["yesterday"], day(ROOMS_PAGE_SIZE));
    expect(view.groups.map((g) => g.room)).toEqual(["Lyra 4F", "Orion 3F", "orion annex"]);
    expect(view.groups[1]!.rows.map((r) => r.start)).toEqual(["08:00", "11:00"]);
  });

  it("filters by a case-insensitive substring of the room name, over the summary too", async () => {
    const { view } = await run(["yesterday", "ORION"], day(30));
    expect(view.filter).toBe("ORION");
    expect(view.total).toBe(20);
    expect(view.summary.reservations).toBe(20);
    expect(view.groups.every((g) => g.room.toLowerCase().includes("orion"))).toBe(true);
  });

  it("pages by offset with buttons carrying the resolved day and the filter", async () => {
    const first = await run(["yesterday", "orion"], day(30));
    expect(first.view.pager).toMatchObject({ page: 1, pages: Math.ceil(20 / ROOMS_PAGE_SIZE) });
    expect(first.view.pager.prev).toBeUndefined();
    expect(first.view.pager.next).toEqual({
      cmd: "rooms",
      args: { date: "2026-03-03", filter: "orion" },
      cursor: { back: [], page: 2, offset: ROOMS_PAGE_SIZE },
    });
    const next = first.view.pager.next!;
    const second = await click(next.args, day(30), { cursor: next.cursor! });
    expect(second.view.offset).toBe(ROOMS_PAGE_SIZE);
    expect(second.view.pager.prev).toEqual({
      cmd: "rooms",
      args: { date: "2026-03-03", filter: "orion" },
      cursor: { back: [], page: 1, offset: 0 },
    });
    expect(second.view.summary).toEqual(first.view.summary);
    const shown = [...titles(first.view)];
    for (let view = first.view; view.pager.next; ) {
      const { args, cursor } = view.pager.next;
      view = (await click(args, day(30), { cursor: cursor! })).view;
      shown.push(...titles(view));
    }
    expect(shown).toHaveLength(20);
    expect(new Set(shown).size).toBe(20);
  });

  it("keeps today's window on its buttons: a later click neither repeats nor skips a row", async () => {
    // Asked at 15:30; Next clicked at 16:10, after a reservation at 16:00 in a room sorting first.
    const early = Array.from({ length: ROOMS_PAGE_SIZE + 1 }, (_, i) =>
      reservation({ roomId: "omm_b", roomName: "B room", title: `m${i}`, start: new Date(Date.parse("2026-03-04T00:00:00Z") + i * 1_800_000), end: new Date(Date.parse("2026-03-04T00:30:00Z") + i * 1_800_000) }),
    );
    const later = reservation({ roomId: "omm_a", roomName: "A room", title: "new at 16:00", start: new Date("2026-03-04T08:00:00Z"), end: new Date("2026-03-04T09:00:00Z") });
    const queries: ReservationQuery[] = [];
    const gateway = {
      ...gatewayWith([]).gateway,
      listReservations: (q: ReservationQuery) => {
        queries.push(q);
        const items = [...early, later].filter((r) => r.start!.getTime() <= q.end.getTime());
        return Promise.resolve({ items, pageToken: undefined, hasMore: false });
      },
    } as unknown as FeishuGateway;
    let now = NOW;
    const ctx = (cursor?: Cursor) => testContext({ deps: testDeps({ gateway, now: () => now }), ...(cursor ? { cursor } : {}) });
    const first = (await runWords(roomsCommand, [], ctx())) as RoomsView;
    expect(first).toMatchObject({ relative: "today", asOf: "15:30", total: ROOMS_PAGE_SIZE + 1 });
    const next = first.pager.next!;
    expect(next).toEqual({ cmd: "rooms", args: { date: "2026-03-04", until: NOW / 1000 }, cursor: { back: [], page: 2, offset: ROOMS_PAGE_SIZE } });
    now = Date.parse("2026-03-04T08:10:00Z");
    const second = (await runArgs(roomsCommand, next.args, ctx(next.cursor))) as RoomsView;
    expect(queries[1]!.end).toEqual(queries[0]!.end);
    expect(second).toMatchObject({ asOf: "15:30", total: ROOMS_PAGE_SIZE + 1, offset: ROOMS_PAGE_SIZE });
    expect(second.summary).toEqual(first.summary);
    expect(second.pager.prev?.args).toEqual(next.args);
    expect([...titles(first), ...titles(second)].sort()).toEqual(early.map((r) => r.title).sort());
    // Typed again later, the command looks up to the new now.
    const again = (await runWords(roomsCommand, [], ctx())) as RoomsView;
    expect(again.total).toBe(ROOMS_PAGE_SIZE + 2);
  });

  it("refuses a filter no room name contains, naming it and the closest rooms, before asking for reservations (issue 12)", async () => {
    const { ctx, queries } = contextWith(day(3), {});
    const refused = await runWords(roomsCommand, ["yesterday", "Orian"], ctx).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(UsageError);
    const problem = (refused as UsageError).problem;
    expect(problem.zh).toBe("没有名称包含「Orian」的会议室。最接近的会议室：Orion 3F、Lyra 4F");
    expect(problem.en).toBe('No room name contains "Orian". Closest rooms: Orion 3F, Lyra 4F');
    expect(queries).toHaveLength(0);
    // A filter some room name contains is answered as before, even with no reservations that day.
    const { view } = await run(["yesterday", "lyra"], []);
    expect((view as RoomsView).filter).toBe("lyra");
  });

  it("lets typed text set no window: an @until word is a filter word (one no room matches, so refused as such)", async () => {
    const { ctx, queries } = contextWith(day(3), {});
    const refused = await runWords(roomsCommand, ["yesterday", "@until:1772528400"], ctx).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(UsageError);
    expect((refused as UsageError).problem.en).toContain('No room name contains "@until:1772528400"');
    expect(queries).toHaveLength(0);
  });

  it("ignores a button's window that lies outside the day or after now", async () => {
    const day3 = day(3);
    const cursor = { back: [], page: 1, offset: 0 };
    const outside = await click({ date: "2026-03-03", until: 1 }, day3, { cursor });
    expect(outside.queries[0]!.end).toEqual(new Date("2026-03-03T15:59:59Z"));
    expect(outside.view.asOf).toBeUndefined();
    const nextDay = await click({ date: "2026-03-03", until: Date.parse("2026-03-04T00:00:00Z") / 1000 }, day3, { cursor });
    expect(nextDay.queries[0]!.end).toEqual(new Date("2026-03-03T15:59:59Z"));
    const future = await click({ date: "2026-03-04", until: NOW / 1000 + 3600 }, day3, { cursor });
    expect(future.queries[0]!.end.getTime()).toBeLessThanOrEqual(NOW);
    expect(future.view.asOf).toBe("15:30");
    const inside = await click({ date: "2026-03-03", filter: "orion", until: 1772528400 }, day3, { cursor });
    // The window ends before that second, as a window ending now does.
    expect(inside.queries[0]!.end).toEqual(new Date(1772528399_000));
    expect(inside.view).toMatchObject({ filter: "orion", asOf: "17:00" });
  });

  it("shows the last page when a button points past the end of a list that shrank", async () => {
    const { view } = await click({ date: "2026-03-03" }, day(ROOMS_PAGE_SIZE + 2), { cursor: { back: [], page: 5, offset: 40 } });
    expect(view.offset).toBe(ROOMS_PAGE_SIZE);
    expect(view.pager.page).toBe(2);
    expect(titles(view)).toHaveLength(2);
  });

  it("passes the configured room level and its rooms", async () => {
    const { queries } = await run(["yesterday"], [], { roomLevelId: "omb_0123" });
    expect(queries[0]!.roomLevelId).toBe("omb_0123");
    expect(queries[0]!.roomIds).toEqual(["omm_a", "omm_b"]);
  });

  it("with no level configured, asks for the tenant's root level and lists its rooms", async () => {
    const { queries } = await run(["yesterday"], []);
    expect(queries[0]).toMatchObject({ roomLevelId: ROOT, roomIds: ["omm_a", "omm_b"], isExclude: false });
  });

  it("refuses a future day without calling Feishu, typed or from a button", async () => {
    const ctx = testContext({ deps: testDeps({ now: () => NOW }) }); // noGateway: any call rejects
    await expect(runWords(roomsCommand, ["tomorrow"], ctx)).rejects.toBeInstanceOf(UsageError);
    await expect(runWords(roomsCommand, ["2026-03-05", "Orion"], ctx)).rejects.toBeInstanceOf(UsageError);
    await expect(runArgs(roomsCommand, { date: "2026-03-05" }, ctx)).rejects.toBeInstanceOf(UsageError);
  });

  it("refuses a button for a day that has since left the look-back, without calling Feishu", async () => {
    const ctx = testContext({ deps: testDeps({ now: () => NOW + 86_400_000 }) });
    await expect(runArgs(roomsCommand, { date: "2025-12-05" }, ctx)).rejects.toBeInstanceOf(UsageError);
  });

  it("refuses a button for a date that does not exist, without calling Feishu", async () => {
    const ctx = testContext({ deps: testDeps({ now: () => NOW }) });
    await expect(runArgs(roomsCommand, { date: "2026-02-30" }, ctx)).rejects.toBeInstanceOf(UsageError);
  });
});
