import express from "express";
import type { Config } from "../config/types.js";
import { storeDigestBook, type DigestBook } from "../commands/digest/book.js";
import type { CommandDeps } from "../commands/types.js";
import { createButtonSeal } from "../cards/seal.js";
import type { FeishuGateway } from "../feishu/gateway.js";
import { createIngressApp, createLongConnection, messageInboxId, type ConnectionChange, type LongConnection } from "../ingress/index.js";
import type { CardAction, CardActionResult, IncomingMessage, IngressHandlers } from "../ingress/types.js";
import type { Logger } from "../log/logger.js";
import type { LongConnectionMetrics, PrometheusMetrics } from "../metrics/index.js";
import type { Store } from "../store/store.js";
import { createBotIdentity } from "./botIdentity.js";
import { createChatTypes } from "./chatTypes.js";
import { createPipeline, type Responder, type Turn } from "./pipeline/index.js";
import { ChatQueue, type DrainResult } from "./queue.js";
import { createCardRenderer } from "./render.js";
import { createClickAnswers } from "./respond/click.js";
import { createMessageResponders } from "./respond/message.js";
import { createUserRate } from "./userRate.js";
import { createInboxWorker } from "./inbox-worker.js";
import { createExportJobs, isExportJob } from "./export-jobs.js";
import { metricsRoute } from "./metrics-route.js";

export { CHAT_REFUSAL_INTERVAL_MS } from "./respond/message.js";

export interface BotDeps {
  config: Config;
  gateway: FeishuGateway;
  store: Store;
  logger: Logger;
  now?: () => number;
  /** The digests added from chat; a book over `store` when not given (startBot shares one with the scheduler). */
  digests?: DigestBook;
  /** How long a message may wait before its asker hears "your answer will follow" (default 5 s). */
  delayedNoticeAfterMs?: number;
  /**
   * How long a message's command may run before its asker sees a "working on it" card, which the
   * answer then replaces in place (default 0.7 s). A faster command is answered with one reply.
   */
  workingNoticeAfterMs?: number;
  /** How long an inbox claim lasts unrenewed: a dead process's messages are resumed this long after (tests shorten it). */
  inboxLeaseMs?: number;
  /**
   * How long a click may take to answer inline. Feishu waits 3 s for a callback's answer and never
   * retries it; past this budget the click gets a toast at once and the card is updated by token.
   */
  cardInlineBudgetMs?: number;
  /** Records what the bot receives and answers, served at GET /metrics; nothing recorded or served without it. */
  metrics?: PrometheusMetrics;
  /** Operators' routes served beside the webhooks and /metrics (GET /readyz). */
  routes?: express.Router;
}

const DEFAULT_CARD_INLINE_BUDGET_MS = 2_000;

export interface Bot {
  /** The HTTP app: /webhook/event, /webhook/card, /healthz. */
  app: express.Express;
  handlers: IngressHandlers;
  /**
   * Lets queued commands finish for at most `timeoutMs`; the askers of any not finished by then
   * get a "restarting, send it again" card. Call it once the HTTP server has stopped accepting requests.
   */
  drain(timeoutMs: number): Promise<DrainResult>;
  /** Commands waiting and running now. */
  load(): { pending: number; running: number };
  /** Stops at once (tests): claims nothing more from the inbox; what it holds lapses for the next start. */
  close(): void;
  /** A message handed in without ingress (tests): recorded in the inbox as ingress records it, then answered. */
  accept(message: IncomingMessage): Promise<void>;
  /** In `feishu.connection: websocket` mode, the receiver of Feishu's pushes: not started yet. */
  longConnection?: LongConnection;
}

/**
 * The façade: ingress events in, each turned into a turn of the one pipeline (app/pipeline/) with a
 * responder for its transport (app/respond/): a reply to a message, an inline answer to a click.
 */
