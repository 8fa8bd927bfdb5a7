/**
 * The Feishu Open API emulator: an HTTP server that behaves like Feishu for everything the bot
 * calls (tokens, bot info, the five data endpoints, chat info, messaging) over a seeded tenant, and
 * pushes events and card callbacks to the bot, by webhook or over Feishu's long connection (the
 * SDK's WSClient). Used in-process by tests, by `npm run emulator` and by sandbox mode.
 */
import type { AddressInfo } from "node:net";
import express, { type NextFunction, type Request, type Response } from "express";
import type { EmulatorContext, EndpointName, RateWindow } from "./context.js";
import { createControlRouter } from "./control.js";
import {
  DEFAULT_SCOPES,
  DEFAULT_TIMEZONE,
  DEFAULT_TOKEN_TTL_SECONDS,
  SANDBOX_APP_ID,
  SANDBOX_APP_SECRET,
  SANDBOX_BOT_NAME,
  SANDBOX_BOT_OPEN_ID,
  SANDBOX_VERIFICATION_TOKEN,
} from "./defaults.js";
import { DEFAULT_LIMITS } from "./endpoint-policy.js";
import { createEventPusher, type EventPusher, type Webhook } from "./events/index.js";
import { CallLog, type ApiCall } from "./gateway/call-log.js";
import { FaultRegistry, type FaultSpec } from "./gateway/faults.js";
import { Gateway } from "./gateway/gateway.js";
import { RateLimiter } from "./gateway/rate-limiter.js";
import { TenantTokens } from "./gateway/tokens.js";
import {
  createLongConnection,
  type LongConnectionControl,
  type LongConnectionOptions,
  type Subscription,
} from "./longconn/index.js";
import {
  createMessaging,
  type CallbackRecord,
  type ChatMessage,
  type ChatRecord,
  type SentMessage,
  type UploadedFile,
} from "./messaging/index.js";
import { botInfoRoute } from "./routes/bot-info.js";
import { chatGetRoute } from "./routes/chat-get.js";
import { departmentChildrenRoute } from "./routes/department-children.js";
import { departmentGetRoute } from "./routes/department-get.js";
import type { RouteDeps } from "./routes/deps.js";
import { meetingGetRoute } from "./routes/meeting-get.js";
import { meetingListByNoRoute } from "./routes/meeting-list-by-no.js";
import { pushOverviewRoute } from "./routes/push-overview.js";
import { reportGetDailyRoute } from "./routes/report-get-daily.js";
import { reservationListRoute } from "./routes/reservation-list.js";
import { roomLevelListRoute, roomListRoute, roomMgetRoute } from "./routes/rooms.js";
import { tenantTokenRoute } from "./routes/tenant-token.js";
import { seededTenant } from "./tenant/cache.js";
import { lookupFor } from "./tenant/lookup.js";
import type { Tenant } from "./tenant/types.js";
import { assertTimezone, localDate } from "./tenant/zoned-time.js";

export {
  DEFAULT_SCOPES,
  SANDBOX_APP_ID,
  SANDBOX_APP_SECRET,
  SANDBOX_BOT_NAME,
  SANDBOX_BOT_OPEN_ID,
  SANDBOX_VERIFICATION_TOKEN,
  SCOPES,
} from "./defaults.js";
export type { EndpointName, RateWindow } from "./context.js";
export type { ApiCall } from "./gateway/call-log.js";
export type { FaultSpec } from "./gateway/faults.js";
export type { Webhook } from "./events/index.js";
export type {
  ClientConfig,
  ConnectionInfo,
  EndpointCall,
  LongConnectionControl,
  LongConnectionOptions,
  LongConnectionSettings,
  Subscription,
  SubscriptionMode,
  Violation,
} from "./longconn/index.js";
export { NO_CONNECTION } from "./longconn/index.js";
export type { SentMessage, ChatMessage, ChatRecord, CallbackRecord, UploadedFile, WorkbookContent } from "./messaging/index.js";
export type * from "./tenant/types.js";

