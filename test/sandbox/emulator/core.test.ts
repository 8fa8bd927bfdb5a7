/**
 * Emulator conformance, the gateway part: tenant tokens (api-access-tokens.md), token and scope
 * errors (api-error-codes.md), rate limits (api-rate-limits.md), injected faults, the call log and
 * the control API.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { waitFor } from "../../helpers/sandbox.js";
import { DEFAULT_SCOPES, SCOPES, type Emulator } from "../../../src/sandbox/emulator/index.js";
import {
  DAY,
  NOW,
  NOW_SEC,
  failure,
  raw,
  sdkClient,
  startTestEmulator,
  tenantToken,
  type Started,
} from "./helpers.js";

const TOKEN_PATH = "/open-apis/auth/v3/tenant_access_token/internal";
const BOT_INFO = "/open-apis/bot/v3/info";

const running: Emulator[] = [];
async function start(options: Parameters<typeof startTestEmulator>[0] = {}): Promise<Started> {
  const s = await startTestEmulator(options);
  running.push(s.emulator);
  return s;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.close()));
});

const dailyParams = { params: { start_time: String(NOW_SEC - 7 * DAY), end_time: String(NOW_SEC) } };

describe("tenant_access_token/internal", () => {
  it("issues a t- token and its lifetime for the app's credentials", async () => {
    const { emulator } = await start();
    const answer = await raw(emulator, "POST", TOKEN_PATH, { body: { app_id: emulator.appId, app_secret: emulator.appSecret } });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ code: 0, msg: "ok", expire: 7200 });
    expect(answer.json.tenant_access_token).toMatch(/^t-[0-9a-f]{20,}$/);
  });

  it("gives the same token with less time left when asked again before it expires", async () => {
    const { emulator, clock } = await start();
    const first = await tenantToken(emulator);
    clock.now += 600_000;
    const again = await raw(emulator, "POST", TOKEN_PATH, { body: { app_id: emulator.appId, app_secret: emulator.appSecret } });
    expect(again.json.tenant_access_token).toBe(first);
    expect(again.json.expire).toBe(7200 - 600);
  });

  it("issues a new token once under 30 minutes are left, and the old one works until it expires", async () => {
    const { emulator, clock } = await start();
    const old = await tenantToken(emulator);
    clock.now += (7200 - 1700) * 1000;
    const fresh = await tenantToken(emulator);
    expect(fresh).not.toBe(old);
    expect((await raw(emulator, "GET", BOT_INFO, { token: old })).json.code).toBe(0);
    clock.now += 1700 * 1000;
    expect((await raw(emulator, "GET", BOT_INFO, { token: old })).json.code).toBe(99991663);
    expect((await raw(emulator, "GET", BOT_INFO, { token: fresh })).json.code).toBe(0);
  });

  it("refuses a wrong secret (10014) and an unknown app (10003) with HTTP 200 and no token", async () => {
    const { emulator } = await start();
    const wrongSecret = await raw(emulator, "POST", TOKEN_PATH, { body: { app_id: emulator.appId, app_secret: "nope" } });
    expect(wrongSecret.status).toBe(200);
    expect(wrongSecret.json).toEqual({ code: 10014, msg: "app secret invalid" });
    const unknownApp = await raw(emulator, "POST", TOKEN_PATH, { body: { app_id: "cli_0000000000000000", app_secret: emulator.appSecret } });
    expect(unknownApp.json).toEqual({ code: 10003, msg: "invalid param" });
    const missing = await raw(emulator, "POST", TOKEN_PATH, { body: {} });
    expect(missing.json.code).toBe(10003);
  });

  it("makes the SDK fail its token fetch on a wrong secret", async () => {
    const { emulator } = await start();
    const client = sdkClient(emulator, "wrong-secret");
    await expect(client.request({ method: "GET", url: BOT_INFO })).rejects.toThrow(/10014/);
  });

  it("keeps app_secret out of the call log", async () => {
    const { emulator } = await start();
    await tenantToken(emulator);
    const [call] = emulator.calls();
    expect(call?.endpoint).toBe("tenant_token");
    expect(JSON.stringify(call?.body)).not.toContain(emulator.appSecret);
  });
});

describe("authorization", () => {
  it("answers a request without a token with 99991661 (HTTP 400)", async () => {
    const { emulator } = await start();
    const answer = await raw(emulator, "GET", BOT_INFO);
    expect(answer.status).toBe(400);
    expect(answer.json.code).toBe(99991661);
  });

  it("answers an unknown tenant token with 99991663, a user token with 99991668 and a malformed one with 99991671", async () => {
    const { emulator } = await start();
    expect((await raw(emulator, "GET", BOT_INFO, { token: "t-deadbeef" })).json.code).toBe(99991663);
    expect((await raw(emulator, "GET", BOT_INFO, { token: "u-deadbeef" })).json.code).toBe(99991668);
    const malformed = await raw(emulator, "GET", BOT_INFO, { token: "deadbeef" });
    expect(malformed.status).toBe(400);
    expect(malformed.json.code).toBe(99991671);
  });

  it("rejects the SDK's cached token once it has expired on the emulator's clock", async () => {
    const { emulator, client, clock } = await start({ tokenTtlSeconds: 600 });
    expect((await client.vc.v1.report.getDaily(dailyParams)).code).toBe(0);
    clock.now += 600_000;
    const expired = await failure(client.vc.v1.report.getDaily(dailyParams));
    expect(expired.status).toBe(400);
    expect(expired.data.code).toBe(99991663);
    // A client with an empty cache fetches a new token and gets through.
    expect((await sdkClient(emulator).vc.v1.report.getDaily(dailyParams)).code).toBe(0);
  });

  it("invalidates every issued token on expireTokens()", async () => {
    const { emulator, client } = await start();
    const before = await tenantToken(emulator);
    expect((await client.vc.v1.report.getDaily(dailyParams)).code).toBe(0);
    emulator.expireTokens();
    expect((await failure(client.vc.v1.report.getDaily(dailyParams))).data.code).toBe(99991663);
    expect(await tenantToken(emulator)).not.toBe(before);
  });

  it("answers 99991672 naming the scope when the app lacks every scope of the endpoint", async () => {
    const { client } = await start({ scopes: DEFAULT_SCOPES.filter((s) => s !== SCOPES.report) });
    const denied = await failure(client.vc.v1.report.getDaily(dailyParams));
    expect(denied.status).toBe(400);
    expect(denied.data.code).toBe(99991672);
    expect(denied.data.msg).toContain("vc:report:readonly");
    // Other endpoints are unaffected.
    expect((await client.request({ method: "GET", url: BOT_INFO })).code).toBe(0);
  });

  it("serves bot info in its flat shape", async () => {
    const { client, emulator } = await start({ bot: { openId: "ou_test_bot", name: "测试机器人" } });
    const info = await client.request({ method: "GET", url: BOT_INFO });
    expect(info).toEqual({
      code: 0,
      msg: "ok",
      bot: { activate_status: 2, app_name: "测试机器人", avatar_url: expect.any(String), ip_white_list: [], open_id: "ou_test_bot" },
    });
    expect(emulator.calls().map((c) => c.endpoint)).toEqual(["tenant_token", "bot_info"]);
  });
});

describe("rate limits", () => {
  it("allows 100 get_daily calls a minute, then answers 429 / 99991400 with the seconds until the window frees", async () => {
    const { client, clock } = await start();
    clock.now = NOW + 15_000; // 45 s left in this minute's window
    for (let i = 0; i < 100; i++) expect((await client.vc.v1.report.getDaily(dailyParams)).code).toBe(0);
    const limited = await failure(client.vc.v1.report.getDaily(dailyParams));
    expect(limited.status).toBe(429);
    expect(limited.data).toEqual({ code: 99991400, msg: "request trigger frequency limit" });
    expect(limited.headers["x-ogw-ratelimit-reset"]).toBe("45");
    expect(limited.headers["x-ogw-ratelimit-limit"]).toBe("100");
    clock.now += 45_000;
    expect((await client.vc.v1.report.getDaily(dailyParams)).code).toBe(0);
  });

  it("allows 50 meeting_get calls a second", async () => {
    const { client, clock, emulator } = await start();
    const meetingId = emulator.tenant.notable.largeMeetingId;
    const get = () => client.vc.v1.meeting.get({ path: { meeting_id: meetingId } });
    for (let i = 0; i < 50; i++) expect((await get()).code).toBe(0);
    const limited = await failure(get());
    expect(limited.status).toBe(429);
    expect(limited.headers["x-ogw-ratelimit-reset"]).toBe("1");
    clock.now += 1000;
    expect((await get()).code).toBe(0);
  });

  it("counts each endpoint separately and does not count refused calls", async () => {
    const { client, emulator } = await start({ limits: { report_get_daily: [{ max: 2, windowMs: 60_000 }] } });
    await client.vc.v1.report.getDaily(dailyParams);
    await client.vc.v1.report.getDaily(dailyParams);
    await failure(client.vc.v1.report.getDaily(dailyParams));
    await failure(client.vc.v1.report.getDaily(dailyParams));
    const byNo = await client.vc.v1.meeting.listByNo({
      params: { meeting_no: emulator.tenant.notable.busyMeetingNo, start_time: String(NOW_SEC - DAY), end_time: String(NOW_SEC) },
    });
    expect(byNo.code).toBe(0);
    expect(emulator.calls().filter((c) => c.endpoint === "report_get_daily").map((c) => c.status)).toEqual([200, 200, 429, 429]);
  });

  it("can be switched off", async () => {
    const { client } = await start({ rateLimits: false, limits: { report_get_daily: [{ max: 1, windowMs: 60_000 }] } });
    for (let i = 0; i < 5; i++) expect((await client.vc.v1.report.getDaily(dailyParams)).code).toBe(0);
  });
});

describe("injected faults", () => {
  const getDaily = (s: Started) => s.client.vc.v1.report.getDaily(dailyParams);

  it("delays a call by the latency and then answers normally", async () => {
    const s = await start();
    await getDaily(s); // token fetched, so only the data call is timed
    s.emulator.injectFault({ endpoint: "report_get_daily", effect: { kind: "latency", ms: 1_500 }, times: "once" });
    const began = Date.now();
    let delayedDone = false;
    const delayed = getDaily(s).then((r) => {
      delayedDone = true;
      return r;
    });
    // Once the emulator holds the delayed call, a second one must not be delayed: it overtakes the
    // first. Checked by order, not by a stopwatch a loaded machine could miss.
    await waitFor(() => (s.emulator.calls().filter((c) => c.endpoint === "report_get_daily").length === 2 ? true : undefined));
    expect((await getDaily(s)).code).toBe(0);
    expect(delayedDone).toBe(false);
    expect((await delayed).code).toBe(0);
    expect(Date.now() - began).toBeGreaterThanOrEqual(1_490);
  });

  it("answers a bare HTTP status with an HTML body", async () => {
    const s = await start();
    s.emulator.injectFault({ endpoint: "report_get_daily", effect: { kind: "http", status: 502 }, times: "once" });
    const bad = await failure(getDaily(s));
    expect(bad.status).toBe(502);
    expect(String(bad.data)).toContain("502 Bad Gateway");
    expect(bad.headers["content-type"]).toContain("text/html");
    expect(s.emulator.calls().at(-1)).toMatchObject({ endpoint: "report_get_daily", status: 502, code: -1 });
  });

  it("answers a Feishu code with its documented HTTP status, or the status asked for", async () => {
    const s = await start();
    s.emulator.injectFault({ endpoint: "report_get_daily", effect: { kind: "code", code: 121001 }, times: "once" });
    const internal = await failure(getDaily(s));
    expect(internal.status).toBe(500);
    expect(internal.data).toEqual({ code: 121001, msg: "internal error" });
    s.emulator.injectFault({ endpoint: "report_get_daily", effect: { kind: "code", code: 121001, httpStatus: 200 }, times: "once" });
    expect(await getDaily(s)).toEqual({ code: 121001, msg: "internal error" });
    s.emulator.injectFault({ endpoint: "report_get_daily", effect: { kind: "code", code: 99991400 }, times: "once" });
    const limited = await failure(getDaily(s));
    expect(limited.status).toBe(429);
    expect(limited.headers["x-ogw-ratelimit-reset"]).toBeDefined();
  });

  it("never answers a hanging call, so the client's timeout fires, and close() still returns", async () => {
    const s = await start();
    const token = await tenantToken(s.emulator);
    s.emulator.injectFault({ endpoint: "bot_info", effect: { kind: "hang" }, times: "once" });
    await expect(raw(s.emulator, "GET", BOT_INFO, { token, timeoutMs: 300 })).rejects.toThrow();
    expect(s.emulator.calls().at(-1)).toMatchObject({ endpoint: "bot_info", status: 0, code: -1 });
    expect((await raw(s.emulator, "GET", BOT_INFO, { token })).json.code).toBe(0);
    s.emulator.injectFault({ endpoint: "bot_info", effect: { kind: "hang" }, times: "always" });
    const pending = raw(s.emulator, "GET", BOT_INFO, { token, timeoutMs: 3000 }).catch(() => "dropped");
    await new Promise((resolve) => setTimeout(resolve, 50));
    const began = Date.now();
    await s.emulator.close();
    expect(Date.now() - began).toBeLessThan(1000);
    expect(await pending).toBe("dropped");
  });

  it("fires once, always, or for a seeded share of calls", async () => {
    const s = await start();
    s.emulator.injectFault({ endpoint: "report_get_daily", effect: { kind: "code", code: 121001, httpStatus: 200 }, times: "once" });
    expect((await getDaily(s)).code).toBe(121001);
    expect((await getDaily(s)).code).toBe(0);
    s.emulator.injectFault({ endpoint: "report_get_daily", effect: { kind: "code", code: 121001, httpStatus: 200 }, times: "always" });
    for (let i = 0; i < 3; i++) expect((await getDaily(s)).code).toBe(121001);
    s.emulator.clearFaults();
    expect((await getDaily(s)).code).toBe(0);
  });

  it("draws shares from a seeded generator: the same seed hits the same calls", async () => {
    const pattern = async (seed: number): Promise<string> => {
      const s = await start({ seed, rateLimits: false });
      const token = await tenantToken(s.emulator);
      s.emulator.injectFault({ endpoint: "report_get_daily", effect: { kind: "code", code: 121001, httpStatus: 200 }, times: { share: 0.5 } });
      let hits = "";
      for (let i = 0; i < 60; i++) {
        const answer = await raw(s.emulator, "GET", "/open-apis/vc/v1/reports/get_daily", {
          token,
          query: `start_time=${NOW_SEC - DAY}&end_time=${NOW_SEC}`,
        });
        hits += answer.json.code === 121001 ? "x" : ".";
      }
      return hits;
    };
    const a = await pattern(7);
    const b = await pattern(7);
    expect(a).toBe(b);
    const hits = [...a].filter((c) => c === "x").length;
    expect(hits).toBeGreaterThan(15);
    expect(hits).toBeLessThan(45);
  });

  it("applies an endpoint \"*\" fault to every endpoint, the token fetch included", async () => {
    const s = await start();
    s.emulator.injectFault({ endpoint: "*", effect: { kind: "http", status: 503 }, times: "always" });
    const answer = await raw(s.emulator, "POST", TOKEN_PATH, { body: { app_id: s.emulator.appId, app_secret: s.emulator.appSecret } });
    expect(answer.status).toBe(503);
  });
});

describe("latency option", () => {
  it("answers every Open API call, the token fetch and sends included, only after latencyMs, and keeps doing so after reset()", async () => {
    const s = await start({ latencyMs: 250 });
    // Lower bounds only: a loaded machine can make a call slower, never faster.
    const timed = async () => {
      const began = performance.now();
      const answer = await s.client.vc.v1.report.getDaily(dailyParams);
      return { code: answer.code, ms: performance.now() - began };
    };
    const first = await timed(); // the token fetch, then the call: two round trips
    expect(first.code).toBe(0);
    expect(first.ms).toBeGreaterThanOrEqual(2 * 245);
    expect((await timed()).ms).toBeGreaterThanOrEqual(245);
    s.emulator.reset();
    expect((await timed()).ms).toBeGreaterThanOrEqual(245);
  });

  it("adds a latency fault on top", async () => {
    const s = await start({ latencyMs: 100 });
    await s.client.vc.v1.report.getDaily(dailyParams);
    s.emulator.injectFault({ endpoint: "report_get_daily", effect: { kind: "latency", ms: 200 }, times: "once" });
    const began = performance.now();
    await s.client.vc.v1.report.getDaily(dailyParams);
    expect(performance.now() - began).toBeGreaterThanOrEqual(295);
  });

  it("refuses a negative or fractional latency", async () => {
    await expect(start({ latencyMs: -1 })).rejects.toThrow(/latencyMs/);
    await expect(start({ latencyMs: 1.5 })).rejects.toThrow(/latencyMs/);
  });
});

describe("call log, reset and unknown paths", () => {
  it("logs each call with its query (repeated parameters as lists), status and code", async () => {
    const s = await start();
    const token = await tenantToken(s.emulator);
    await raw(s.emulator, "GET", "/open-apis/vc/v1/resource_reservation_list", {
      token,
      query: `start_time=${NOW_SEC - 3600}&end_time=${NOW_SEC}&room_ids=omm_a&room_ids=omm_b&page_size=5`,
    });
    const call = s.emulator.calls().at(-1);
    expect(call).toMatchObject({
      at: NOW,
      endpoint: "reservation_list",
      method: "GET",
      path: "/open-apis/vc/v1/resource_reservation_list",
      status: 400,
      code: 99992402,
    });
    expect(call?.query.room_ids).toEqual(["omm_a", "omm_b"]);
  });

  it("answers a path Feishu does not have with a bare 404, logged as unknown", async () => {
    const s = await start();
    const answer = await raw(s.emulator, "GET", "/open-apis/vc/v1/nothing_here");
    expect(answer.status).toBe(404);
    expect(answer.text).toBe("404 page not found");
    expect(s.emulator.calls().at(-1)).toMatchObject({ endpoint: "unknown", status: 404 });
  });

  it("reset() clears calls, faults and rate-limit windows", async () => {
    const s = await start({ limits: { report_get_daily: [{ max: 1, windowMs: 60_000 }] } });
    await s.client.vc.v1.report.getDaily(dailyParams);
    await failure(s.client.vc.v1.report.getDaily(dailyParams));
    s.emulator.injectFault({ endpoint: "bot_info", effect: { kind: "http", status: 500 }, times: "always" });
    s.emulator.reset();
    expect(s.emulator.calls()).toEqual([]);
    expect((await s.client.vc.v1.report.getDaily(dailyParams)).code).toBe(0);
    expect((await s.client.request({ method: "GET", url: BOT_INFO })).code).toBe(0);
  });
});

describe("control API over HTTP", () => {
  it("serves calls, sent messages and the tenant, and takes faults, token expiry and resets", async () => {
    const s = await start();
    const token = await tenantToken(s.emulator);
    const control = (method: string, path: string, body?: unknown) => raw(s.emulator, method, `/_emulator${path}`, { body });

    const tenant = await control("GET", "/tenant");
    expect(tenant.json.notable).toEqual(s.emulator.tenant.notable);
    expect((await control("GET", "/sent")).json).toEqual([]);

    const added = await control("POST", "/faults", { endpoint: "bot_info", effect: { kind: "code", code: 121005 }, times: "once" });
    expect(added.json.id).toEqual(expect.any(String));
    const faulted = await raw(s.emulator, "GET", BOT_INFO, { token });
    expect(faulted.status).toBe(403);
    expect(faulted.json.code).toBe(121005);
    expect((await control("POST", "/faults", { endpoint: "bot_info", effect: { kind: "boom" }, times: "once" })).status).toBe(400);

    await control("POST", "/faults", { endpoint: "bot_info", effect: { kind: "http", status: 500 }, times: "always" });
    await control("DELETE", "/faults");
    expect((await raw(s.emulator, "GET", BOT_INFO, { token })).json.code).toBe(0);

    const calls = await control("GET", "/calls");
    expect(Array.isArray(calls.json) && calls.json.length).toBe(3);

    await control("POST", "/expire-tokens");
    expect((await raw(s.emulator, "GET", BOT_INFO, { token })).json.code).toBe(99991663);

    await control("POST", "/reset");
    expect(s.emulator.calls()).toEqual([]);
  });
});

describe("webhook over the control API", () => {
  it("learns where to push from PUT /_emulator/webhook, shows it without keys, and pushes there", async () => {
    const s = await start();
    const bot = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString()));
      req.on("end", () => {
        const { challenge } = JSON.parse(body) as { challenge: string };
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ challenge }));
      });
    });
    await new Promise<void>((resolve) => bot.listen(0, "127.0.0.1", resolve));
    try {
      const eventUrl = `http://127.0.0.1:${(bot.address() as AddressInfo).port}/webhook/event`;
      const put = (body: unknown) => raw(s.emulator, "PUT", "/_emulator/webhook", { body });
      expect((await put({ eventUrl: "not a url", verificationToken: "v" })).status).toBe(400);
      expect((await put({ eventUrl, verificationToken: "v" })).json).toEqual({ ok: true });
      expect((await raw(s.emulator, "GET", "/_emulator/webhook")).json).toEqual({ eventUrl, encrypted: false });
      const pushed = await raw(s.emulator, "POST", "/_emulator/events/challenge", { body: {} });
      expect(pushed.json).toMatchObject({ status: 200, echoed: true });
      await raw(s.emulator, "DELETE", "/_emulator/webhook");
      expect((await raw(s.emulator, "POST", "/_emulator/events/challenge", { body: {} })).status).toBe(409);
    } finally {
      await new Promise((resolve) => bot.close(resolve));
    }
  });
});
