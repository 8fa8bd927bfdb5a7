/**
 * Two gateways on one store, as two replicas of the bot, against the emulator: for the memory
 * store, two handles on one SQLite file, and two connections to one Redis (when there is one).
 * Together they stay within Feishu's per-app budget (the emulator answers no 429 when both are
 * driven at twice it), a reset one of them is told is obeyed by the other, a settled answer one
 * fetched is served to the other from the store, and no meeting password is ever in the store.
 * Control cases run the same load without sharing and show the failure the sharing prevents.
 */
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { SharedStateOptions } from "../../src/feishu/call.js";
import { CHAT_RATE_LIMITED_CODE, RATE_LIMITED_CODE } from "../../src/feishu/errors.js";
import type { FeishuGateway } from "../../src/feishu/gateway.js";
import type { EmulatorOptions, Meeting } from "../../src/sandbox/emulator/index.js";
import {
  DAY_MS,
  NOW,
  endedMeetings,
  feishuConfig,
  gatewayFor,
  shanghaiMidnight,
  startRig,
  type GatewayExtras,
  type GatewayRig,
} from "./helpers/emulator.js";
import { failingStore, sharedEngines, type SharedPlace } from "./helpers/shared-stores.js";

const { engines, close } = await sharedEngines();
afterAll(close);

let rig: GatewayRig | undefined;
let place: SharedPlace | undefined;
afterEach(async () => {
  await rig?.close();
  await place?.close();
  rig = undefined;
  place = undefined;
});

interface Replicas {
  rig: GatewayRig;
  a: FeishuGateway;
  b: FeishuGateway;
}

/**
 * An emulator and two gateways on it. `shared` gives each gateway the options for its own handle
 * on the store (undefined: no sharing, the control case).
 */
async function replicas(
  emulator: EmulatorOptions,
  gateway: GatewayExtras,
  shared: ((replica: "a" | "b") => SharedStateOptions) | undefined,
): Promise<Replicas> {
  rig = await startRig({ emulator, gateway: { ...gateway, ...(shared ? { shared: shared("a") } : {}) } });
  const b = gatewayFor(feishuConfig(rig.emulator), rig.log.logger, undefined, {
    now: gateway.now ?? (() => NOW),
    ...gateway,
    ...(shared ? { shared: shared("b") } : {}),
  });
  return { rig, a: rig.gateway, b };
}

const SECRET = "the-app-secret";
const GROUP = "oc_sandbox_group";
const onPlace = (p: SharedPlace) => (replica: "a" | "b"): SharedStateOptions => ({ store: replica === "a" ? p.a : p.b, secret: SECRET });

const listCalls = (r: GatewayRig) => r.emulator.calls().filter((c) => c.endpoint === "meeting_list_by_no");

/** Distinct list_by_no queries over settled days (no two alike, so no cache or flight merges them). */
function distinctListQueries(r: GatewayRig, count: number, skip = 0) {
  const numbers = [...new Set(r.emulator.tenant.meetings.map((m) => m.meetingNo))].slice(skip, skip + count);
  expect(numbers).toHaveLength(count);
  const end = new Date(Date.now() - 3 * DAY_MS);
  return numbers.map((meetingNo) => ({ meetingNo, start: new Date(end.getTime() - 7 * DAY_MS), end }));
}

/** See gateway-limits.test.ts: the gateways' window is longer than the emulator's by the transport's jitter. */
const TRANSPORT_JITTER_MS = 500;
const EMULATOR_WINDOW = { max: 10, windowMs: 1_000 };
const OUR_WINDOW = { max: EMULATOR_WINDOW.max, windowMs: EMULATOR_WINDOW.windowMs + TRANSPORT_JITTER_MS };
/** Each replica alone asks for one and a half windows' worth: together, three times the budget of a window. */
const PER_REPLICA = 15;