export interface EmulatorOptions {
  /** Default 0 (ephemeral). */
  port?: number;
  /** Default "127.0.0.1". */
  host?: string;
  appId?: string;
  appSecret?: string;
  /** Default 7200. */
  tokenTtlSeconds?: number;
  /** ms epoch clock, default Date.now. */
  now?: () => number;
  /** Default 1; the same seed and the same "today" give the same tenant. */
  seed?: number;
  /** Default "Asia/Shanghai": decides "today" and the display times. */
  timezone?: string;
  /** Default true: documented limits answered with 429 / 99991400. */
  rateLimits?: boolean;
  /** Overrides of the documented per-endpoint limits (get_daily's "special" limit is 100/min). */
  limits?: Partial<Record<EndpointName, RateWindow[]>>;
  /**
   * Default 0: every Open API call is answered this many ms after it arrives, as a real network's
   * round trip would (benchmarks). Unlike a latency fault it is part of the emulator, so reset() keeps it.
   */
  latencyMs?: number;
  /** Default: every scope the endpoints need; an endpoint whose scopes are all missing answers 99991672. */
  scopes?: string[];
  /** Default true; false makes the VC data endpoints answer 121005 (403). */
  vcAdminPermission?: boolean;
  /** Default false; get_daily with unit != 0 answers 121002 unless true. */
  multiUnit?: boolean;
  /** Default "enterprise"; "standard" makes the push overview answer 211004. */
  edition?: "enterprise" | "standard";
  bot?: { openId: string; name: string };
  webhook?: Webhook;
  /**
   * Default: both by webhook. Where events and card callbacks go, as the developer console's
   * subscription settings say; set here (or with setSubscription) a test may choose the long
   * connection before any client is connected.
   */
  subscription?: Partial<Subscription>;
  /** The long connection's ClientConfig, connection limit, fragment size and pongs. */
  longConnection?: LongConnectionOptions;
  /** Default SANDBOX_VERIFICATION_TOKEN: the token long-connection pushes carry while no webhook names one. */
  verificationToken?: string;
}

export interface Emulator {
  /** Base URL without a trailing slash, e.g. "http://127.0.0.1:40123". */
  url: string;
  appId: string;
  appSecret: string;
  /** The token long-connection pushes carry while no webhook names one. */
  verificationToken: string;
  /** The seeded ground truth (frozen plain data). */
  tenant: Tenant;
  /** Every Open API request received, in order. */
  calls(): ApiCall[];
  /** Returns the fault's id. */
  injectFault(fault: FaultSpec): string;
  clearFaults(): void;
  /** Every issued tenant token becomes invalid (99991663). */
  expireTokens(): void;
  /** Clears calls, faults, rate-limit windows and messaging state (sent messages, chats). */
  reset(): void;
  /** Stops the server and drops open connections; calling it again is harmless. */
  close(): Promise<void>;
  sent(): SentMessage[];
  /** Messages the emulator holds, optionally of one chat. */
  messages(chatId?: string): ChatMessage[];
  /** A chat the emulator knows (seeded, named by a pushed event, or holding a message), as chat info reports it. */
  chat(chatId: string): ChatRecord | undefined;
  /**
   * Takes the bot out of a group, or makes an unknown id a group the bot is not in (a chat a card
   * may be forwarded into): chat info then answers without its mode, sends into it get 230002 and
   * no message event comes from it. Direct chats cannot be left. reset() puts the bot back.
   */
  removeBotFromChat(chatId: string): void;
  /** How each card callback answer was judged. */
  callbacks(): CallbackRecord[];
  /** Every file the bot uploaded, with what an .xlsx holds (also GET /_emulator/files/:file_key). */
  files(): UploadedFile[];
  setWebhook(w: Webhook | undefined): void;
  subscription(): Subscription;
  /** Programmatic: unlike PUT /_emulator/subscription (the console), long connection may be chosen with no client online. */
  setSubscription(s: Partial<Subscription>): void;
  /** The long connection's clients, faults and violations. */
  longConnection: LongConnectionControl;
  pushMessage: EventPusher["pushMessage"];
  pushCardAction: EventPusher["pushCardAction"];
  pushChallenge: EventPusher["pushChallenge"];
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const now = options.now ?? Date.now;
  const timezone = options.timezone ?? DEFAULT_TIMEZONE;
  assertTimezone(timezone);
  const appId = options.appId ?? SANDBOX_APP_ID;
  const appSecret = options.appSecret ?? SANDBOX_APP_SECRET;
  const bot = options.bot ?? { openId: SANDBOX_BOT_OPEN_ID, name: SANDBOX_BOT_NAME };
  const seed = options.seed ?? 1;
  const latencyMs = options.latencyMs ?? 0;
  if (!Number.isInteger(latencyMs) || latencyMs < 0) throw new RangeError(`latencyMs must be a whole number of ms ≥ 0, got ${latencyMs}`);
  const tenant = seededTenant({ seed, today: localDate(Math.floor(now() / 1000), timezone), timezone });
  const scopes = new Set(options.scopes ?? DEFAULT_SCOPES);

