/** Every failure path through the gateway becomes a FeishuError; the token is refreshed once. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  FeishuError,
  HTTP_ERROR_CODE,
  NETWORK_ERROR_CODE,
  RATE_LIMITED_CODE,
  TOKEN_EXPIRED_CODE,
} from "../../src/feishu/errors.js";
import type { FeishuGateway } from "../../src/feishu/gateway.js";
import type { Meeting } from "../../src/sandbox/emulator/index.js";
import { captureLog } from "./helpers/log-capture.js";
import { NO_RETRY, NOW, allRooms, endedMeetings, feishuConfig, gatewayFor, startRig, type GatewayRig } from "./helpers/emulator.js";
import { closedPortUrl } from "./helpers/stub-server.js";

async function rejection(promise: Promise<unknown>): Promise<FeishuError> {
  const outcome = await promise.then(
    () => new Error("expected the call to fail"),
    (e: unknown) => e,
  );
  expect(outcome).toBeInstanceOf(FeishuError);
  return outcome as FeishuError;
}

let rig: GatewayRig;
let meeting: Meeting;
beforeAll(async () => {
  // One try per call: these tests read how a single failure is reported; retries are tested below.
  // No cache either: the same meeting is asked for again and again, each time to see a failure.
  rig = await startRig({ emulator: { rateLimits: false }, retry: NO_RETRY, gateway: { cache: { enabled: false } } });
  meeting = endedMeetings(rig.emulator, NOW)[0]!;
});
beforeEach(() => rig.emulator.reset());
afterAll(async () => {
  await rig.close();
});

const callsTo = (endpoint: string) => rig.emulator.calls().filter((c) => c.endpoint === endpoint);

describe("Feishu error answers", () => {
  it.each([
    [121004, 404, false],
    [121005, 403, false],
    [121003, 400, false],
    [99991672, 400, false],
    [121001, 500, true],
  ])("code %i (HTTP %i) is retryable: %s", async (code, httpStatus, retryable) => {
    rig.emulator.injectFault({ endpoint: "meeting_get", effect: { kind: "code", code }, times: "once" });
    const error = await rejection(rig.gateway.getMeeting(meeting.id));
    expect(error).toMatchObject({ code, httpStatus, retryable, endpoint: "meeting_get", tokenExpired: false });
    expect(error.logId).toMatch(/^0\d+[0-9A-F]+$/);
  });

  it("reads a code answered with HTTP 200", async () => {
    rig.emulator.injectFault({ endpoint: "report_get_daily", effect: { kind: "code", code: 121002, httpStatus: 200 }, times: "once" });
    const error = await rejection(rig.gateway.getDailyReport({ start: new Date(NOW - 86_400_000), end: new Date(NOW) }));
    expect(error).toMatchObject({ code: 121002, httpStatus: 200, retryable: false, endpoint: "report_get_daily" });
  });

  it("reads a rate limit with its reset time", async () => {
    rig.emulator.injectFault({ endpoint: "push_overview", effect: { kind: "code", code: RATE_LIMITED_CODE }, times: "once" });
    const error = await rejection(rig.gateway.getPushOverview({ date: "2024-06-10", cycle: "day" }));
    expect(error).toMatchObject({ code: RATE_LIMITED_CODE, httpStatus: 429, retryable: true, rateLimitResetSeconds: 1 });
  });

  it("reads the emulator's own rate limiting the same way", async () => {
    const limited = await startRig({
      emulator: { limits: { bot_info: [{ max: 1, windowMs: 60_000 }] } },
      gateway: { cache: { enabled: false } },
    });
    try {
      await limited.gateway.getBotInfo();
      const error = await rejection(limited.gateway.getBotInfo());
      expect(error).toMatchObject({ code: RATE_LIMITED_CODE, httpStatus: 429, retryable: true, endpoint: "bot_info" });
      expect(error.rateLimitResetSeconds).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });

  it("reads a bare HTTP error page", async () => {
    rig.emulator.injectFault({ endpoint: "reservation_list", effect: { kind: "http", status: 502 }, times: "once" });
    const error = await rejection(
      rig.gateway.listReservations({ start: new Date(NOW - 3_600_000), end: new Date(NOW), ...allRooms(rig.emulator) }),
    );
    expect(error).toMatchObject({ code: HTTP_ERROR_CODE, httpStatus: 502, retryable: true, endpoint: "reservation_list" });
  });

  it("reads the API's own parameter errors as not retryable", async () => {
    const error = await rejection(
      rig.gateway.listReservations({ start: new Date(NOW + 3_600_000), end: new Date(NOW + 7_200_000), ...allRooms(rig.emulator) }),
    );
    expect(error).toMatchObject({ code: 126005, httpStatus: 400, retryable: false });
  });

  it("reads a missing permission as not retryable", async () => {
    const denied = await startRig({ emulator: { vcAdminPermission: false } });
    try {
      const error = await rejection(denied.gateway.getMeeting(meeting.id));
      expect(error).toMatchObject({ code: 121005, httpStatus: 403, retryable: false });
    } finally {
      await denied.close();
    }
  });

  it("with one try allowed, makes exactly one call", async () => {
    rig.emulator.injectFault({ endpoint: "meeting_get", effect: { kind: "code", code: 121001 }, times: "once" });
    await rejection(rig.gateway.getMeeting(meeting.id));
    expect(callsTo("meeting_get")).toHaveLength(1);
  });

  it("never puts the token in an error message", async () => {
    rig.emulator.injectFault({ endpoint: "meeting_get", effect: { kind: "code", code: 121004 }, times: "once" });
    const error = await rejection(rig.gateway.getMeeting(meeting.id));
    expect(error.message).not.toMatch(/t-[A-Za-z0-9]{8,}/);
  });
});

describe("tenant token expiry", () => {
  it("fetches a new token once and succeeds when tokens expire mid-run", async () => {
    const gateway: FeishuGateway = rig.gateway;
    await gateway.getBotInfo();
    rig.emulator.expireTokens();
    const detail = await gateway.getMeeting(meeting.id);
    expect(detail.id).toBe(meeting.id);
    expect(callsTo("meeting_get").map((c) => c.code)).toEqual([TOKEN_EXPIRED_CODE, 0]);
    // One more token than before the expiry, and the next call reuses it.
    const tokensBefore = callsTo("tenant_token").length;
    await gateway.getBotInfo();
    expect(callsTo("tenant_token")).toHaveLength(tokensBefore);
  });

  it("gives up after one refresh when the token keeps being refused", async () => {
    rig.emulator.injectFault({ endpoint: "meeting_get", effect: { kind: "code", code: TOKEN_EXPIRED_CODE }, times: "always" });
    const tokensBefore = callsTo("tenant_token").length;
    const error = await rejection(rig.gateway.getMeeting(meeting.id));
    expect(error).toMatchObject({ code: TOKEN_EXPIRED_CODE, tokenExpired: true, retryable: false });
    expect(callsTo("meeting_get")).toHaveLength(2);
    expect(callsTo("tenant_token")).toHaveLength(tokensBefore + 1);
  });
});

describe("no answer at all", () => {
  it("turns a hung endpoint into a retryable timeout", async () => {
    const log = captureLog();
    const gateway = gatewayFor(feishuConfig(rig.emulator, { httpTimeoutMs: 250 }), log.logger, NO_RETRY);
    rig.emulator.injectFault({ endpoint: "meeting_list_by_no", effect: { kind: "hang" }, times: "once" });
    const started = Date.now();
    const error = await rejection(
      gateway.listMeetingsByNo({ meetingNo: meeting.meetingNo, start: new Date(NOW - 86_400_000), end: new Date(NOW) }),
    );
    expect(Date.now() - started).toBeLessThan(3000);
    expect(error).toMatchObject({ code: NETWORK_ERROR_CODE, httpStatus: undefined, retryable: true, endpoint: "meeting_list_by_no" });
  });

  it("turns a hung token fetch into a retryable timeout", async () => {
    const log = captureLog();
    const gateway = gatewayFor(feishuConfig(rig.emulator, { httpTimeoutMs: 250 }), log.logger, NO_RETRY);
    rig.emulator.injectFault({ endpoint: "tenant_token", effect: { kind: "hang" }, times: "once" });
    const error = await rejection(gateway.getBotInfo());
    expect(error).toMatchObject({ code: NETWORK_ERROR_CODE, retryable: true, endpoint: "tenant_token" });
  });

  it("turns an unreachable domain into a retryable network error", async () => {
    const log = captureLog();
    const gateway = gatewayFor(feishuConfig(rig.emulator, { domain: await closedPortUrl() }), log.logger, NO_RETRY);
    const error = await rejection(gateway.getDailyReport({ start: new Date(NOW - 86_400_000), end: new Date(NOW) }));
    expect(error).toMatchObject({ code: NETWORK_ERROR_CODE, httpStatus: undefined, retryable: true });
  });
});

describe("the app secret in logs", () => {
  it("is never logged when the token fetch fails with an HTTP error", async () => {
    rig.emulator.injectFault({ endpoint: "tenant_token", effect: { kind: "http", status: 500 }, times: "once" });
    const log = captureLog("trace");
    const gateway = gatewayFor(feishuConfig(rig.emulator), log.logger, NO_RETRY);
    const error = await rejection(gateway.getMeeting(meeting.id));
    expect(error).toMatchObject({ endpoint: "tenant_token", httpStatus: 500, retryable: true });
    expect(log.records().filter((r) => r.msg === "feishu sdk" && r.level === 40).length).toBeGreaterThan(0);
    expect(log.text()).not.toContain(rig.emulator.appSecret);
  });

  it("is never logged when the secret is refused", async () => {
    const log = captureLog("trace");
    const wrongSecret = "WRONG-secret-6b1f0c9e2d";
    const gateway = gatewayFor(feishuConfig(rig.emulator, { appSecret: wrongSecret }), log.logger, NO_RETRY);
    const error = await rejection(gateway.getBotInfo());
    expect(error).toMatchObject({ code: 10014, endpoint: "tenant_token", retryable: false });
    expect(log.text()).toContain("10014");
    expect(log.text()).not.toContain(wrongSecret);
  });

  it("is never logged, nor the token, in a whole session of calls", async () => {
    const log = captureLog("trace");
    const gateway = gatewayFor(feishuConfig(rig.emulator), log.logger, NO_RETRY);
    await gateway.getBotInfo();
    await gateway.getMeeting(meeting.id, { withParticipants: true });
    rig.emulator.expireTokens();
    await gateway.getDailyReport({ start: new Date(NOW - 86_400_000), end: new Date(NOW) });
    rig.emulator.injectFault({ endpoint: "meeting_get", effect: { kind: "code", code: 121001 }, times: "once" });
    await rejection(gateway.getMeeting(meeting.id));
    expect(log.text().length).toBeGreaterThan(0);
    expect(log.text()).not.toContain(rig.emulator.appSecret);
    expect(log.text()).not.toMatch(/t-[A-Za-z0-9]{8,}/);
  });
});

describe("retries", () => {
  let retrying: GatewayRig;
  beforeAll(async () => {
    retrying = await startRig({
      emulator: { rateLimits: false },
      retry: { attempts: 3, baseDelayMs: 20, deadlineMs: 5_000, maxResetWaitMs: 2_000 },
      gateway: { cache: { enabled: false } },
    });
  });
  beforeEach(() => retrying.emulator.reset());
  afterAll(async () => {
    await retrying.close();
  });
  const tries = (endpoint: string) => retrying.emulator.calls().filter((c) => c.endpoint === endpoint);

  it.each([
    ["a 121001 internal error", { kind: "code", code: 121001 }],
    ["a bare 502", { kind: "http", status: 502 }],
  ] as const)("retries %s once and succeeds", async (_name, effect) => {
    retrying.emulator.injectFault({ endpoint: "meeting_get", effect, times: "once" });
    const detail = await retrying.gateway.getMeeting(meeting.id);
    expect(detail.id).toBe(meeting.id);
    expect(tries("meeting_get")).toHaveLength(2);
  });

  it("waits out a rate limit's reset before trying again", async () => {
    retrying.emulator.injectFault({ endpoint: "meeting_get", effect: { kind: "code", code: RATE_LIMITED_CODE }, times: "once" });
    const started = Date.now();
    await retrying.gateway.getMeeting(meeting.id);
    expect(tries("meeting_get").map((c) => c.code)).toEqual([RATE_LIMITED_CODE, 0]);
    // The emulator's fault answers with x-ogw-ratelimit-reset: 1; the retry comes no earlier.
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(Date.now() - started).toBeLessThan(4_000);
  });

  it("gives up after the allowed tries", async () => {
    retrying.emulator.injectFault({ endpoint: "meeting_get", effect: { kind: "code", code: 121001 }, times: "always" });
    const error = await rejection(retrying.gateway.getMeeting(meeting.id));
    expect(error).toMatchObject({ code: 121001, retryable: true });
    expect(tries("meeting_get")).toHaveLength(3);
  });

  it("never retries a parameter or permission error", async () => {
    retrying.emulator.injectFault({ endpoint: "meeting_get", effect: { kind: "code", code: 121005 }, times: "once" });
    await rejection(retrying.gateway.getMeeting(meeting.id));
    expect(tries("meeting_get")).toHaveLength(1);
  });

  it("retries a failed send with the same uuid, so exactly one message is posted", async () => {
    retrying.emulator.injectFault({ endpoint: "message_create", effect: { kind: "http", status: 502 }, times: "once" });
    const card = { schema: "2.0", body: { elements: [{ tag: "markdown", content: "hi" }] } };
    await retrying.gateway.sendCard("oc_sandbox_group", card, "retry-uuid-1");
    expect(tries("message_create")).toHaveLength(2);
    expect(retrying.emulator.sent().filter((s) => s.uuid === "retry-uuid-1")).toHaveLength(1);
  });
});