async function oversubscribe(shared: ((replica: "a" | "b") => SharedStateOptions) | undefined) {
  const r = await replicas(
    { now: () => Date.now(), limits: { meeting_list_by_no: [EMULATOR_WINDOW] } },
    { now: () => Date.now(), limits: { meeting_list_by_no: [OUR_WINDOW] } },
    shared,
  );
  const started = Date.now();
  const outcomes = await Promise.allSettled([
    ...distinctListQueries(r.rig, PER_REPLICA, 0).map((q) => r.a.listMeetingsByNo(q)),
    ...distinctListQueries(r.rig, PER_REPLICA, PER_REPLICA).map((q) => r.b.listMeetingsByNo(q)),
  ]);
  return { r, outcomes, elapsed: Date.now() - started };
}

for (const engine of engines) {
  describe.skipIf(!engine.available)(`two replicas on one ${engine.name} store`, () => {
    it("driven together at three times list_by_no's budget, draw no 429 and run at the limit", { timeout: 30_000 }, async () => {
      place = await engine.open();
      const { r, outcomes, elapsed } = await oversubscribe(onPlace(place));
      expect(outcomes.filter((o) => o.status === "rejected")).toEqual([]);
      const calls = listCalls(r.rig);
      expect(calls.map((c) => c.code).filter((code) => code !== 0)).toEqual([]);
      expect(calls).toHaveLength(2 * PER_REPLICA);
      // What the emulator counted, window by window: never more than it allows.
      const perWindow = new Map<number, number>();
      for (const c of calls) perWindow.set(Math.floor(c.at / EMULATOR_WINDOW.windowMs), (perWindow.get(Math.floor(c.at / EMULATOR_WINDOW.windowMs)) ?? 0) + 1);
      expect(Math.max(...perWindow.values())).toBeLessThanOrEqual(EMULATOR_WINDOW.max);
      // 30 calls at 10 a (widened) window: the last slot opens two windows after the first.
      expect(elapsed).toBeGreaterThanOrEqual(2 * OUR_WINDOW.windowMs - 50);
      expect(elapsed).toBeLessThan(12_000);
    });

    it("cards to one chat from both replicas keep to its 5 a second together: none refused with 230020", async () => {
      place = await engine.open();
      const perChat = { max: 5, windowMs: 1_000 + TRANSPORT_JITTER_MS };
      const r = await replicas({ now: () => Date.now() }, { now: () => Date.now(), limits: { send_per_chat: [perChat] } }, onPlace(place));
      const card = (n: number) => ({ schema: "2.0", body: { elements: [{ tag: "markdown", content: `card ${n}` }] } });
      const started = Date.now();
      await Promise.all([
        ...Array.from({ length: 5 }, (_, n) => r.a.sendCard(GROUP, card(n), `a-${n}`)),
        ...Array.from({ length: 5 }, (_, n) => r.b.sendCard(GROUP, card(n), `b-${n}`)),
      ]);
      const creates = r.rig.emulator.calls().filter((c) => c.endpoint === "message_create");
      expect(creates.map((c) => c.code)).toEqual(new Array(10).fill(0));
      expect(Date.now() - started).toBeGreaterThanOrEqual(perChat.windowMs - 50);
    });

    it("a rate-limit reset one replica is told holds the other's calls too: Feishu never sees them", async () => {
      place = await engine.open();
      const r = await replicasForReset(onPlace(place));
      const [q1, q2, q3] = distinctListQueries(r.rig, 3);
      await r.a.listMeetingsByNo(q1!);
      const refused = await r.a.listMeetingsByNo(q2!).catch((e: unknown) => e);
      expect(refused).toMatchObject({ code: RATE_LIMITED_CODE, httpStatus: 429 });
      const held = await r.b.listMeetingsByNo(q3!).catch((e: unknown) => e);
      // Held back by the gateway (no HTTP status: it was never sent), with the time left to wait.
      expect(held).toMatchObject({ code: RATE_LIMITED_CODE, httpStatus: undefined, retryable: true });
      expect((held as { rateLimitResetSeconds: number }).rateLimitResetSeconds).toBeGreaterThan(5);
      expect(listCalls(r.rig).map((c) => c.code)).toEqual([0, RATE_LIMITED_CODE]);
    }, RESET_TEST_TIMEOUT_MS);

    it("a settled answer fetched by one replica is served to the other from the store, passwords and all", async () => {
      place = await engine.open();
      const r = await replicas({}, {}, onPlace(place));
      const { meeting, list } = withPasswords(r.rig);
      const countOf = (endpoint: string) => r.rig.emulator.calls().filter((c) => c.endpoint === endpoint).length;

      const detailA = await r.a.getMeeting(meeting.id, { withParticipants: true });
      const detailB = await r.b.getMeeting(meeting.id, { withParticipants: true });
      expect(countOf("meeting_get")).toBe(1);
      expect(detailB).toEqual(detailA);
      expect(detailB.endTime).toBeInstanceOf(Date);
      expect(detailB.password?.reveal()).toBe(meeting.password);

      const pageA = await r.a.listMeetingsByNo(list);
      const pageB = await r.b.listMeetingsByNo(list);
      expect(countOf("meeting_list_by_no")).toBe(1);
      expect(pageB).toEqual(pageA);
      expect(pageB.items.map((m) => m.password?.reveal())).toEqual(pageA.items.map((m) => m.password?.reveal()));
      expect(pageB.items.some((m) => m.password !== undefined)).toBe(true);

      const pastWeek = { start: shanghaiMidnight("2024-06-01"), end: shanghaiMidnight("2024-06-08") };
      await r.a.getDailyReport(pastWeek);
      await r.b.getDailyReport(pastWeek);
      expect(countOf("report_get_daily")).toBe(1);

      // Today can still change: each replica asks for itself.
      const today = { start: shanghaiMidnight("2024-06-12"), end: new Date(NOW) };
      await r.a.getDailyReport(today);
      await r.b.getDailyReport(today);
      expect(countOf("report_get_daily")).toBe(3);
    });

    it("never holds a meeting password in clear: not in any value, not in the file", async () => {
      place = await engine.open();
      const r = await replicas({}, {}, onPlace(place));
      const { meeting, list } = withPasswords(r.rig);
      const detail = await r.a.getMeeting(meeting.id);
      const page = await r.b.listMeetingsByNo(list);
      const passwords = new Set([detail.password!.reveal(), ...page.items.flatMap((m) => (m.password ? [m.password.reveal()] : []))]);
      expect(passwords.size).toBeGreaterThan(0);

      const raw = await place.raw();
      const cached = raw.filter(([key]) => key.includes("feishu:cache:"));
      expect(cached.length).toBeGreaterThanOrEqual(2);
      const everything = raw.map(([key, value]) => `${key}\n${value}`).join("\n");
      for (const password of passwords) expect(everything).not.toContain(password);
      const files = place.files?.();
      if (files) {
        expect(files.length).toBeGreaterThan(0);
        for (const password of passwords) expect(files.includes(Buffer.from(password))).toBe(false);
      }
    });
  });
}

