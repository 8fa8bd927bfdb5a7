/**
 * The bot (createBot, as the app wires it) in its own process, against an emulator whose URL the
 * parent passes in BENCH_BOT. With `instrument`, each reply reports the bot's own time for the
 * message: from the request's arrival to the reply call's return, less the time an Open API
 * request was in flight (the SDK's HTTP calls, timed by wrapping the client's httpInstance) and,
 * as a second figure, less the time any gateway call was in flight. Messages must then arrive one
 * at a time, so that every interval belongs to the message being answered.
 */
import { createServer } from "node:http";
import { monitorEventLoopDelay } from "node:perf_hooks";
import type { AddressInfo } from "node:net";
import type * as lark from "@larksuiteoapi/node-sdk";
import { createBot } from "../../src/app/bot.js";
import { createFeishuGateway, createLarkClient, type FeishuGateway } from "../../src/feishu/index.js";
import { silentLogger } from "../../src/log/logger.js";
import { MemoryStore } from "../../src/store/index.js";
import { BusyClock } from "../lib/busy-clock.js";
import { benchConfig } from "../lib/config.js";
import { emitEvent, serveHost } from "../lib/child.js";
import type { WebhookKeys } from "../lib/events.js";

export interface BotHostOptions {
  domain: string;
  appSecret: string;
  keys: WebhookKeys;
  instrument: boolean;
  /** Gateway cache (default on); off makes every command fetch. */
  cache: boolean;
  /** The gateway's own rate limiting (default on). */
  limits: boolean;
  /**
   * False builds the no-sharing reference: every gateway call goes to a gateway of its own (no
   * cache, nothing in flight to join), as if each command ran alone.
   */
  coalesce?: boolean;
}

/** One answered message, in ms. */
export interface ReplyTiming {
  total: number;
  /** total less the time HTTP requests to the Open API were in flight. */
  ownExHttp: number;
  /** total less the time gateway calls were in flight (the gateway's own work excluded too). */
  ownExGateway: number;
}

const options = JSON.parse(process.env.BENCH_BOT ?? "{}") as BotHostOptions;

/** Replaces the client's HTTP instance with one that times every request. */
function timeHttp(client: lark.Client, clock: BusyClock): void {
  const http = client.httpInstance;
  client.httpInstance = new Proxy(http, {
    get(target, property, receiver) {
      if (property !== "request") return Reflect.get(target, property, receiver);
      return (...args: Parameters<typeof http.request>) => clock.time(() => target.request(...args));
    },
  });
}

/** A gateway whose every call is made by a fresh gateway, so no two calls share anything. */
function gatewayPerCall(create: () => FeishuGateway): FeishuGateway {
  return new Proxy({} as FeishuGateway, {
    get(_target, property) {
      return (...args: unknown[]) => {
        const fresh = create();
        return (Reflect.get(fresh, property) as (...a: unknown[]) => Promise<unknown>).apply(fresh, args);
      };
    },
  });
}

/** Every gateway method timed; replyCard also reports the message's figures when it returns. */
function timeGateway(gateway: FeishuGateway, clock: BusyClock, onReply: () => void): FeishuGateway {
  return new Proxy(gateway, {
    get(target, property, receiver) {
      const method = Reflect.get(target, property, receiver) as unknown;
      if (typeof method !== "function") return method;
      return async (...args: unknown[]) => {
        const result = await clock.time(() => (method as (...a: unknown[]) => Promise<unknown>).apply(target, args));
        if (property === "replyCard") onReply();
        return result;
      };
    },
  });
}

const config = benchConfig(options);
const logger = silentLogger();
const client = createLarkClient(config.feishu, logger);
const httpClock = new BusyClock();
const gatewayClock = new BusyClock();
if (options.instrument) timeHttp(client, httpClock);
const newGateway = (cache: boolean) =>
  createFeishuGateway(client, {
    appId: config.feishu.appId,
    logger,
    timezone: config.bot.timezone,
    cache: { enabled: cache },
    ...(options.limits ? {} : { limits: false as const }),
  });
let gateway = options.coalesce === false ? gatewayPerCall(() => newGateway(false)) : newGateway(options.cache);

let arrival: { at: number; http: number; gateway: number } | undefined;
if (options.instrument) {
  gateway = timeGateway(gateway, gatewayClock, () => {
    if (!arrival) return;
    const total = performance.now() - arrival.at;
    const timing: ReplyTiming = {
      total,
      ownExHttp: total - (httpClock.busy() - arrival.http),
      ownExGateway: total - (gatewayClock.busy() - arrival.gateway),
    };
    arrival = undefined;
    emitEvent({ kind: "replied", timing });
  });
}

const loopDelay = monitorEventLoopDelay({ resolution: 1 });
loopDelay.enable();

const store = new MemoryStore();
const bot = createBot({ config, gateway, store, logger });
const server = createServer((req, res) => {
  if (options.instrument && req.method === "POST") {
    arrival = { at: performance.now(), http: httpClock.busy(), gateway: gatewayClock.busy() };
  }
  bot.app(req, res);
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  const { port } = server.address() as AddressInfo;
  serveHost(
    { url: `http://127.0.0.1:${port}` },
    {
      /** How late the event loop ran timers since the last ask (ms): the bot's own stalls. */
      loopDelay: () => {
        const ms = (ns: number) => ns / 1e6;
        const result = { p50: ms(loopDelay.percentile(50)), p99: ms(loopDelay.percentile(99)), max: ms(loopDelay.max) };
        loopDelay.reset();
        return result;
      },
    },
    async () => {
      server.closeAllConnections();
      server.close();
      await store.close();
    },
  );
});
