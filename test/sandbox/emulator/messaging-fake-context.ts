/**
 * A stand-in for the emulator core in the messaging and events tests: an express app whose
 * route() serves a handler with Feishu's JSON shape and the route's keyed limits (fixed windows
 * on the injected clock), plus a tenant-token endpoint so the real SDK client can talk to it.
 * No auth: the core owns that and tests it.
 */
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import express, { type Router } from "express";
import type { EmulatorContext, KeyedRateLimit, RouteDefinition } from "../../../src/sandbox/emulator/context.js";
import { fieldValidationError } from "../../../src/sandbox/emulator/errors.js";
import { readParams } from "../../../src/sandbox/emulator/parameters/read.js";
import { API_PARAMETERS } from "../../../src/sandbox/emulator/parameters/table.js";

export const FAKE_APP = { appId: "cli_a1b2c3d4e5f60718", appSecret: "sandbox-secret" } as const;
export const FAKE_BOT = { openId: "ou_0123456789abcdef0123456789abcdef", name: "Meeting Bot" } as const;

/** The SDK reads `loggerLevel || info`, so LoggerLevel.fatal (0) still logs: silence it this way. */
const quiet = (): void => undefined;
export const SILENT_LOGGER = { error: quiet, warn: quiet, info: quiet, debug: quiet, trace: quiet };

export interface FakeEmulator {
  ctx: EmulatorContext;
  clock: { now: number };
  /** The names of the Open API routes called, in order. */
  calls: string[];
  mount(path: string, router: Router): void;
  listen(): Promise<string>;
  close(): Promise<void>;
}

export function createFakeEmulator(start = Date.parse("2025-06-02T09:00:00Z")): FakeEmulator {
  const app = express();
  app.use(express.json({ limit: "2mb" }));
  const clock = { now: start };
  const calls: string[] = [];
  const counts = new Map<string, number>();
  let server: Server | undefined;

  app.post("/open-apis/auth/v3/tenant_access_token/internal", (_req, res) => {
    res.json({ code: 0, msg: "ok", tenant_access_token: "t-fake", expire: 7200 });
  });

  const overLimit = (def: RouteDefinition, req: express.Request): KeyedRateLimit | undefined => {
    for (const [i, limit] of (def.keyedLimits ?? []).entries()) {
      const key = limit.key(req);
      if (key === undefined) continue;
      for (const window of limit.windows) {
        const slot = `${def.name}:${i}:${key}:${window.windowMs}:${Math.floor(clock.now / window.windowMs)}`;
        const count = (counts.get(slot) ?? 0) + 1;
        counts.set(slot, count);
        if (count > window.max) return limit;
      }
    }
    return undefined;
  };

  const ctx: EmulatorContext = {
    now: () => clock.now,
    appId: FAKE_APP.appId,
    bot: { ...FAKE_BOT },
    route: (def) => {
      const { method, path } = API_PARAMETERS[def.name];
      app[method === "GET" ? "get" : method === "POST" ? "post" : "patch"](path, async (req, res) => {
        calls.push(def.name);
        const limited = overLimit(def, req);
        if (limited) {
          const error = limited.error ?? { code: 99991400, msg: "request trigger frequency limit", httpStatus: 429 };
          res.status(error.httpStatus).json({ code: error.code, msg: error.msg });
          return;
        }
        const read = readParams(API_PARAMETERS[def.name], req);
        const result = read.ok
          ? await def.handler(req, read.params)
          : { error: def.invalid ? def.invalid(read.violations) : fieldValidationError(read.violations) };
        if ("error" in result) {
          res.status(result.error.httpStatus).json({ code: result.error.code, msg: result.error.msg, ...result.error.extra });
        } else {
          res.json({ code: 0, msg: "success", data: result.data });
        }
      });
    },
  };

  return {
    ctx,
    clock,
    calls,
    mount: (path, router) => {
      app.use(path, router);
    },
    listen: () =>
      new Promise((resolve) => {
        server = app.listen(0, "127.0.0.1", () => {
          const { port } = server!.address() as AddressInfo;
          resolve(`http://127.0.0.1:${port}`);
        });
      }),
    close: () =>
      new Promise((resolve, reject) => {
        if (!server) return resolve();
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
