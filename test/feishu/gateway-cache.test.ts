/**
 * Cache and coalescing through the real SDK against the emulator: identical queries share one
 * upstream call, pages are not fetched twice, lifetimes follow the data, errors are not kept,
 * sends are never merged.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { FeishuError } from "../../src/feishu/errors.js";
import type { Meeting } from "../../src/sandbox/emulator/index.js";
import { DAY_MS, NOW, allRooms, endedMeetings, shanghaiMidnight, startRig, type GatewayRig } from "./helpers/emulator.js";

const NOW_SEC = Math.floor(NOW / 1000);
const GROUP = "oc_sandbox_group";

let rig: GatewayRig;
let ended: Meeting[];
let next = 0;
const freshMeeting = () => ended[next++]!;

beforeAll(async () => {
  // The gateway's "today" moves with the (possibly faked) Date; the emulator stays at NOW.
  rig = await startRig({ gateway: { now: () => Date.now() } });
  ended = endedMeetings(rig.emulator, NOW);
});
beforeEach(() => rig.emulator.reset());
afterEach(() => {
  vi.useRealTimers();
});
afterAll(async () => {
  await rig.close();
});

const calls = (endpoint: string) => rig.emulator.calls().filter((c) => c.endpoint === endpoint);

/** A day `daysAgo` before NOW's, as the reservation list takes it: at most one day. */
function day(daysAgo: number) {
  const start = shanghaiMidnight("2024-06-12");
  start.setTime(start.getTime() - daysAgo * DAY_MS);
  return { start, end: new Date(start.getTime() + DAY_MS - 1000), ...allRooms(rig.emulator) };
}

describe("coalescing", () => {
  it("20 concurrent identical meeting queries cost one upstream call", async () => {
    const m = freshMeeting();
    const details = await Promise.all(Array.from({ length: 20 }, () => rig.gateway.getMeeting(m.id, { withParticipants: true })));
    expect(details.every((d) => d.id === m.id)).toBe(true);
    expect(calls("meeting_get")).toHaveLength(1);
  });

  it("20 concurrent identical reservation queries cost one upstream call, distinct ones one each", async () => {
    const q = { ...day(3), needTopic: true, pageSize: 50 };
    await Promise.all(Array.from({ length: 20 }, () => rig.gateway.listReservations(q)));
    expect(calls("reservation_list")).toHaveLength(1);
    await Promise.all([rig.gateway.listReservations({ ...q, needTopic: false }), rig.gateway.listReservations({ ...q, pageSize: 40 })]);
    expect(calls("reservation_list")).toHaveLength(3);
  });
});

