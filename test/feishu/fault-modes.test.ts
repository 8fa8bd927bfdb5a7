/**
 * One test per fault mode, through the real SDK against the emulator: what the caller gets, and
 * how many upstream calls it cost.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished } from "vitest";
import { FeishuError, NETWORK_ERROR_CODE, RATE_LIMITED_CODE, TOKEN_EXPIRED_CODE } from "../../src/feishu/errors.js";
import type { RetryPolicy } from "../../src/feishu/retry.js";
import type { Meeting } from "../../src/sandbox/emulator/index.js";
import { waitFor } from "../helpers/sandbox.js";
import { captureLog } from "./helpers/log-capture.js";
import { DAY_MS, NOW, endedMeetings, feishuConfig, gatewayFor, startRig, type GatewayRig } from "./helpers/emulator.js";

/** Production's shape, with short back-offs so the file stays fast. */
const FAST_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 20, deadlineMs: 5_000, maxResetWaitMs: 2_000 };

async function rejection(promise: Promise<unknown>): Promise<FeishuError> {
  const outcome = await promise.then(
    () => new Error("expected the call to fail"),
    (e: unknown) => e,
  );
  expect(outcome).toBeInstanceOf(FeishuError);
  return outcome as FeishuError;
}

let rig: GatewayRig;
let ended: Meeting[];
/** A meeting no earlier test asked for, so the cache never answers in its place. */
let next = 0;
const freshMeeting = () => ended[next++]!;

/**
 * The shared rig keeps the production-like HTTP timeout: a short one here made requests on a loaded
 * machine time out and retry, so counts came out wrong and late requests landed in the next test.
 * Tests of timeouts use their own emulator and gateway (`timeoutRig`).
 */
beforeAll(async () => {
  rig = await startRig({ retry: FAST_RETRY });
  ended = endedMeetings(rig.emulator, NOW);
  expect(ended.length).toBeGreaterThan(100);
});
beforeEach(async () => {
  // No request of the previous test may still be in flight, or it would be counted in this one.
  // Every call here is awaited and nothing hangs on this emulator, so each logged call gets answered.
  await waitFor(() => (rig.emulator.calls().every((c) => c.status !== 0) ? true : undefined), 10_000, "the last test's calls to be answered");
  rig.emulator.reset();
});
afterAll(async () => {
  await rig.close();
});

/** A short HTTP timeout, on an emulator of its own: its hung or timed-out requests touch no other test. */
async function timeoutRig(httpTimeoutMs: number, retry: RetryPolicy): Promise<GatewayRig> {
  const own = await startRig({ retry, httpTimeoutMs });
  onTestFinished(() => own.close());
  return own;
}

const calls = (endpoint: string) => rig.emulator.calls().filter((c) => c.endpoint === endpoint);
const codes = (endpoint: string) => calls(endpoint).map((c) => c.code);

