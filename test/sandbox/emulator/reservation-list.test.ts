/** Seed 002, GET /open-apis/vc/v1/resource_reservation_list, through the real SDK. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SCOPES, SCOPES, type Emulator, type Reservation } from "../../../src/sandbox/emulator/index.js";
import { DAY, NOW_SEC, TODAY_START, failure, raw, startTestEmulator, tenantToken, type Started } from "./helpers.js";

let s: Started;
beforeAll(async () => {
  s = await startTestEmulator({ rateLimits: false });
});
const extra: Emulator[] = [];
afterAll(() => Promise.all([s.emulator.close(), ...extra.map((e) => e.close())]));

/** The SDK's declaration, which (unlike the seed page) says room_level_id and room_ids are required. */
type Query = NonNullable<Parameters<Started["client"]["vc"]["v1"]["resourceReservationList"]["get"]>[0]>["params"];
type Row = Record<string, string | undefined>;
const list = (client: Started["client"], params: Query) => client.vc.v1.resourceReservationList.get({ params });
/** A day of every room of the tenant, asked for as the bot does: the root level and its rooms listed. */
const window = (start: number, end = start + DAY - 1): Query => ({
  room_level_id: s.emulator.tenant.roomLevels.find((l) => l.parentId === "0")!.roomLevelId,
  room_ids: s.emulator.tenant.rooms.map((r) => r.roomId),
  start_time: String(start),
  end_time: String(end),
});
const rootRooms = (): string => s.emulator.tenant.rooms.map((r) => `room_ids=${r.roomId}`).join("&");

/** Every row of a window, page by page. */
async function all(params: Query, client = s.client): Promise<Row[]> {
  const rows: Row[] = [];
  let token: string | undefined;
  do {
    const answer = await list(client, { page_size: 100, ...params, ...(token ? { page_token: token } : {}) });
    rows.push(...((answer.data!.room_reservation_list ?? []) as Row[]));
    expect(answer.data!.page_token !== undefined).toBe(answer.data!.has_more);
    token = answer.data!.page_token;
  } while (token);
  return rows;
}

const inWindow = (start: number, end = start + DAY - 1) =>
  s.emulator.tenant.reservations.filter((r) => r.startTime >= start && r.startTime <= end);
const busiestStart = () => Date.parse(`${s.emulator.tenant.notable.busiestReservationDay}T00:00:00+08:00`) / 1000;
const DISPLAY = /^\d{4}\.\d{2}\.\d{2} \d{2}:\d{2}:\d{2} \(GMT\+08:00\)$/;