describe("the cache", () => {
  it("never refetches a page already fetched when paging back and forth", async () => {
    const q = { ...day(5), pageSize: 20 };
    const first = await rig.gateway.listReservations(q);
    expect(first.hasMore).toBe(true);
    const second = await rig.gateway.listReservations({ ...q, pageToken: first.pageToken! });
    expect(calls("reservation_list")).toHaveLength(2);
    const firstAgain = await rig.gateway.listReservations(q);
    const secondAgain = await rig.gateway.listReservations({ ...q, pageToken: first.pageToken! });
    expect(calls("reservation_list")).toHaveLength(2);
    expect(firstAgain).toEqual(first);
    expect(secondAgain).toEqual(second);
    expect(calls("reservation_list").map((c) => c.query.page_token)).toEqual([undefined, first.pageToken]);
  });

  it("does not keep an error: the same query asked again reaches Feishu", async () => {
    const q = { ...day(6), pageSize: 20 };
    rig.emulator.injectFault({ endpoint: "reservation_list", effect: { kind: "code", code: 121005, httpStatus: 403 }, times: "once" });
    await expect(rig.gateway.listReservations(q)).rejects.toBeInstanceOf(FeishuError);
    await rig.gateway.listReservations(q);
    await rig.gateway.listReservations(q);
    expect(calls("reservation_list").map((c) => c.code)).toEqual([121005, 0]);
  });

  it("hands out copies: a caller changing its answer changes nobody else's", async () => {
    const q = { ...day(7), pageSize: 20 };
    const mine = await rig.gateway.listReservations(q);
    const pristine = structuredClone(mine.items);
    mine.items.reverse();
    mine.items[0]!.roomName = "changed";
    mine.items[0]!.start?.setTime(0);
    const theirs = await rig.gateway.listReservations(q);
    expect(calls("reservation_list")).toHaveLength(1);
    expect(theirs.items).toEqual(pristine);
  });

  it("keeps today's reservations about a minute and a past day's for hours", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(NOW);
    const today = { start: shanghaiMidnight("2024-06-12"), end: new Date(NOW), ...allRooms(rig.emulator) };
    const past = { ...day(8), pageSize: 50 };
    await rig.gateway.listReservations(today);
    await rig.gateway.listReservations(past);
    vi.setSystemTime(NOW + 30_000);
    await rig.gateway.listReservations(today);
    expect(calls("reservation_list")).toHaveLength(2);
    vi.setSystemTime(NOW + 61_000);
    await rig.gateway.listReservations(today);
    await rig.gateway.listReservations(past);
    expect(calls("reservation_list")).toHaveLength(3);
    vi.setSystemTime(NOW + 3 * 3600_000);
    await rig.gateway.listReservations(past);
    expect(calls("reservation_list")).toHaveLength(3);
  });

  it("keeps an ended meeting for hours and a running one for about half a minute", async () => {
    const running = rig.emulator.tenant.meetings.find(
      (m) => m.startTime < NOW_SEC - 600 && (m.endTime === undefined || m.endTime > NOW_SEC + 600),
    );
    expect(running).toBeDefined();
    const finished = freshMeeting();
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(NOW);
    const live = await rig.gateway.getMeeting(running!.id);
    expect(live.status).toBe("in_progress");
    await rig.gateway.getMeeting(finished.id);
    vi.setSystemTime(NOW + 31_000);
    await rig.gateway.getMeeting(running!.id);
    await rig.gateway.getMeeting(finished.id);
    vi.setSystemTime(NOW + 2 * 3600_000);
    await rig.gateway.getMeeting(finished.id);
    expect(calls("meeting_get").map((c) => c.path.split("/").at(-1))).toEqual([running!.id, finished.id, running!.id]);
  });

  it("keeps a past day's report for hours", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(NOW);
    const q = { start: shanghaiMidnight("2024-06-01"), end: new Date(shanghaiMidnight("2024-06-08").getTime() - 1000) };
    await rig.gateway.getDailyReport(q);
    vi.setSystemTime(NOW + 3 * 3600_000);
    await rig.gateway.getDailyReport(q);
    expect(calls("report_get_daily")).toHaveLength(1);
  });
});

describe("sends", () => {
  const card = (text: string) => ({ schema: "2.0", body: { elements: [{ tag: "markdown", content: text }] } });

  it("are never merged: two different cards to one chat at once are both posted", async () => {
    await Promise.all([rig.gateway.sendCard(GROUP, card("one"), "u-one"), rig.gateway.sendCard(GROUP, card("two"), "u-two")]);
    expect(calls("message_create")).toHaveLength(2);
    expect(rig.emulator.sent().map((s) => JSON.parse(s.content).body.elements[0].content).sort()).toEqual(["one", "two"]);
  });

  it("are never cached: the same card sent twice with two uuids is posted twice", async () => {
    await Promise.all([rig.gateway.sendCard(GROUP, card("same"), "u-1"), rig.gateway.sendCard(GROUP, card("same"), "u-2")]);
    await rig.gateway.sendCard(GROUP, card("same"), "u-3");
    expect(calls("message_create")).toHaveLength(3);
    expect(rig.emulator.sent()).toHaveLength(3);
  });
});
