import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config/index.js";
import { PARTICIPANTS_PER_PAGE, buildDetailView, type DetailOptions } from "../../../src/commands/meeting/detail-view.js";
import { namesOfRooms } from "../../../src/commands/meeting/detail.js";
import { meetingCommand } from "../../../src/commands/meeting/index.js";
import type { MeetingDetailView } from "../../../src/commands/meeting/views.js";
import { ROOM_BATCH_MAX } from "../../../src/feishu/gateway.js";
import { Sensitive } from "../../../src/feishu/types.js";
import { runArgs, runWords } from "../../helpers/command.js";
import { testContext, testDeps } from "../../helpers/context.js";
import { fakeGateway } from "./fake-gateway.js";
import { MIN, T0, meeting, participant } from "./fixtures.js";

const group = "group" as const;
const p2p = "p2p" as const;
const base: DetailOptions = { offset: 0, chatType: group, showPasswordInP2p: true, timeZone: "Asia/Shanghai", now: T0 + 120 * MIN };
const crowd = (n: number) =>
  Array.from({ length: n }, (_, i) => participant({ id: `ou_${String(i).padStart(4, "0")}`, firstJoinTime: new Date(T0 + i * 1000) }));

describe("/meeting <id>: the detail view", () => {
  it("carries the meeting's figures, abilities and attendance", () => {
    const view = buildDetailView(meeting({ participants: crowd(3) }), base);
    expect(view).toMatchObject({
      kind: "meeting-detail",
      id: "7000000000000000001",
      topic: "周会",
      meetingNo: "123456789",
      status: "ended",
      host: { id: "ou_host", userType: "lark" },
      start: T0,
      end: T0 + 60 * MIN,
      durationSeconds: 3600,
      peak: 3,
      accumulated: 4,
      ability: { video: true, audio: true, shareScreen: false, followScreen: false, recording: true, pstn: false },
      attendance: { joined: 3, late: 0, leftEarly: 0, external: 0 },
      graceMinutes: 5,
    });
  });

  it("never carries the password into a group chat, even when p2p passwords are allowed", () => {
    const view = buildDetailView(meeting(), { ...base, chatType: group, showPasswordInP2p: true });
    expect(view.password).toBeUndefined();
    expect(JSON.stringify(view)).not.toContain("971024");
  });

  it("carries it into a direct chat only when the config allows it", () => {
    expect(buildDetailView(meeting(), { ...base, chatType: p2p, showPasswordInP2p: false }).password).toBeUndefined();
    expect(buildDetailView(meeting(), { ...base, chatType: p2p, showPasswordInP2p: true }).password).toBe("971024");
    expect(buildDetailView(meeting({ password: undefined }), { ...base, chatType: p2p }).password).toBeUndefined();
  });

  it("pages 230 participants by offset, each shown once", () => {
    const people = crowd(230);
    const seen: string[] = [];
    let view: MeetingDetailView = buildDetailView(meeting({ participants: people }), base);
    const pages = Math.ceil(230 / PARTICIPANTS_PER_PAGE);
    for (let page = 1; ; page++) {
      expect(view.participants.pager).toMatchObject({ page, pages });
      seen.push(...view.participants.rows.map((r) => r.id));
      const next = view.participants.pager.next;
      if (!next) break;
      expect(next).toEqual({ cmd: "meeting", args: { kind: "detail", meetingId: view.id }, cursor: { back: [], page: page + 1, offset: page * PARTICIPANTS_PER_PAGE } });
      view = buildDetailView(meeting({ participants: people }), { ...base, offset: next.cursor!.offset! });
    }
    expect(seen).toEqual(people.map((p) => p.id));
    const prev = view.participants.pager.prev!;
    const back = buildDetailView(meeting({ participants: people }), { ...base, offset: prev.cursor!.offset! });
    expect(back.participants.offset).toBe((pages - 2) * PARTICIPANTS_PER_PAGE);
  });

  it("orders participants by first join then id, so pages hold still when the API reorders its list", () => {
    const people = crowd(70).map((p, i) => (i % 3 === 0 ? { ...p, firstJoinTime: new Date(T0) } : p));
    const calling = participant({ id: "ou_calling", firstJoinTime: undefined, finalLeaveTime: undefined, status: "calling" });
    const shuffled = [calling, ...people].map((p, i) => ({ p, k: (i * 37) % 71 })).sort((a, b) => a.k - b.k).map(({ p }) => p);
    const reversed = [...shuffled].reverse();
    const expected = [...people]
      .sort((a, b) => a.firstJoinTime!.getTime() - b.firstJoinTime!.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((p) => p.id)
      .concat("ou_calling");
    // Each page from a differently ordered answer, as two clicks a minute apart may get.
    const seen: string[] = [];
    for (let offset = 0; offset < 71; offset += PARTICIPANTS_PER_PAGE) {
      const list = (offset / PARTICIPANTS_PER_PAGE) % 2 === 0 ? shuffled : reversed;
      seen.push(...buildDetailView(meeting({ participants: list }), { ...base, offset }).participants.rows.map((r) => r.id));
    }
    expect(seen).toEqual(expected);
  });

  it("shows the last page for an offset past the end, and a first page of nothing for no participants", () => {
    const view = buildDetailView(meeting({ participants: crowd(40) }), { ...base, offset: 500 });
    expect(view.participants).toMatchObject({ offset: PARTICIPANTS_PER_PAGE, first: PARTICIPANTS_PER_PAGE + 1, last: 40 });
    expect(view.participants.rows).toHaveLength(10);
    const empty = buildDetailView(meeting({ participants: undefined }), base);
    expect(empty.participants).toMatchObject({ total: 0, offset: 0, rows: [] });
    expect(empty.participants.pager.next).toBeUndefined();
  });

  it("measures a running meeting up to now and has no early leavers yet", () => {
    const view = buildDetailView(meeting({ endTime: undefined, status: "in_progress" }), { ...base, now: T0 + 25 * MIN });
    expect(view.durationSeconds).toBe(1500);
    expect(view.end).toBeUndefined();
    expect(view.attendance.leftEarly).toBeUndefined();
  });

  it("asks the gateway for participants and abilities, and reads the offset from the button", async () => {
    const target = meeting({ participants: crowd(70), password: new Sensitive("555") });
    const fake = fakeGateway([target]);
    const calls: unknown[] = [];
    const gateway = { ...fake.gateway, getMeeting: (id: string, opts: unknown) => (calls.push(opts), fake.gateway.getMeeting(id)) };
    const ctx = testContext({ deps: testDeps({ gateway }), cursor: { back: [], page: 2, offset: 30 } });
    const view = await runArgs(meetingCommand, { kind: "detail", meetingId: target.id }, ctx);
    expect(calls).toEqual([{ withParticipants: true, withAbility: true }]);
    expect(view.kind).toBe("meeting-detail");
    if (view.kind !== "meeting-detail") return;
    expect(view.participants.offset).toBe(30);
    expect(view.password).toBeUndefined();
  });

  it("shows the password in a direct chat only, and only when app.yaml allows it", async () => {
    const target = meeting({ password: new Sensitive("555") });
    const allowing = loadConfig({ env: {} });
    const allowed = { ...allowing, bot: { ...allowing.bot, showPasswordInP2p: true } };
    const passwordIn = async (chatType: "p2p" | "group", config = allowed) => {
      const ctx = testContext({ chatType, deps: testDeps({ gateway: fakeGateway([target]).gateway, config }) });
      const view = await runWords(meetingCommand, [target.id], ctx);
      return view.kind === "meeting-detail" ? view.password : "not a detail view";
    };
    expect(await passwordIn("p2p")).toBe("555");
    expect(await passwordIn("group")).toBeUndefined();
    expect(await passwordIn("p2p", { ...allowed, bot: { ...allowed.bot, showPasswordInP2p: false } })).toBeUndefined();
  });
});

describe("/meeting <id>: rooms and devices by name, not by id (issue 12)", () => {
  const rooms = [
    { roomId: "omm_inside", name: "3F 长城", roomLevelId: "omb_a" },
    { roomId: "omm_elsewhere", name: "5F 故宫", roomLevelId: "omb_b" },
  ];
  /** Rooms looked up by id, as rooms/mget answers: unknown ids absent. The tree is not to be walked. */
  const roomGateway = (base: ReturnType<typeof fakeGateway>["gateway"], batches: string[][] = []) => ({
    ...base,
    getRooms: (ids: readonly string[]) => {
      batches.push([...ids]);
      return Promise.resolve(rooms.filter((r) => ids.includes(r.roomId)));
    },
  });
  const withRooms = meeting({
    host: { id: "omm_elsewhere", userType: "rooms" },
    participants: [
      participant({ id: "omm_inside", userType: "rooms" }),
      participant({ id: "omm_elsewhere", userType: "rooms", isHost: true, firstJoinTime: new Date(T0 + MIN) }),
      participant({ id: "5599001", userType: "sip", firstJoinTime: new Date(T0 + 2 * MIN) }),
    ],
  });

  it("names every room row and a room hosting, from the room list", () => {
    const names = new Map(rooms.map((r) => [r.roomId, r.name]));
    const view = buildDetailView(withRooms, { ...base, roomNames: names });
    expect(view.host).toEqual({ id: "omm_elsewhere", userType: "rooms", name: "5F 故宫" });
    expect(view.participants.rows.map((r) => [r.id, r.name])).toEqual([
      ["omm_inside", "3F 长城"],
      ["omm_elsewhere", "5F 故宫"],
      ["5599001", undefined],
    ]);
  });

  it("names a room outside the configured level too, for the rows and the host line, with one lookup by id", async () => {
    const batches: string[][] = [];
    const gateway = roomGateway(fakeGateway([withRooms]).gateway, batches);
    const loaded = loadConfig({ env: {} });
    const config = { ...loaded, rooms: { ...loaded.rooms, roomLevelId: "omb_a" } };
    const view = await runWords(meetingCommand, [withRooms.id], testContext({ deps: testDeps({ gateway, config }) }));
    if (view.kind !== "meeting-detail") throw new Error("not a detail view");
    expect(view.host?.name).toBe("5F 故宫");
    expect(view.participants.rows.filter((r) => r.userType === "rooms").map((r) => r.name)).toEqual(["3F 长城", "5F 故宫"]);
    expect(batches).toEqual([["omm_elsewhere", "omm_inside"]]);
  });

  it(`looks up more than ${ROOM_BATCH_MAX} rooms in batches of at most ${ROOM_BATCH_MAX}, side by side`, async () => {
    const many = new Set(Array.from({ length: 2 * ROOM_BATCH_MAX + 1 }, (_, i) => `omm_${i}`));
    const asked: string[][] = [];
    let inFlight = 0;
    let most = 0;
    const gateway = {
      ...fakeGateway([]).gateway,
      getRooms: async (ids: readonly string[]) => {
        asked.push([...ids]);
        inFlight += 1;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setImmediate(resolve));
        inFlight -= 1;
        return ids.map((id) => ({ roomId: id, name: `Room ${id}`, roomLevelId: "omb_x" }));
      },
    };
    const names = await namesOfRooms(gateway, many);
    expect(asked.map((b) => b.length)).toEqual([ROOM_BATCH_MAX, ROOM_BATCH_MAX, 1]);
    expect(new Set(asked.flat())).toEqual(many);
    expect(most).toBe(3);
    expect(names?.size).toBe(many.size);
  });

  it("makes no room lookup for a meeting without rooms", async () => {
    const batches: string[][] = [];
    const plain = meeting({ participants: crowd(2) });
    const gateway = roomGateway(fakeGateway([plain]).gateway, batches);
    await runWords(meetingCommand, [plain.id], testContext({ deps: testDeps({ gateway }) }));
    expect(batches).toEqual([]);
  });

  it("shows ids when the rooms cannot be looked up (no room scope)", async () => {
    const failing = { ...fakeGateway([withRooms]).gateway, getRooms: () => Promise.reject(new Error("99991672")) };
    const view = await runWords(meetingCommand, [withRooms.id], testContext({ deps: testDeps({ gateway: failing }) }));
    if (view.kind !== "meeting-detail") throw new Error("not a detail view");
    expect(view.host).toEqual({ id: "omm_elsewhere", userType: "rooms" });
  });
});