describe("resource_reservation_list", () => {
  it("pages 20 rows by default, with page_token only while has_more", async () => {
    const answer = await list(s.client, window(busiestStart()));
    expect(answer.code).toBe(0);
    expect(answer.data!.room_reservation_list).toHaveLength(20);
    expect(answer.data!.has_more).toBe(true);
    expect(answer.data!.page_token).toBe("20");
  });

  it("pages a day of 100+ reservations to the end with no duplicates", async () => {
    const expected = inWindow(busiestStart());
    expect(expected.length).toBeGreaterThanOrEqual(100);
    const rows = await all({ ...window(busiestStart()), page_size: 20 });
    expect(rows).toHaveLength(expected.length);
    const keys = rows.map((r) => `${r.room_id}@${r.event_start_time}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("formats each row as the page does: strings, display times and an H:MM:SS duration", async () => {
    const [row] = (await list(s.client, { ...window(busiestStart()), page_size: 20 })).data!.room_reservation_list! as Row[];
    const source = inWindow(busiestStart())[0]!;
    expect(row).toMatchObject({
      room_id: source.roomId,
      guests_number: String(source.guests),
      accepted_number: String(source.accepted),
      reservation_status: source.status,
    });
    expect(row!.event_start_time).toMatch(DISPLAY);
    expect(row!.event_end_time).toMatch(DISPLAY);
    const minutes = (source.endTime - source.startTime) / 60;
    expect(row!.event_duration).toBe(`${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, "0")}:00`);
    expect(row!.room_name).toBe(s.emulator.tenant.rooms.find((r) => r.roomId === source.roomId)!.name);
    expect(row!.event_title).toBeUndefined();
  });

  it("shows the meeting title only with need_topic", async () => {
    const [row] = (await list(s.client, { ...window(busiestStart()), need_topic: true })).data!.room_reservation_list! as Row[];
    expect(row!.event_title).toBe(inWindow(busiestStart())[0]!.eventTitle);
  });

  it("shows every check-in and release state, devices, releasing people and times, and bot reservers", async () => {
    const rows = (await Promise.all([1, 2, 3, 4, 5, 6, 7].map((n) => all(window(TODAY_START - n * DAY))))).flat();
    const states = new Set(rows.map((r) => `${r.room_check_in_status}|${r.is_release_early}`));
    expect(states).toContain("已签到|未释放");
    expect(states).toContain("已签到|已释放(手动释放)");
    expect(states).toContain("未签到|已释放(自动释放)");
    expect(states).toContain("未签到|未释放");
    expect(new Set(rows.map((r) => r.check_in_device).filter(Boolean)).size).toBeGreaterThanOrEqual(4);
    for (const r of rows) {
      if (r.room_check_in_status === "已签到") expect(r.check_in_time).toMatch(DISPLAY);
      else expect(r.check_in_time).toBe("");
      if (r.is_release_early === "已释放(手动释放)") {
        expect(r.releasing_person).not.toBe("");
        expect(r.releasing_time).toMatch(DISPLAY);
      }
      if (r.is_release_early === "已释放(自动释放)") expect(r.releasing_time).toMatch(DISPLAY);
    }
    expect(rows.some((r) => r.reserver_user_id?.startsWith("cli_"))).toBe(true);
    expect(rows.some((r) => r.reserver_user_id?.startsWith("ou_") && r.department_of_reserver !== "")).toBe(true);
  });

  it("shows today's later bookings as waiting for check-in and not released", async () => {
    const rows = await all(window(TODAY_START));
    const later = rows.filter((r) => r.event_start_time! > "2024.06.12 15:15");
    expect(later.length).toBeGreaterThan(0);
    for (const r of later) {
      expect(r.room_check_in_status).toBe("待签到");
      expect(r.is_release_early).toBe("未释放");
    }
  });

  it("accepts page sizes 20 to 100 only (99992402 otherwise)", async () => {
    expect((await list(s.client, { ...window(busiestStart()), page_size: 100 })).data!.room_reservation_list).toHaveLength(100);
    for (const size of [19, 101]) {
      const bad = await failure(list(s.client, { ...window(busiestStart()), page_size: size }));
      expect(bad.status).toBe(400);
      expect(bad.data.code).toBe(99992402);
    }
  });

  it("filters by room_ids, passed repeated", async () => {
    const rooms = s.emulator.tenant.rooms.slice(0, 2).map((r) => r.roomId);
    const rows = await all({ ...window(busiestStart()), room_ids: rooms });
    const expected = inWindow(busiestStart()).filter((r) => rooms.includes(r.roomId));
    expect(rows.map((r) => r.room_id)).toEqual(expected.map((r) => r.roomId));
    expect(s.emulator.calls().at(-1)?.query.room_ids).toEqual(rooms);
  });

  it("refuses a call without room_level_id or room_ids (99992402), as the SDK's schema requires them", async () => {
    const token = await tenantToken(s.emulator);
    const { room_level_id: level } = window(busiestStart());
    const times = `start_time=${busiestStart()}&end_time=${busiestStart() + DAY - 1}`;
    const path = "/open-apis/vc/v1/resource_reservation_list";
    const noLevel = await raw(s.emulator, "GET", path, { token, query: `${times}&${rootRooms()}` });
    expect(noLevel.status).toBe(400);
    expect(noLevel.json).toMatchObject({ code: 99992402, error: { field_violations: [{ field: "room_level_id" }] } });
    const noRooms = await raw(s.emulator, "GET", path, { token, query: `${times}&room_level_id=${level}` });
    expect(noRooms.json).toMatchObject({ code: 99992402, error: { field_violations: [{ field: "room_ids" }] } });
    const both = await raw(s.emulator, "GET", path, { token, query: `${times}&room_level_id=${level}&${rootRooms()}` });
    expect(both.json.code).toBe(0);
  });

  it("with is_exclude false (the default) takes exactly the listed rooms, whatever the level", async () => {
    const tenant = s.emulator.tenant;
    const building = tenant.roomLevels.find((l) => l.path.length === 1)!;
    const listed = tenant.rooms.slice(-3).map((r) => r.roomId);
    const rows = await all({ ...window(busiestStart()), room_level_id: building.roomLevelId, room_ids: listed });
    const expected = inWindow(busiestStart()).filter((r) => listed.includes(r.roomId));
    expect(expected.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.room_id)).toEqual(expected.map((r) => r.roomId));
  });

  it("takes the rooms of a level, and with is_exclude leaves room_ids out of them", async () => {
    const tenant = s.emulator.tenant;
    const building = tenant.roomLevels.find((l) => l.path.length === 1)!;
    const floors = tenant.roomLevels.filter((l) => l.parentId === building.roomLevelId).map((l) => l.roomLevelId);
    const buildingRooms = tenant.rooms.filter((r) => floors.includes(r.roomLevelId)).map((r) => r.roomId);
    const excluded = buildingRooms.slice(0, 3);
    const expectRooms = (rows: Row[], allowed: string[]) => {
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) expect(allowed).toContain(r.room_id);
    };
    // A room id of no room excludes nothing: the call still has the room_ids the schema requires.
    const inBuilding = await all({ ...window(busiestStart()), room_level_id: building.roomLevelId, room_ids: ["omm_none"], is_exclude: true });
    expectRooms(inBuilding, buildingRooms);
    expect(inBuilding).toHaveLength(inWindow(busiestStart()).filter((r) => buildingRooms.includes(r.roomId)).length);
    const rest = await all({ ...window(busiestStart()), room_level_id: building.roomLevelId, room_ids: excluded, is_exclude: true });
    expectRooms(rest, buildingRooms.filter((id) => !excluded.includes(id)));
  });

  it("falls back to the tenant's root level for a level id without the omb_ prefix", async () => {
    const everything = await all(window(busiestStart()));
    const fallback = await all({ ...window(busiestStart()), room_level_id: "building-7", room_ids: ["omm_none"], is_exclude: true });
    expect(fallback).toEqual(everything);
    expect(everything).toHaveLength(inWindow(busiestStart()).length);
  });

  it("answers 126005 for a start in the future or below zero", async () => {
    const future = await failure(list(s.client, window(NOW_SEC + 60, NOW_SEC + 3600)));
    expect(future.status).toBe(400);
    expect(future.data).toEqual({ code: 126005, msg: "start time error (cannot larger than now or smaller than 0)" });
    const token = await tenantToken(s.emulator);
    const negative = await raw(s.emulator, "GET", "/open-apis/vc/v1/resource_reservation_list", {
      token,
      query: `start_time=-5&end_time=${NOW_SEC}&room_level_id=0&${rootRooms()}`,
    });
    expect(negative.json.code).toBe(126005);
  });

  it("answers 126006 for a range over one day or an end before the start", async () => {
    const twoDays = await failure(list(s.client, window(NOW_SEC - 2 * DAY, NOW_SEC)));
    expect(twoDays.status).toBe(400);
    expect(twoDays.data.code).toBe(126006);
    expect((await list(s.client, window(NOW_SEC - DAY, NOW_SEC))).code).toBe(0);
    expect((await failure(list(s.client, window(NOW_SEC - DAY, NOW_SEC - 2 * DAY)))).data.code).toBe(126006);
  });

  it("answers a missing time with a field validation error and a bad page token with 121003", async () => {
    const token = await tenantToken(s.emulator);
    const missing = await raw(s.emulator, "GET", "/open-apis/vc/v1/resource_reservation_list", { token, query: `start_time=${NOW_SEC}&room_level_id=0&${rootRooms()}` });
    expect(missing.json).toMatchObject({ code: 99992402, error: { field_violations: [{ field: "end_time" }] } });
    expect((await failure(list(s.client, { ...window(busiestStart()), page_token: "abc" }))).data.code).toBe(121003);
  });

  it("answers 121005 (403) without the admin permission and 99991672 without vc:room:readonly", async () => {
    const denied = await startTestEmulator({ vcAdminPermission: false });
    const noScope = await startTestEmulator({ scopes: DEFAULT_SCOPES.filter((x) => x !== SCOPES.room) });
    extra.push(denied.emulator, noScope.emulator);
    const forbidden = await failure(list(denied.client, window(busiestStart())));
    expect(forbidden.status).toBe(403);
    expect(forbidden.data).toEqual({ code: 121005, msg: "no permission" });
    expect((await failure(list(noScope.client, window(busiestStart())))).data.code).toBe(99991672);
  });

  it("answers the documented 121001, 121002 and 121004 with their statuses when injected", async () => {
    for (const [code, status] of [
      [121001, 500],
      [121002, 400],
      [121004, 404],
    ] as const) {
      s.emulator.injectFault({ endpoint: "reservation_list", effect: { kind: "code", code }, times: "once" });
      const answer = await failure(list(s.client, window(busiestStart())));
      expect([answer.status, answer.data.code]).toEqual([status, code]);
    }
  });

  it("keeps the tenant's reservations as ground truth (sorted by start)", () => {
    const starts = s.emulator.tenant.reservations.map((r: Reservation) => r.startTime);
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
  });
});
