import express from "express";
import { storeDigestBook } from "../commands/digest/book.js";
import type { Config } from "../config/types.js";
import { createFeishuGateway, createLarkClient, type FeishuGatewayOptions } from "../feishu/index.js";
import type { LongConnection } from "../ingress/index.js";
import type { Logger } from "../log/logger.js";
import { createPrometheusMetrics, type PrometheusMetrics } from "../metrics/index.js";
import { startScheduler, type Scheduler, type Timers } from "../schedule/index.js";
import { MemoryStore } from "../store/index.js";
import type { Store } from "../store/store.js";
import { createBot, type Bot } from "./bot.js";
import { createSelfCheck, type SelfCheck, type SelfCheckDeps } from "./selfcheck.js";
import { readyzRouter } from "./selfcheck-readyz.js";
import { listen } from "./server.js";

/** How long requests already being served may take to get their answer once shutdown begins. */
const HTTP_GRACE_MS = 5_000;

export interface RunningBot {
  url: string;
  bot: Bot;
  /** The digest scheduler (idle when app.yaml configures no digests). */
  scheduler: Scheduler;
  /**
   * What GET /metrics serves; the long-connection receiver reports through `metrics.longConnection`
   * and `metrics.events` (transport "websocket").
   */
  metrics: PrometheusMetrics;
  /** The self-check, when StartOptions.selfCheck asked for it (live mode). */
  selfCheck?: SelfCheck;
  /**
   * In `feishu.connection: websocket` mode, the long connection Feishu's pushes arrive on (up once
   * startBot has resolved): its state, and `failed`, which resolves if it gives up for good.
   */
  longConnection?: Pick<LongConnection, "state" | "failed">;
  /** Stops at once (tests): queued work is dropped. */
  close(): Promise<void>;
  /**
   * The graceful stop for SIGTERM: no new requests, the ones in flight answered, queued commands
   * finished within config.queue.shutdownTimeoutSeconds, then the store closed.
   */
  shutdown(): Promise<void>;
}

export interface StartOptions {
  /**
   * The bot's state (store.url: SQLite on one host, Redis across replicas): the inbox of accepted
   * messages and dedupe marks, digest records and locks, per-chat notices. Memory when not given (tests).
   */
  store?: Store;
  /** How long an inbox claim lasts unrenewed (tests shorten it to see a killed process's work resumed). */
  inboxLeaseMs?: number;
  /** How long a message may wait before its asker hears "your answer will follow" (tests shorten it). */
  delayedNoticeAfterMs?: number;
  /** How long a command may run before its asker sees a "working on it" card, replaced by the answer (default 0.7 s). */
  workingNoticeAfterMs?: number;
  /** The bot's clock (ms since the epoch); tests pin it to the emulator's. */
  now?: () => number;
  /** Retry policy, limits and cache of the gateway (tests and benchmarks). */
  gateway?: Partial<Omit<FeishuGatewayOptions, "appId" | "logger">>;
  /** The digest scheduler's timers; tests pass a fake clock. */
  timers?: Timers;
  /**
   * Live mode: check the token, the bot's info and each command's scope once listening, serve the
   * result at GET /readyz, and hand the finished report (or a refusal of the credentials) to `onReport`.
   */
  selfCheck?: Pick<SelfCheckDeps, "retryMs" | "publicUrl" | "connectionState" | "onReport">;
  /** More routes on the bot's port (sandbox mode: the web console at /console). */
  routes?: express.Router;
}

/** Wires config, gateway, store and ingress into a listening bot. */
export async function startBot(config: Config, logger: Logger, options: StartOptions = {}): Promise<RunningBot> {
  const store = options.store ?? new MemoryStore();
  const client = createLarkClient(config.feishu, logger);
  const metrics = createPrometheusMetrics({ inboxDepth: () => store.inbox.counts(), logger });
  const gateway = createFeishuGateway(client, {
    metrics: metrics.upstream,
    timezone: config.bot.timezone,
    ...(options.now ? { now: options.now } : {}),
    // Replicas on one store spend one set of Feishu budgets and reuse each other's settled answers;
    // passwords in shared answers are sealed with a key derived from the app secret.
    shared: { store, secret: config.feishu.appSecret },
    ...options.gateway,
    appId: config.feishu.appId,
    logger,
  });
  const selfCheck = options.selfCheck
    ? createSelfCheck({
        config,
        gateway,
        logger,
        ...(options.now ? { now: options.now } : {}),
        // The bot (and its long connection) is made next; the report asks for the state when it runs.
        ...(config.feishu.connection === "websocket" ? { connectionState: () => bot.longConnection?.state() ?? "connecting" } : {}),
        ...options.selfCheck,
      })
    : undefined;
  // One book for the commands and the scheduler: a change made here is scheduled at once.
  const digests = storeDigestBook(store.records, logger);
  const bot = createBot({
    config,
    gateway,
    store,
    logger,
    digests,
    metrics,
    ...(selfCheck || options.routes ? { routes: joinRoutes(selfCheck ? readyzRouter(selfCheck) : undefined, options.routes) } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.inboxLeaseMs ? { inboxLeaseMs: options.inboxLeaseMs } : {}),
    ...(options.delayedNoticeAfterMs !== undefined ? { delayedNoticeAfterMs: options.delayedNoticeAfterMs } : {}),
    ...(options.workingNoticeAfterMs !== undefined ? { workingNoticeAfterMs: options.workingNoticeAfterMs } : {}),
  });
  const server = await listen(bot.app, config.server.port, config.server.host);
  const { longConnection } = bot;
  if (longConnection) {
    // Pushes start arriving once it is up: after the HTTP server (health, operators' routes) listens.
    try {
      await longConnection.start();
    } catch (error) {
      bot.close();
      await server.close();
      throw error;
    }
  }
  const scheduler = startScheduler({
    config,
    gateway,
    store,
    logger,
    digests,
    metrics: metrics.digests,
    ...(options.now ? { now: options.now } : {}),
    ...(options.timers ? { timers: options.timers } : {}),
  });
  void selfCheck?.run({ listening: server.url, scheduler });
  let stopped: Promise<void> | undefined;
  return {
    url: server.url,
    bot,
    scheduler,
    metrics,
    ...(selfCheck ? { selfCheck } : {}),
    ...(longConnection ? { longConnection } : {}),
    close: () => {
      selfCheck?.stop();
      bot.close();
      stopped ??= Promise.all([longConnection?.stop(), scheduler.stop()])
        .then(() => server.close())
        .then(() => store.close())
        .then(() => undefined);
      return stopped;
    },
    shutdown: () => {
      selfCheck?.stop();
      stopped ??= (async () => {
        // Pushes being handled get their acks, then the socket closes: Feishu pushes anything not
        // acked to another client.
        await longConnection?.stop();
        await scheduler.stop();
        logger.info("no longer accepting requests");
        await server.stopAccepting(HTTP_GRACE_MS);
        await bot.drain(config.queue.shutdownTimeoutSeconds * 1000);
        await store.close();
      })();
      return stopped;
    },
  };
}

function joinRoutes(...routes: (express.Router | undefined)[]): express.Router {
  const joined = express.Router();
  for (const route of routes) if (route) joined.use(route);
  return joined;
}