describe("a shared store that fails", () => {
  it("costs no answer: calls are limited and cached in the process, and each kind of failure is logged once", async () => {
    const r = await replicas({}, {}, () => ({ store: failingStore(), secret: SECRET }));
    const { meeting, list } = withPasswords(r.rig);
    for (let i = 0; i < 3; i++) {
      await r.a.getMeeting(meeting.id);
      await r.a.listMeetingsByNo(list);
    }
    const calls = r.rig.emulator.calls();
    expect(calls.filter((c) => c.endpoint === "meeting_get")).toHaveLength(1);
    expect(calls.filter((c) => c.endpoint === "meeting_list_by_no")).toHaveLength(1);
    // Once per kind, however often it failed (the store was asked for each call).
    const warnings = r.rig.log.records().filter((rec) => rec.level === 40).map((rec) => String(rec.msg));
    expect(warnings.sort()).toEqual([
      "feishu: shared cache get failed; going on without it",
      "feishu: shared cache set failed; going on without it",
      "feishu: store failed; rate limits counted in this process only for now",
    ]);
  });
});

describe("control: two replicas without a shared store", () => {
  it("driven the same way, draw 429s from the emulator", { timeout: 30_000 }, async () => {
    const { r } = await oversubscribe(undefined);
    expect(listCalls(r.rig).filter((c) => c.code === RATE_LIMITED_CODE).length).toBeGreaterThan(0);
  });

  it("cards to one chat from both replicas: the chat's limit refuses some (230020)", async () => {
    const r = await replicas({ now: () => Date.now() }, { now: () => Date.now() }, undefined);
    const card = { schema: "2.0", body: { elements: [{ tag: "markdown", content: "x" }] } };
    await Promise.allSettled([
      ...Array.from({ length: 5 }, (_, n) => r.a.sendCard(GROUP, card, `a-${n}`)),
      ...Array.from({ length: 5 }, (_, n) => r.b.sendCard(GROUP, card, `b-${n}`)),
    ]);
    const codes = r.rig.emulator.calls().filter((c) => c.endpoint === "message_create").map((c) => c.code);
    expect(codes.filter((code) => code === CHAT_RATE_LIMITED_CODE).length).toBeGreaterThan(0);
  });

  it("the other replica, not told of the reset, sends its call and is refused by Feishu", async () => {
    const r = await replicasForReset(undefined);
    const [q1, q2, q3] = distinctListQueries(r.rig, 3);
    await r.a.listMeetingsByNo(q1!);
    await r.a.listMeetingsByNo(q2!).catch(() => undefined);
    await r.b.listMeetingsByNo(q3!).catch(() => undefined);
    expect(listCalls(r.rig).map((c) => c.code)).toEqual([0, RATE_LIMITED_CODE, RATE_LIMITED_CODE]);
  }, RESET_TEST_TIMEOUT_MS);

  it("each replica asks Feishu for the same settled answer", async () => {
    const r = await replicas({}, {}, undefined);
    const { meeting } = withPasswords(r.rig);
    await r.a.getMeeting(meeting.id);
    await r.b.getMeeting(meeting.id);
    expect(r.rig.emulator.calls().filter((c) => c.endpoint === "meeting_get")).toHaveLength(2);
  });
});

