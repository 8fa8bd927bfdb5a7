import { afterEach, describe, expect, it } from "vitest";
import type { FeishuConfig } from "../../src/config/types.js";
import { createLarkClient } from "../../src/feishu/client.js";
import { FeishuError, NETWORK_ERROR_CODE } from "../../src/feishu/errors.js";
import { createFeishuGateway } from "../../src/feishu/gateway.js";
import type { Logger } from "../../src/log/logger.js";
import { captureLog } from "./helpers/log-capture.js";
import { closedPortUrl, json, startStub, type StubHandler, type StubServer } from "./helpers/stub-server.js";

const APP_ID = "cli_a1b2c3d4e5f60718";
const APP_SECRET = "SECRET-Qm9vbS1zaGFrYS1sYWth-7f3a";

let stub: StubServer | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

function config(domain: string, httpTimeoutMs = 2000): FeishuConfig {
  return { appId: APP_ID, appSecret: APP_SECRET, connection: "webhook", domain, httpTimeoutMs, encryptKey: undefined, verificationToken: undefined, stateKey: undefined, previousStateKey: undefined };
}

function gatewayFor(domain: string, logger: Logger, httpTimeoutMs?: number) {
  const client = createLarkClient(config(domain, httpTimeoutMs), logger);
  return createFeishuGateway(client, { appId: APP_ID, logger });
}

const tokenOk: StubHandler = (_req, res) => json(res, 200, { code: 0, msg: "ok", tenant_access_token: "t-stubtoken0001", expire: 7200 });

async function rejection(promise: Promise<unknown>): Promise<FeishuError> {
  const outcome = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(outcome).toBeInstanceOf(FeishuError);
  return outcome as FeishuError;
}

describe("createLarkClient", () => {
  it("fetches a token from the configured domain and resolves calls to the normalised body", async () => {
    stub = await startStub((req, res) => {
      if (req.path === "/open-apis/auth/v3/tenant_access_token/internal") return tokenOk(req, res);
      json(res, 200, { code: 0, msg: "ok", bot: { app_name: "Stub Bot", open_id: "ou_stub" } });
    });
    const { logger } = captureLog();
    const bot = await gatewayFor(stub.url, logger).getBotInfo();
    expect(bot).toEqual({ openId: "ou_stub", name: "Stub Bot" });
    const [tokenRequest, botRequest] = stub.requests;
    expect(JSON.parse(tokenRequest!.body)).toEqual({ app_id: APP_ID, app_secret: APP_SECRET });
    expect(botRequest!.path).toBe("/open-apis/bot/v3/info");
    expect(botRequest!.headers.authorization).toBe("Bearer t-stubtoken0001");
  });

  it("gives each client its own token cache", async () => {
    stub = await startStub((req, res) => {
      if (req.path.startsWith("/open-apis/auth/")) return tokenOk(req, res);
      json(res, 200, { code: 0, bot: { open_id: "ou_stub" } });
    });
    const { logger } = captureLog();
    await gatewayFor(stub.url, logger).getBotInfo();
    await gatewayFor(stub.url, logger).getBotInfo();
    expect(stub.requests.filter((r) => r.path.startsWith("/open-apis/auth/"))).toHaveLength(2);
  });

  it("sends reservation filters as Feishu expects: the level, repeated room_ids, absent options left out", async () => {
    stub = await startStub((req, res) => {
      if (req.path.startsWith("/open-apis/auth/")) return tokenOk(req, res);
      json(res, 200, { code: 0, data: { has_more: false } });
    });
    const { logger } = captureLog();
    const page = await gatewayFor(stub.url, logger).listReservations({
      start: new Date("2024-05-01T00:00:00Z"),
      end: new Date("2024-05-01T12:00:00Z"),
      roomLevelId: "omb_root",
      roomIds: ["omm_a", "omm_b"],
      needTopic: true,
    });
    expect(page).toEqual({ items: [], pageToken: undefined, hasMore: false });
    const query = stub.requests[1]!.query;
    expect(query.getAll("room_ids")).toEqual(["omm_a", "omm_b"]);
    expect(query.get("start_time")).toBe("1714521600");
    expect(query.get("end_time")).toBe("1714564800");
    expect(query.get("need_topic")).toBe("true");
    expect(query.get("room_level_id")).toBe("omb_root");
    expect(query.has("is_exclude")).toBe(false);
    expect(query.has("page_token")).toBe(false);
  });

  it("turns a hung endpoint into a retryable timeout within the configured time", async () => {
    stub = await startStub((req, res) => {
      if (req.path.startsWith("/open-apis/auth/")) return tokenOk(req, res);
      // never answers
    });
    const { logger } = captureLog();
    const started = Date.now();
    const error = await rejection(gatewayFor(stub.url, logger, 200).getMeeting("6911188411934433028"));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(error).toMatchObject({ code: NETWORK_ERROR_CODE, httpStatus: undefined, retryable: true, endpoint: "meeting_get" });
  });

  it("turns an unreachable domain into a retryable network error", async () => {
    const { logger } = captureLog();
    const error = await rejection(gatewayFor(await closedPortUrl(), logger).getBotInfo());
    expect(error).toMatchObject({ code: NETWORK_ERROR_CODE, retryable: true });
    expect(error.endpoint).toBe("tenant_token");
  });

  it("never logs the app secret when the token fetch is refused", async () => {
    stub = await startStub((_req, res) => json(res, 400, { code: 10014, msg: "app secret invalid" }));
    const log = captureLog("debug");
    const error = await rejection(gatewayFor(stub.url, log.logger).getMeeting("1"));
    expect(error).toMatchObject({ code: 10014, httpStatus: 400, endpoint: "tenant_token", retryable: false });
    expect(error.message).not.toContain(APP_SECRET);
    // The SDK did log the failure (through our logger), scrubbed.
    expect(log.records().some((r) => r.msg === "feishu sdk")).toBe(true);
    expect(log.text()).toContain("tenant_access_token");
    expect(log.text()).not.toContain(APP_SECRET);
  });

  it("reads a token answer with a non-zero code", async () => {
    stub = await startStub((_req, res) => json(res, 200, { code: 10003, msg: "invalid param" }));
    const log = captureLog("debug");
    const error = await rejection(gatewayFor(stub.url, log.logger).getDailyReport({ start: new Date(0), end: new Date() }));
    expect(error).toMatchObject({ code: 10003, endpoint: "tenant_token", retryable: false });
    expect(log.text()).not.toContain(APP_SECRET);
  });

  it("does not log the tenant token that an authorised call carried", async () => {
    stub = await startStub((req, res) => {
      if (req.path.startsWith("/open-apis/auth/")) return tokenOk(req, res);
      json(res, 500, { code: 121001, msg: "internal error" });
    });
    const log = captureLog("debug");
    const error = await rejection(gatewayFor(stub.url, log.logger).getMeeting("1"));
    expect(error).toMatchObject({ code: 121001, httpStatus: 500, retryable: true });
    expect(log.text()).toContain("121001");
    expect(log.text()).not.toContain("t-stubtoken0001");
  });
});
