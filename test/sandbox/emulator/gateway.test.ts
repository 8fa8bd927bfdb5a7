/**
 * The gateway on its own: per-key limits (the hook messaging uses for 5 QPS per chat), the order
 * of its checks, and handler failures.
 */
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import type { RouteDefinition } from "../../../src/sandbox/emulator/context.js";
import { DEFAULT_SCOPES } from "../../../src/sandbox/emulator/defaults.js";
import { DEFAULT_LIMITS } from "../../../src/sandbox/emulator/endpoint-policy.js";
import { CallLog } from "../../../src/sandbox/emulator/gateway/call-log.js";
import { FaultRegistry } from "../../../src/sandbox/emulator/gateway/faults.js";
import { Gateway } from "../../../src/sandbox/emulator/gateway/gateway.js";
import { RateLimiter } from "../../../src/sandbox/emulator/gateway/rate-limiter.js";
import { TenantTokens } from "../../../src/sandbox/emulator/gateway/tokens.js";

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

async function serve(route: RouteDefinition, scopes: readonly string[] = DEFAULT_SCOPES) {
  const clock = { now: Date.parse("2024-06-12T07:00:00Z") };
  const now = () => clock.now;
  const tokens = new TenantTokens(now, 7200);
  const calls = new CallLog();
  const gateway = new Gateway({
    now,
    tokens,
    limiter: new RateLimiter(now),
    faults: new FaultRegistry(1),
    calls,
    scopes: new Set(scopes),
    rateLimits: true,
    limits: DEFAULT_LIMITS,
    latencyMs: 0,
  });
  gateway.route(route);
  const app = express();
  app.use(express.json());
  app.use(gateway.router);
  server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server?.once("listening", resolve));
  const { port } = server.address() as AddressInfo;
  const token = tokens.issue().token;
  const call = async (path: string, withToken = true) => {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, {
      headers: withToken ? { authorization: `Bearer ${token}` } : {},
    });
    return { status: res.status, headers: res.headers, body: (await res.json()) as { code: number; msg: string; data?: unknown } };
  };
  return { call, clock, calls };
}

// Any endpoint does: the room list is a GET whose parameters are all optional.
const ROOMS = "/open-apis/vc/v1/rooms";

const chatRoute = (error?: { code: number; msg: string; httpStatus: number }): RouteDefinition => ({
  name: "room_list",
  keyedLimits: [
    {
      key: (req) => (typeof req.query.chat === "string" ? req.query.chat : undefined),
      windows: [{ max: 2, windowMs: 1000 }],
      ...(error ? { error } : {}),
    },
  ],
  handler: () => ({ data: { ok: true } }),
});

describe("gateway", () => {
  it("limits each key on its own, on top of the app-level limit", async () => {
    const { call, clock } = await serve(chatRoute());
    expect((await call(`${ROOMS}?chat=a`)).status).toBe(200);
    expect((await call(`${ROOMS}?chat=a`)).status).toBe(200);
    const limited = await call(`${ROOMS}?chat=a`);
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe(99991400);
    expect(limited.headers.get("x-ogw-ratelimit-reset")).toBe("1");
    expect((await call(`${ROOMS}?chat=b`)).status).toBe(200);
    // Calls without a key are not counted per key.
    for (let i = 0; i < 3; i++) expect((await call(`${ROOMS}`)).status).toBe(200);
    clock.now += 1000;
    expect((await call(`${ROOMS}?chat=a`)).status).toBe(200);
  });

  it("answers a keyed limit with the route's own error when it names one", async () => {
    const { call } = await serve(chatRoute({ code: 230020, msg: "This operation triggers the frequency limit.", httpStatus: 400 }));
    await call(`${ROOMS}?chat=a`);
    await call(`${ROOMS}?chat=a`);
    const limited = await call(`${ROOMS}?chat=a`);
    expect(limited.status).toBe(400);
    expect(limited.body).toEqual({ code: 230020, msg: "This operation triggers the frequency limit." });
    expect(limited.headers.get("x-ogw-ratelimit-reset")).toBe("1");
  });

  it("checks the token before the scope, and the scope before the limits", async () => {
    const { call, calls } = await serve(chatRoute(), []);
    expect((await call(`${ROOMS}?chat=a`, false)).body.code).toBe(99991661);
    for (let i = 0; i < 3; i++) expect((await call(`${ROOMS}?chat=a`)).body.code).toBe(99991672);
    expect(calls.all().map((c) => c.code)).toEqual([99991661, 99991672, 99991672, 99991672]);
  });

  it("answers a throwing handler with HTTP 500 instead of crashing", async () => {
    const { call } = await serve({
      name: "room_list",
      handler: () => {
        throw new Error("kaput");
      },
    });
    const answer = await call(ROOMS);
    expect(answer.status).toBe(500);
    expect(answer.body.msg).toContain("kaput");
  });
});
