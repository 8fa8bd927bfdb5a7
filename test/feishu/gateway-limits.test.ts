/**
 * The gateway's own rate limits against the emulator's (which answer 429 / 99991400 or 230020
 * when exceeded), on the real clock: calls wait for a slot instead of being refused upstream.
 */
import { afterEach, describe, expect, it } from "vitest";
import { FeishuError, RATE_LIMITED_CODE } from "../../src/feishu/errors.js";
import type { EmulatorOptions } from "../../src/sandbox/emulator/index.js";
import type { GatewayExtras } from "./helpers/emulator.js";
import { startRig, type GatewayRig } from "./helpers/emulator.js";

const DAY_MS = 86_400_000;
const GROUP = "oc_sandbox_group";
const P2P = "oc_sandbox_p2p";

let rig: GatewayRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

/** An emulator on the real clock (its rate windows must move) with the given limits on both sides. */
async function realClockRig(emulator: EmulatorOptions, gateway: GatewayExtras = {}): Promise<GatewayRig> {
  rig = await startRig({ emulator: { now: () => Date.now(), ...emulator }, gateway: { now: () => Date.now(), ...gateway } });
  return rig;
}

/** Distinct list_by_no queries (different meeting numbers), so neither cache nor coalescing merges them. */
function distinctListQueries(r: GatewayRig, count: number) {
  const numbers = [...new Set(r.emulator.tenant.meetings.map((m) => m.meetingNo))];
  expect(numbers.length).toBeGreaterThanOrEqual(count);
  const end = new Date(Date.now() - 2 * DAY_MS);
  return numbers.slice(0, count).map((meetingNo) => ({ meetingNo, start: new Date(end.getTime() - 7 * DAY_MS), end }));
}

describe("rate limits", () => {
  it("oversubscribed 3x, list_by_no gets no 429 and runs at the limit", async () => {
    const limit = [{ max: 20, windowMs: 1000 }];
    const r = await realClockRig({ limits: { meeting_list_by_no: limit } }, { limits: { meeting_list_by_no: limit } });
    const started = Date.now();
    const pages = await Promise.all(distinctListQueries(r, 60).map((q) => r.gateway.listMeetingsByNo(q)));
    const elapsed = Date.now() - started;
    expect(pages).toHaveLength(60);
    const listCalls = r.emulator.calls().filter((c) => c.endpoint === "meeting_list_by_no");
    expect(listCalls.filter((c) => c.code === RATE_LIMITED_CODE)).toHaveLength(0);
    expect(listCalls).toHaveLength(60);
    // 60 calls at 20/s: the last slot opens a little after 2 s (the safety margin adds 25 ms a second).
    expect(elapsed).toBeGreaterThanOrEqual(2_000);
    expect(elapsed).toBeLessThan(3_000);
  });

  it("refuses at once, retryable, a call whose slot would come after the deadline; Feishu never sees it", async () => {
    const r = await realClockRig({}, { limits: { meeting_list_by_no: [{ max: 2, windowMs: 60_000 }] } });
    const started = Date.now();
    const outcomes = await Promise.allSettled(distinctListQueries(r, 3).map((q) => r.gateway.listMeetingsByNo(q)));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "fulfilled", "rejected"]);
    const error = (outcomes[2] as PromiseRejectedResult).reason as FeishuError;
    expect(error).toBeInstanceOf(FeishuError);
    expect(error).toMatchObject({ code: RATE_LIMITED_CODE, retryable: true, httpStatus: undefined, endpoint: "meeting_list_by_no" });
    expect(error.rateLimitResetSeconds).toBeGreaterThan(50);
    expect(r.emulator.calls().filter((c) => c.endpoint === "meeting_list_by_no")).toHaveLength(2);
  });

  it("after a 429 with a long reset, holds the endpoint's other calls instead of sending them", { timeout: 30_000 }, async () => {
    // Feishu is stricter than the gateway believes: 1 a minute.
    const r = await realClockRig({ limits: { meeting_list_by_no: [{ max: 1, windowMs: 60_000 }] } });
    const [q1, q2, q3] = distinctListQueries(r, 3);
    // The emulator's windows are aligned to the clock's minutes: start early in one, so q1 and q2
    // cannot fall on either side of a boundary on a slow machine.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 45_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - intoMinute + 50));
    await r.gateway.listMeetingsByNo(q1!);
    const refused = await r.gateway.listMeetingsByNo(q2!).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: RATE_LIMITED_CODE, httpStatus: 429, retryable: true });
    const held = await r.gateway.listMeetingsByNo(q3!).catch((e: unknown) => e);
    expect(held).toMatchObject({ code: RATE_LIMITED_CODE, retryable: true, httpStatus: undefined });
    expect(r.emulator.calls().filter((c) => c.endpoint === "meeting_list_by_no").map((c) => c.code)).toEqual([0, RATE_LIMITED_CODE]);
  });

  it("sends a burst of cards to one chat at 5 a second: none refused, all posted", async () => {
    const r = await realClockRig({});
    const card = (n: number) => ({ schema: "2.0", body: { elements: [{ tag: "markdown", content: `card ${n}` }] } });
    const started = Date.now();
    await Promise.all(Array.from({ length: 8 }, (_, n) => r.gateway.sendCard(GROUP, card(n), `burst-${n}`)));
    const creates = r.emulator.calls().filter((c) => c.endpoint === "message_create");
    expect(creates.map((c) => c.code)).toEqual(new Array(8).fill(0));
    expect(r.emulator.sent()).toHaveLength(8);
    for (const c of creates) expect(creates.filter((d) => d.at > c.at - 1000 && d.at <= c.at).length).toBeLessThanOrEqual(5);
    // 5, then 3 a second later.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
  });

  it("keeps one chat's burst from delaying another chat's card", async () => {
    const r = await realClockRig({});
    const card = { schema: "2.0", body: { elements: [{ tag: "markdown", content: "x" }] } };
    const burst = Promise.all(Array.from({ length: 6 }, (_, n) => r.gateway.sendCard(GROUP, card, `a-${n}`)));
    const otherStarted = Date.now();
    await r.gateway.sendCard(P2P, card, "b-0");
    expect(Date.now() - otherStarted).toBeLessThan(500);
    await burst;
  });

  it("replies to many messages of one chat, given the chat: none refused with 230020", async () => {
    const r = await realClockRig({});
    const card = (text: string) => ({ schema: "2.0", body: { elements: [{ tag: "markdown", content: text }] } });
    const parents = await Promise.all(Array.from({ length: 6 }, (_, n) => r.gateway.sendCard(P2P, card(`q${n}`), `q-${n}`)));
    await Promise.all(parents.map((p, n) => r.gateway.replyCard(p.messageId, card(`a${n}`), `a-${n}`, { chatId: P2P })));
    const replies = r.emulator.calls().filter((c) => c.endpoint === "message_reply");
    expect(replies.map((c) => c.code)).toEqual(new Array(6).fill(0));
    for (const c of replies) expect(replies.filter((d) => d.at > c.at - 1000 && d.at <= c.at).length).toBeLessThanOrEqual(5);
  });
});