export function createBot(deps: BotDeps): Bot {
  const { config, gateway, store, logger } = deps;
  const locale = config.bot.locale;
  const now = deps.now ?? Date.now;
  const identity = createBotIdentity(() => gateway.getBotInfo(), logger);
  // Learn the bot's open_id before the first message needs it; a failure is retried on demand.
  void identity.get();
  const digests = deps.digests ?? storeDigestBook(store.records, logger);
  const commandDeps: CommandDeps = { gateway, config, now, digests };
  const queue = new ChatQueue({
    concurrency: config.queue.concurrency,
    maxPending: config.queue.maxPending,
    onError: (error, chatId) => logger.error({ err: error, chatId }, "queued command failed"),
  });
  const seal = createButtonSeal(config.feishu);
  const render = createCardRenderer(seal, locale, logger);
  const exports = createExportJobs({
    store,
    commandDeps,
    render,
    logger,
    dedupeTtlMs: config.bot.dedupeTtlSeconds * 1000,
    wake: () => worker.wake(),
  });
  const pipeline = createPipeline({
    commandDeps,
    identity,
    userRate: createUserRate({ perMinute: config.access.userCommandsPerMinute, now }),
    queue,
    seal,
    chatTypes: createChatTypes(gateway, logger),
    logger,
    exports,
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
    ...(deps.delayedNoticeAfterMs !== undefined ? { delayedNoticeAfterMs: deps.delayedNoticeAfterMs } : {}),
    ...(deps.workingNoticeAfterMs !== undefined ? { workingNoticeAfterMs: deps.workingNoticeAfterMs } : {}),
  });
  const messageResponder = createMessageResponders({ config, gateway, store, logger, now, render });
  const answerClick = createClickAnswers({
    gateway,
    logger,
    locale,
    now,
    render,
    inlineBudgetMs: deps.cardInlineBudgetMs ?? DEFAULT_CARD_INLINE_BUDGET_MS,
  });

  /** One message through the pipeline: what the inbox worker runs for each entry it claims. */
  async function answerMessage(message: IncomingMessage, receivedAt: number): Promise<void> {
    await pipeline({
      source: { kind: "message", message },
      receivedAt,
      chatId: message.chatId,
      senderOpenId: message.senderOpenId,
      messageId: message.messageId,
      locale,
      respond: messageResponder(message),
      // The event's chat_type is Feishu's word; anything but p2p is answered as a group.
      chatType: message.chatType === "p2p" ? "p2p" : "group",
    });
  }

  const worker = createInboxWorker({
    inbox: store.inbox,
    // The inbox holds accepted messages and Export clicks' jobs (export-jobs.ts).
    run: (message, entry) => (isExportJob(message) ? exports.run(message) : answerMessage(message, entry.receivedAt)),
    logger,
    // No more than the queue can hold: past that, accepted messages wait in the store, not the heap,
    // and are answered in their turn rather than turned away.
    maxInFlight: config.queue.maxPending + config.queue.concurrency,
    ...(deps.inboxLeaseMs ? { leaseMs: deps.inboxLeaseMs } : {}),
  });
  worker.start();

  /**
   * Ingress has recorded the message in the inbox before its 200: the worker claims it from there.
   * Resolves once it is answered (or held by another replica).
   */
  async function onMessage(message: IncomingMessage): Promise<void> {
    await worker.settled(messageInboxId(message.messageId));
  }

  /** A message handed in directly, as ingress would hand it: recorded in the inbox, then answered. */
  async function accept(message: IncomingMessage): Promise<void> {
    const id = messageInboxId(message.messageId);
    await store.inbox.add(id, JSON.stringify(message), { dedupeTtlMs: config.bot.dedupeTtlSeconds * 1000 });
    await onMessage(message);
  }

  function onCardAction(action: CardAction): Promise<CardActionResult> {
    const receivedAt = Date.now();
    const turnFor = (respond: Responder): Turn => ({
      source: { kind: "click", action },
      receivedAt,
      chatId: action.openChatId ?? "",
      senderOpenId: action.operatorOpenId,
      messageId: action.openMessageId ?? "",
      locale,
      respond,
    });
    return answerClick(action, turnFor, pipeline);
  }

  function queueLoad() {
    return { pending: queue.pending, running: queue.running };
  }

  async function drain(timeoutMs: number): Promise<DrainResult> {
    logger.info({ timeoutMs, ...queueLoad() }, "finishing queued commands");
    // What came in before the door closed is taken now; anything the worker cannot hold stays in
    // the inbox for the next start or another replica.
    await worker.stop();
    const result = await queue.drain(timeoutMs);
    worker.close();
    if (result.finished) logger.info("queued commands finished");
    else logger.warn(result, "shutdown deadline passed: unfinished commands were told to send again");
    return result;
  }

  const handlers: IngressHandlers = { onMessage, onCardAction };
  // What both transports share: one core of dedupe, inbox and answers behind each.
  const ingress = {
    dedupeTtlMs: config.bot.dedupeTtlSeconds * 1000,
    store,
    handlers,
    logger,
    ...(deps.now ? { now: deps.now } : {}),
    ...(deps.metrics ? { observer: deps.metrics.events } : {}),
  };
  const app = createIngressApp({
    ...ingress,
    encryptKey: config.feishu.encryptKey,
    verificationToken: config.feishu.verificationToken,
    maxClockSkewSeconds: config.server.maxClockSkewSeconds,
    bodyLimitBytes: config.server.bodyLimitBytes,
    routes: operatorRoutes(deps.metrics ? [metricsRoute(deps.metrics, logger)] : [], deps.routes),
    webhooks: config.feishu.connection === "webhook",
  });
  const longConnection =
    config.feishu.connection === "websocket"
      ? createLongConnection({
          ...ingress,
          appId: config.feishu.appId,
          appSecret: config.feishu.appSecret,
          domain: config.feishu.domain,
          ...(config.feishu.verificationToken ? { verificationToken: config.feishu.verificationToken } : {}),
          ...(deps.metrics ? { onConnection: connectionMetrics(deps.metrics.longConnection) } : {}),
        })
      : undefined;
  return { app, handlers, drain, load: queueLoad, close: () => worker.close(), accept, ...(longConnection ? { longConnection } : {}) };
}

/** The long connection's ups and downs, as the gauge and the reconnect count. */
function connectionMetrics(metrics: LongConnectionMetrics): (change: ConnectionChange) => void {
  return (change) => {
    if (change === "up") metrics.up();
    else if (change === "restored") {
      metrics.up();
      metrics.reconnected();
    } else metrics.down();
  };
}

/** /metrics and whatever the caller adds (/readyz), as the one router ingress mounts. */
function operatorRoutes(own: express.Router[], extra: express.Router | undefined): express.Router {
  const router = express.Router();
  for (const route of [...own, ...(extra ? [extra] : [])]) router.use(route);
  return router;
}