describe("fault modes", () => {
  it("a 5xx once: retried, answered, two calls", async () => {
    const m = freshMeeting();
    rig.emulator.injectFault({ endpoint: "meeting_get", effect: { kind: "http", status: 503 }, times: "once" });
    expect((await rig.gateway.getMeeting(m.id)).id).toBe(m.id);
    expect(calls("meeting_get").map((c) => c.status)).toEqual([503, 200]);
  });

  it("121001 once: retried, answered, two calls", async () => {
    const m = freshMeeting();
    rig.emulator.injectFault({ endpoint: "meeting_get", effect: { kind: "code", code: 121001 }, times: "once" });
    expect((await rig.gateway.getMeeting(m.id)).id).toBe(m.id);
    expect(codes("meeting_get")).toEqual([121001, 0]);
  });

  it("99991400 with x-ogw-ratelimit-reset: the wait is honoured, by this call and by the endpoint's others", async () => {
    const [a, b] = [freshMeeting(), freshMeeting()];
    rig.emulator.injectFault({ endpoint: "meeting_get", effect: { kind: "code", code: RATE_LIMITED_CODE }, times: "once" });
    const started = Date.now();
    const first = rig.gateway.getMeeting(a.id);
    // Once Feishu has said "wait a second", another call to the same endpoint waits too.
    // Wait until the gateway has read the 429 (it logs the retry right after pausing the endpoint);
    // the emulator's own call log can be ahead of that under load.
    const pausedYet = () => rig.log.records().some((r) => r.msg === "feishu call failed; retrying" && r.code === RATE_LIMITED_CODE);
    for (let i = 0; i < 400 && !pausedYet(); i++) await new Promise((r) => setTimeout(r, 5));
    expect(pausedYet()).toBe(true);
    const secondStarted = Date.now();
    const second = await rig.gateway.getMeeting(b.id);
    expect(second.id).toBe(b.id);
    expect(Date.now() - secondStarted).toBeGreaterThanOrEqual(800);
    expect((await first).id).toBe(a.id);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    // About a second, not a longer back-off (loose: a loaded machine adds its own delay).
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(codes("meeting_get")).toEqual([RATE_LIMITED_CODE, 0, 0]);
  });

  it("230020 (too many sends to one chat) once: that chat waits a second, then the card is posted once", async () => {
    rig.emulator.injectFault({ endpoint: "message_create", effect: { kind: "code", code: 230020, httpStatus: 400 }, times: "once" });
    const card = { schema: "2.0", body: { elements: [{ tag: "markdown", content: "hi" }] } };
    const started = Date.now();
    await rig.gateway.sendCard("oc_sandbox_group", card, "freq-1");
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(codes("message_create")).toEqual([230020, 0]);
    expect(rig.emulator.sent()).toHaveLength(1);
  });

  it("a timeout (no answer at all): retried after the HTTP timeout, two calls", async () => {
    const own = await timeoutRig(300, FAST_RETRY);
    const m = freshMeeting();
    own.emulator.injectFault({ endpoint: "meeting_get", effect: { kind: "hang" }, times: "once" });
    const started = Date.now();
    expect((await own.gateway.getMeeting(m.id)).id).toBe(m.id);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    // The hung request was never answered (status 0); the retry was.
    expect(own.emulator.calls().filter((c) => c.endpoint === "meeting_get").map((c) => c.status)).toEqual([0, 200]);
  });

  it("a slow answer (as on a loaded machine) is waited for, not retried: one call", async () => {
    const m = freshMeeting();
    // 400 ms is slow but well inside a production timeout; a retry here would double-count calls.
    rig.emulator.injectFault({ endpoint: "meeting_get", effect: { kind: "latency", ms: 400 }, times: "once" });
    expect((await rig.gateway.getMeeting(m.id)).id).toBe(m.id);
    expect(calls("meeting_get").map((c) => c.status)).toEqual([200]);
  });

  it("the token expiring mid-run under 20 concurrent calls: one new token, every call answered", async () => {
    await rig.gateway.getMeeting(freshMeeting().id);
    rig.emulator.reset();
    rig.emulator.expireTokens();
    const meetings = Array.from({ length: 20 }, freshMeeting);
    const details = await Promise.all(meetings.map((m) => rig.gateway.getMeeting(m.id)));
    expect(details.map((d) => d.id)).toEqual(meetings.map((m) => m.id));
    expect(calls("tenant_token")).toHaveLength(1);
    expect(codes("meeting_get").filter((c) => c === TOKEN_EXPIRED_CODE)).toHaveLength(20);
    expect(codes("meeting_get").filter((c) => c === 0)).toHaveLength(20);
  });

  it("the first calls of a new gateway share one token fetch", async () => {
    const gateway = gatewayFor(feishuConfig(rig.emulator), captureLog().logger, FAST_RETRY);
    const meetings = Array.from({ length: 20 }, freshMeeting);
    await Promise.all(meetings.map((m) => gateway.getMeeting(m.id)));
    expect(calls("tenant_token")).toHaveLength(1);
    expect(calls("meeting_get")).toHaveLength(20);
  });

  it("permission denied: not retried, one call", async () => {
    const m = freshMeeting();
    rig.emulator.injectFault({ endpoint: "meeting_get", effect: { kind: "code", code: 121005 }, times: "always" });
    const error = await rejection(rig.gateway.getMeeting(m.id));
    expect(error).toMatchObject({ code: 121005, httpStatus: 403, retryable: false });
    expect(calls("meeting_get")).toHaveLength(1);
  });

  it("a missing scope: not retried, one call", async () => {
    rig.emulator.injectFault({ endpoint: "report_get_daily", effect: { kind: "code", code: 99991672 }, times: "always" });
    const error = await rejection(rig.gateway.getDailyReport({ start: new Date(NOW - 3 * DAY_MS), end: new Date(NOW - 2 * DAY_MS) }));
    expect(error).toMatchObject({ code: 99991672, retryable: false });
    expect(calls("report_get_daily")).toHaveLength(1);
  });

  it("always failing: the allowed number of tries, then a retryable error", async () => {
    const m = freshMeeting();
    rig.emulator.injectFault({ endpoint: "meeting_get", effect: { kind: "code", code: 121001 }, times: "always" });
    const error = await rejection(rig.gateway.getMeeting(m.id));
    expect(error).toMatchObject({ code: 121001, retryable: true, endpoint: "meeting_get" });
    expect(calls("meeting_get")).toHaveLength(FAST_RETRY.attempts);
  });

  it("always failing with many tries allowed: the deadline ends it, with a retryable error", async () => {
    const patient = gatewayFor(feishuConfig(rig.emulator), captureLog().logger, {
      attempts: 1000,
      baseDelayMs: 100,
      deadlineMs: 800,
      maxResetWaitMs: 500,
    });
    rig.emulator.injectFault({ endpoint: "meeting_get", effect: { kind: "http", status: 502 }, times: "always" });
    const started = Date.now();
    const error = await rejection(patient.getMeeting(freshMeeting().id));
    // Without the 800 ms deadline, 1000 tries with back-off would run for minutes; loose for a loaded machine.
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(error).toMatchObject({ httpStatus: 502, retryable: true });
    expect(calls("meeting_get").length).toBeGreaterThan(1);
    expect(calls("meeting_get").length).toBeLessThan(20);
  });

  it("a token endpoint that hangs: a retryable timeout naming tenant_token", async () => {
    const own = await timeoutRig(200, { ...FAST_RETRY, attempts: 1 });
    own.emulator.injectFault({ endpoint: "tenant_token", effect: { kind: "hang" }, times: "once" });
    const error = await rejection(own.gateway.getMeeting(freshMeeting().id));
    expect(error).toMatchObject({ code: NETWORK_ERROR_CODE, retryable: true, endpoint: "tenant_token" });
    expect(own.emulator.calls().filter((c) => c.endpoint === "meeting_get")).toHaveLength(0);
  });
});