  const tokens = new TenantTokens(now, options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS);
  const limiter = new RateLimiter(now);
  const faults = new FaultRegistry(seed);
  const callLog = new CallLog();
  const gateway = new Gateway({
    now,
    tokens,
    limiter,
    faults,
    calls: callLog,
    scopes,
    rateLimits: options.rateLimits ?? true,
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    latencyMs,
  });
  const deps: RouteDeps = {
    now,
    appId,
    appSecret,
    bot,
    tenant,
    lookup: lookupFor(tenant),
    timezone,
    scopes,
    vcAdminPermission: options.vcAdminPermission ?? true,
    multiUnit: options.multiUnit ?? false,
    edition: options.edition ?? "enterprise",
  };
  gateway.route(tenantTokenRoute(deps, tokens));
  gateway.route(botInfoRoute(deps));
  // list_by_no first: otherwise "/meetings/:meeting_id" would take it.
  gateway.route(meetingListByNoRoute(deps));
  gateway.route(meetingGetRoute(deps));
  gateway.route(reportGetDailyRoute(deps));
  gateway.route(reservationListRoute(deps));
  gateway.route(roomListRoute(deps));
  gateway.route(roomLevelListRoute(deps));
  gateway.route(roomMgetRoute(deps));
  gateway.route(pushOverviewRoute(deps));
  gateway.route(departmentChildrenRoute(deps));
  gateway.route(departmentGetRoute(deps));

  const ctx: EmulatorContext = { now, appId, bot, route: (def) => gateway.route(def) };
  const messaging = createMessaging(ctx);
  // Chat info answers from the messaging state: the chats it knows, and whether the bot is in them.
  gateway.route(chatGetRoute(deps, (chatId) => messaging.chat(chatId)));
  let webhook = options.webhook;
  const verificationToken = options.verificationToken ?? SANDBOX_VERIFICATION_TOKEN;
  const longConnection = createLongConnection({ now, seed, appId, appSecret }, options.longConnection, options.subscription);
  const events = createEventPusher(ctx, () => webhook, messaging, {
    timezone,
    longConnection: {
      mode: (kind) => longConnection.mode(kind),
      deliver: (payload, timeoutMs) => longConnection.deliver(payload, timeoutMs),
      verificationToken,
    },
  });

  const reset = (): void => {
    callLog.clear();
    faults.clear();
    limiter.reset();
    messaging.reset();
    longConnection.reset();
  };
  const injectFault = (fault: FaultSpec): string => faults.add(fault);

  const app = express();
  app.disable("x-powered-by");
  app.use(express.json({ limit: "2mb" }));
  app.use(messaging.bodyParsers);
  app.post("/callback/ws/endpoint", longConnection.endpoint);
  app.use(gateway.router);
  app.use(
    "/_emulator",
    createControlRouter({
      calls: () => callLog.all(),
      tenant,
      injectFault,
      faults: () => faults.list(),
      clearFaults: () => faults.clear(),
      expireTokens: () => tokens.expireAll(),
      reset,
      webhook: () => webhook,
      setWebhook: (w) => {
        webhook = w;
      },
    }),
    messaging.control,
    longConnection.router,
  );
  app.use("/open-apis", (req, res) => gateway.notFound(req, res));
  app.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const status = (err as { status?: number }).status ?? 500;
    // A body that is not JSON: Feishu's gateway rejects it before any endpoint sees it.
    res.status(status).json({ code: status === 400 ? 9499 : 1500, msg: status === 400 ? "Bad Request" : "internal error" });
  });

  const host = options.host ?? "127.0.0.1";
  const server = app.listen(options.port ?? 0, host);
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  server.on("upgrade", (req, socket, head) => longConnection.handleUpgrade(req, socket, head));
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= longConnection.close().then(
      () =>
        new Promise<void>((resolve, reject) => {
          // Hanging faults keep sockets open: drop them so close() returns.
          server.closeAllConnections();
          server.close((err) => (err ? reject(err) : resolve()));
        }),
    ));

  return {
    url,
    appId,
    appSecret,
    verificationToken,
    tenant,
    calls: () => callLog.all(),
    injectFault,
    clearFaults: () => faults.clear(),
    expireTokens: () => tokens.expireAll(),
    reset,
    close,
    sent: () => messaging.sent(),
    messages: (chatId) => messaging.messages(chatId),
    chat: (chatId) => messaging.chat(chatId),
    removeBotFromChat: (chatId) => messaging.removeBot(chatId),
    callbacks: () => messaging.callbacks(),
    files: () => messaging.files(),
    setWebhook: (w) => {
      webhook = w;
    },
    subscription: () => longConnection.subscription(),
    setSubscription: (s) => longConnection.setSubscription(s),
    longConnection: longConnection.control,
    pushMessage: (opts) => events.pushMessage(opts),
    pushCardAction: (opts) => events.pushCardAction(opts),
    pushChallenge: (opts) => events.pushChallenge(opts),
  };
}
