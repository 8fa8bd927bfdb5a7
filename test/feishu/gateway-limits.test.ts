/**
 * The gateway's own rate limits against the emulator's (which answer 429 / 99991400 or 230020
 * when exceeded), on the real clock: calls wait for a slot instead of being refused upstream.
 */
import { afterEach, describe, expect, it } from "vitest";
import { FeishuError, RATE_LIMITED_CODE } from "../../src/feishu/errors.js";
import type { EmulatorOptions } from "../../src/sandbox/emulator/index.js";
import type { GatewayExtras } from "./helpers/emulator.js";
import { startRig, type GatewayRig } from "./helpers/emulator.js";
import { waitFor } from "../helpers/sandbox.js";

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

/**
 * The limiter spaces the times it GRANTS slots (with a 25 ms margin); the emulator counts the times
 * requests ARRIVE, in windows aligned to the clock. On a loaded machine the two differ by far more
 * than 25 ms, so where a test asserts "Feishu refused nothing", the gateway's window is this much
 * longer than the emulator's: what is proven is that the limiter holds calls to its configured rate
 * instead of letting them be refused, not the size of the production margin.
 */
const TRANSPORT_JITTER_MS = 500;
const withJitterAllowance = (max: number, windowMs: number) => [{ max, windowMs: windowMs + TRANSPORT_JITTER_MS }];

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
    const ours = withJitterAllowance(20, 1000);
    const r = await realClockRig({ limits: { meeting_list_by_no: limit } }, { limits: { meeting_list_by_no: ours } });
    const started = Date.now();
    const pages = await Promise.all(distinctListQueries(r, 60).map((q) => r.gateway.listMeetingsByNo(q)));
    const elapsed = Date.now() - started;
    expect(pages).toHaveLength(60);
    const listCalls = r.emulator.calls().filter((c) => c.endpoint === "meeting_list_by_no");
    expect(listCalls.filter((c) => c.code === RATE_LIMITED_CODE)).toHaveLength(0);
    expect(listCalls).toHaveLength(60);
    // 60 calls at 20 a window: the last slot opens two (allowance-widened) windows after the first.
    // The upper bound only rules out a limiter far stricter than its limit (1 a second would take a
    // minute); how fast granted calls then travel is transport timing, not asserted tightly.
    expect(elapsed).toBeGreaterThanOrEqual(2 * ours[0]!.windowMs);
    expect(elapsed).toBeLessThan(15_000);
  });

  it("refuses at once, retryable, a call whose slot would come after the deadline; Feishu never sees it", async () => {
    // Two a 2-minute window: the third slot is further away than the production policy waits (60 s).
    const r = await realClockRig({}, { limits: { meeting_list_by_no: [{ max: 2, windowMs: 120_000 }] } });
    const started = Date.now();
    const outcomes = await Promise.allSettled(distinctListQueries(r, 3).map((q) => r.gateway.listMeetingsByNo(q)));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "fulfilled", "rejected"]);
    const error = (outcomes[2] as PromiseRejectedResult).reason as FeishuError;
    expect(error).toBeInstanceOf(FeishuError);
    expect(error).toMatchObject({ code: RATE_LIMITED_CODE, retryable: true, httpStatus: undefined, endpoint: "meeting_list_by_no" });
    expect(error.rateLimitResetSeconds).toBeGreaterThan(100);
    expect(r.emulator.calls().filter((c) => c.endpoint === "meeting_list_by_no")).toHaveLength(2);
  });

  it("after a 429, holds the endpoint's other calls until its reset instead of sending them, then answers both", { timeout: 45_000 }, async () => {
    // Feishu is stricter than the gateway believes: 1 per 10 s window (aligned to the clock).
    const r = await realClockRig({ limits: { meeting_list_by_no: [{ max: 1, windowMs: 10_000 }] } });
    const [q1, q2, q3] = distinctListQueries(r, 3);
    // Start early in a window, so q1 and q2 cannot fall on either side of a boundary on a slow machine.
    const intoWindow = Date.now() % 10_000;
    if (intoWindow > 6_000) await new Promise((resolve) => setTimeout(resolve, 10_000 - intoWindow + 50));
    await r.gateway.listMeetingsByNo(q1!);
    const calls = () => r.emulator.calls().filter((c) => c.endpoint === "meeting_list_by_no");
    const second = r.gateway.listMeetingsByNo(q2!);
    const refused = await waitFor(() => calls().find((c) => c.code === RATE_LIMITED_CODE), 5_000, "the 429");
    const third = r.gateway.listMeetingsByNo(q3!);
    // Both are answered in the end: the production policy waits out a reset of seconds.
    const answered = await Promise.allSettled([second, third]);
    expect(answered.map((a) => a.status)).toEqual(["fulfilled", "fulfilled"]);
    // Nothing was sent while the budget was paused: the window of the 429 saw no other call.
    const resetAt = Math.ceil((refused.at + 1) / 10_000) * 10_000;
    expect(calls().filter((c) => c.at > refused.at && c.at < resetAt - TRANSPORT_JITTER_MS)).toEqual([]);
    expect(calls().filter((c) => c.code === 0).length).toBe(3);
  });

  it("sends a burst of cards to one chat at 5 a second: none refused, all posted", async () => {
    // The emulator refuses a 6th card to a chat within its 1 s window (230020).
    const perChat = withJitterAllowance(5, 1000);
    const r = await realClockRig({}, { limits: { send_per_chat: perChat } });
    const card = (n: number) => ({ schema: "2.0", body: { elements: [{ tag: "markdown", content: `card ${n}` }] } });
    const started = Date.now();
    await Promise.all(Array.from({ length: 8 }, (_, n) => r.gateway.sendCard(GROUP, card(n), `burst-${n}`)));
    const creates = r.emulator.calls().filter((c) => c.endpoint === "message_create");
    expect(creates.map((c) => c.code)).toEqual(new Array(8).fill(0));
    expect(r.emulator.sent()).toHaveLength(8);
    // No 230020 above is the proof of the spacing: arrival times carry transport jitter, so they are
    // not checked against a window here. 5, then 3 a window later.
    expect(Date.now() - started).toBeGreaterThanOrEqual(perChat[0]!.windowMs);
  });

  it("keeps one chat's burst from delaying another chat's card", async () => {
    const r = await realClockRig({});
    const card = { schema: "2.0", body: { elements: [{ tag: "markdown", content: "x" }] } };
    // 15 cards at 5 a second: the last five wait 2 s. The other chat's card must not queue behind them;
    // checked by order (what the group had been sent when it landed), not by a tight stopwatch.
    const burst = Promise.all(Array.from({ length: 15 }, (_, n) => r.gateway.sendCard(GROUP, card, `a-${n}`)));
    await r.gateway.sendCard(P2P, card, "b-0");
    expect(r.emulator.sent().filter((m) => m.chatId === GROUP).length).toBeLessThan(15);
    await burst;
    expect(r.emulator.sent().filter((m) => m.chatId === GROUP)).toHaveLength(15);
  });

  it("replies to many messages of one chat, given the chat: none refused with 230020", async () => {
    const r = await realClockRig({}, { limits: { send_per_chat: withJitterAllowance(5, 1000) } });
    const card = (text: string) => ({ schema: "2.0", body: { elements: [{ tag: "markdown", content: text }] } });
    const parents = await Promise.all(Array.from({ length: 6 }, (_, n) => r.gateway.sendCard(P2P, card(`q${n}`), `q-${n}`)));
    await Promise.all(parents.map((p, n) => r.gateway.replyCard(p.messageId, card(`a${n}`), `a-${n}`, { chatId: P2P })));
    const replies = r.emulator.calls().filter((c) => c.endpoint === "message_reply");
    // No 230020 from the emulator's per-chat limit; arrival windows are transport timing, not checked.
    expect(replies.map((c) => c.code)).toEqual(new Array(6).fill(0));
    expect(r.emulator.sent().filter((m) => m.parentId !== undefined)).toHaveLength(6);
  });

  it("lets a reply wait for its slot past the query deadline, up to the send deadline", { timeout: 15_000 }, async () => {
    // One card a chat per 2 s; queries would give up after 300 ms, sends wait up to 10 s.
    const retry = { attempts: 3, baseDelayMs: 20, deadlineMs: 300, maxResetWaitMs: 300, sendDeadlineMs: 10_000 };
    rig = await startRig({
      emulator: { now: () => Date.now() },
      retry,
      gateway: { now: () => Date.now(), limits: { send_per_chat: [{ max: 1, windowMs: 2_000 }], meeting_list_by_no: [{ max: 1, windowMs: 2_000 }] } },
    });
    const r = rig;
    const card = (text: string) => ({ schema: "2.0", body: { elements: [{ tag: "markdown", content: text }] } });
    const parent = await r.gateway.sendCard(P2P, card("q"), "slow-q");
    const started = Date.now();
    await r.gateway.replyCard(parent.messageId, card("a"), "slow-a", { chatId: P2P });
    // It waited for the next window rather than failing at 300 ms.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_500);
    expect(r.emulator.sent().filter((m) => m.parentId === parent.messageId)).toHaveLength(1);
    // A query that would wait as long is refused at once (the control: the deadline is short for it).
    const [q1, q2] = distinctListQueries(r, 2);
    await r.gateway.listMeetingsByNo(q1!);
    await expect(r.gateway.listMeetingsByNo(q2!)).rejects.toMatchObject({ code: RATE_LIMITED_CODE, httpStatus: undefined });
  });
});