/** replicasForReset may first wait out up to 20 s of an hour, on top of the test's own time. */
const RESET_TEST_TIMEOUT_MS = 45_000;

/**
 * Feishu stricter than the gateways believe: one list_by_no an hour, so the second call's reset is
 * long (past the retry policy's 5 s: the caller hears of it) and both calls fall in one window.
 */
async function replicasForReset(shared: ((replica: "a" | "b") => SharedStateOptions) | undefined): Promise<Replicas> {
  const hour = 3_600_000;
  const left = hour - (Date.now() % hour);
  if (left < 20_000) await new Promise((resolve) => setTimeout(resolve, left + 50));
  return replicas({ now: () => Date.now(), limits: { meeting_list_by_no: [{ max: 1, windowMs: hour }] } }, { now: () => Date.now() }, shared);
}

/** An ended meeting with a password, and a settled list_by_no query whose page holds passwords. */
function withPasswords(r: GatewayRig): { meeting: Meeting & { password: string }; list: { meetingNo: string; start: Date; end: Date } } {
  const meeting = endedMeetings(r.emulator, NOW).find((m): m is Meeting & { password: string } => m.password !== undefined)!;
  expect(meeting).toBeDefined();
  const end = shanghaiMidnight("2024-06-10");
  const start = new Date(end.getTime() - 30 * DAY_MS);
  const inRange = r.emulator.tenant.meetings.filter(
    (m) => m.password !== undefined && m.startTime * 1000 >= start.getTime() && (m.endTime ?? Infinity) * 1000 < end.getTime(),
  );
  expect(inRange.length).toBeGreaterThan(0);
  return { meeting, list: { meetingNo: inRange[0]!.meetingNo, start, end } };
}
