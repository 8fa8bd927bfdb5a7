/**
 * The single choke point every Open API call goes through. From the outside in:
 *  - identical queries share one answer: cached for a lifetime that fits the data, or joined
 *    while in flight (sends are neither);
 *  - retries with back-off for what may succeed later, within one deadline;
 *  - per try: the tenant token (one fetch shared by everyone), a slot from the endpoint's rate
 *    limits (waited for, in order), the request, and the one token refresh 99991663 calls for;
 *  - both of the SDK's failure paths become FeishuError.
 * Every request that leaves (each try, and each token fetch) is told to `metrics` with its answer.
 * With `shared`, the rate budgets, the pauses a 429 calls for and the settled answers live in the
 * bot's store, so every replica of the bot counts and reuses them (shared-limits.ts, shared-cache.ts).
 */
import * as lark from "@larksuiteoapi/node-sdk";
import type { Logger } from "../log/logger.js";
import type { UpstreamMetrics } from "../metrics/index.js";
import type { Store } from "../store/store.js";
import { QueryCache, cacheKey, type QueryCacheOptions } from "./cache.js";
import type { CacheClock, TtlRule } from "./cache-policy.js";
import { fetchTenantToken } from "./endpoints/token.js";
import { CHAT_RATE_LIMITED_CODE, FeishuError, RATE_LIMITED_CODE, errorFromEnvelope, errorFromThrown } from "./errors.js";
import { DOCUMENTED_LIMITS, lanesFor, type FeishuLimits, type LimitLane } from "./limits.js";
import { RateLimitWaitError, RateLimiter } from "./rate-limiter.js";
import { DEFAULT_RETRY, retryDelay, sendPolicy, type RetryPolicy } from "./retry.js";
import { SharedCache } from "./shared-cache.js";
import { StoreSlots } from "./shared-limits.js";
import { TenantTokenSource } from "./token.js";
import type { FeishuEndpoint } from "./types.js";
import { ANSWERED_OK, upstreamAnswer } from "./upstream-answer.js";

export { DEFAULT_RETRY, type RetryPolicy } from "./retry.js";

/** The tenant token, as request options for any SDK call. */
export type RequestAuth = ReturnType<typeof lark.withTenantToken>;

/** Sends one request through the SDK and resolves with the response body. */
export type Send = (auth: RequestAuth) => Promise<unknown>;

/** Reads the successful body (code 0) into the gateway's type. */
export type Read<T> = (body: Record<string, unknown>) => T;

export interface CallSpec<T> {
  endpoint: FeishuEndpoint;
  send: Send;
  read: Read<T>;
  /** The chat (or message, or card) a send counts against, for the per-chat limit. */
  limitKey?: string;
  /** For queries only: every parameter that shapes the answer, and how long the answer keeps. */
  cache?: { params: unknown; ttl: TtlRule<T> };
}

export type FeishuCall = <T>(spec: CallSpec<T>) => Promise<T>;

export interface FeishuCallOptions {
  appId: string;
  logger: Logger;
  retry?: RetryPolicy;
  /** Overrides of the documented limits (get_daily's is unpublished); false turns limiting off. */
  limits?: Partial<FeishuLimits> | false;
  cache?: QueryCacheOptions;
  /** The clock that decides what "today" is for cache lifetimes (rate limits use real time). */
  now?: () => number;
  /** The bot's time zone, for the same purpose. Default Asia/Shanghai. */
  timezone?: string;
  /**
   * State shared by every replica of the bot: rate budgets (with the pauses Feishu's 429s ask for)
   * and settled answers, kept in the bot's store. Without it (tests, benches, one process) both
   * stay in this process, as before.
   */
  shared?: SharedStateOptions;
  /** Told of every request that leaves, by endpoint name and answer code. */
  metrics?: UpstreamMetrics;
}

export interface SharedStateOptions {
  /**
   * The bot's store (store.url): memory, SQLite on one host, Redis across hosts. Not closed by the
   * gateway. Its clock must be real time: rate slots expire by it (a frozen test clock would keep them).
   */
  store: Store;
  /** Put before every key the gateway writes; the same for every replica of one bot. Default "feishu:". */
  keyPrefix?: string;
  /**
   * The app secret: the key that seals meeting passwords in the shared cache is derived from it
   * (shared-cache.ts). Without it, answers holding a password stay in each process.
   */
  secret?: string;
  /** Encoded answers larger than this are not shared. Default 256 KiB. */
  maxEntryBytes?: number;
}

export const DEFAULT_SHARED_KEY_PREFIX = "feishu:";
/** The calls that post or change a message: they follow the retry policy's send deadline. */
const SEND_ENDPOINTS: ReadonlySet<FeishuEndpoint> = new Set(["message_reply", "message_create", "message_patch", "card_update"]);
/** At most one "store failed" warning per this long, per kind: a store outage must not flood the log. */
const STORE_WARN_INTERVAL_MS = 30_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createFeishuCall(client: lark.Client, opts: FeishuCallOptions): FeishuCall {
  const { logger } = opts;
  const queryPolicy = opts.retry ?? DEFAULT_RETRY;
  const sendingPolicy = sendPolicy(queryPolicy);
  const limits = opts.limits === false ? undefined : { ...DOCUMENTED_LIMITS, ...opts.limits };
  const shared = opts.shared;
  const prefix = shared?.keyPrefix ?? DEFAULT_SHARED_KEY_PREFIX;
  const warnStore = throttledWarning(logger);
  const limiter = new RateLimiter(
    shared
      ? {
          shared: new StoreSlots({
            store: shared.store,
            keyPrefix: `${prefix}rl:`,
            onError: (error) => warnStore("limits", error, "store failed; rate limits counted in this process only for now"),
          }),
        }
      : {},
  );
  const metrics = opts.metrics;
  /** Tells the metrics how a request that left was answered, and passes its outcome on. */
  async function counted<T>(endpoint: FeishuEndpoint, request: () => Promise<T>): Promise<T> {
    try {
      const value = await request();
      metrics?.called(endpoint, ANSWERED_OK);
      return value;
    } catch (thrown) {
      const error = errorFromThrown(endpoint, thrown);
      metrics?.called(error.endpoint, upstreamAnswer(error));
      throw error;
    }
  }
  const tokens = new TenantTokenSource(() => counted("tenant_token", () => fetchTenantToken(client)));
  const cache = new QueryCache(
    opts.cache,
    shared
      ? new SharedCache({
          store: shared.store,
          keyPrefix: `${prefix}cache:`,
          secret: shared.secret,
          ...(shared.maxEntryBytes !== undefined ? { maxBytes: shared.maxEntryBytes } : {}),
          onError: (error, operation) => warnStore(`cache-${operation}`, error, `shared cache ${operation} failed; going on without it`),
        })
      : undefined,
  );
  const clock: CacheClock = { now: opts.now ?? (() => Date.now()), timezone: opts.timezone ?? "Asia/Shanghai" };

  async function attempt<T>(spec: CallSpec<T>, token: string): Promise<T> {
    const body = await counted(spec.endpoint, async () => {
      const answer = await spec.send(lark.withTenantToken(token));
      const error = errorFromEnvelope(spec.endpoint, answer);
      if (error) throw error;
      return answer;
    });
    return spec.read(body as Record<string, unknown>);
  }

  /** One try: token first, then the slot, so the slot is taken right before the request leaves. */
  async function once<T>(spec: CallSpec<T>, lanes: LimitLane[], deadline: number): Promise<T> {
    const token = await tokens.get();
    await limiter.acquire(lanes, deadline);
    try {
      return await attempt(spec, token);
    } catch (error) {
      if (!(error instanceof FeishuError) || !error.tokenExpired) throw error;
      logger.info({ endpoint: spec.endpoint }, "feishu tenant token rejected; fetching a new one and retrying once");
      tokens.invalidate(token);
      const fresh = await tokens.get();
      await limiter.acquire(lanes, deadline);
      return await attempt(spec, fresh);
    }
  }

  /**
   * Holds back the budgets a rate limit names, for every replica when shared (resolved once the
   * store has it); false when there is none to hold (the caller waits).
   */
  async function pauseFor(error: FeishuError, lanes: LimitLane[]): Promise<boolean> {
    const keyed = error.code === CHAT_RATE_LIMITED_CODE;
    const appWide = error.code === RATE_LIMITED_CODE || error.httpStatus === 429;
    // A limit on the token fetch says nothing about this endpoint's budget.
    if ((!keyed && !appWide) || error.endpoint === "tenant_token") return false;
    const hit = lanes.filter((lane) => (lane.budget === "send_per_chat") === keyed);
    const until = Date.now() + (error.rateLimitResetSeconds ?? 1) * 1000;
    await Promise.all(hit.map((lane) => limiter.pauseEverywhere(lane.bucket, until)));
    return hit.length > 0;
  }

  async function run<T>(spec: CallSpec<T>): Promise<T> {
    const startedAt = Date.now();
    const policy = SEND_ENDPOINTS.has(spec.endpoint) ? sendingPolicy : queryPolicy;
    // Tries stop at the deadline; a wait for one of our own slots may go on longer.
    const slotDeadline = startedAt + Math.max(policy.deadlineMs, policy.slotWaitMs ?? policy.deadlineMs);
    const lanes = limits ? lanesFor(spec.endpoint, limits, spec.limitKey) : [];
    let tried = 0;
    try {
      // Sends are safe to retry too: each carries a uuid, so Feishu posts a repeated one only once.
      for (;;) {
        tried += 1;
        try {
          return await once(spec, lanes, slotDeadline);
        } catch (thrown) {
          if (thrown instanceof RateLimitWaitError) throw noSlotError(spec.endpoint, thrown);
          const error = errorFromThrown(spec.endpoint, thrown);
          const paused = await pauseFor(error, lanes);
          const wait = retryDelay(error, tried, Date.now() - startedAt, policy);
          if (wait === undefined) throw error;
          logger.info({ endpoint: spec.endpoint, code: error.code, waitMs: Math.round(wait) }, "feishu call failed; retrying");
          // A paused budget makes the next try wait in the limiter's queue with everyone else.
          if (!paused) await sleep(wait);
        }
      }
    } catch (error) {
      const e = errorFromThrown(spec.endpoint, error);
      logger.warn(
        {
          endpoint: e.endpoint,
          code: e.code,
          httpStatus: e.httpStatus,
          retryable: e.retryable,
          logId: e.logId,
          tries: tried,
          elapsedMs: Date.now() - startedAt,
        },
        e.message,
      );
      throw e;
    }
  }

  return function call<T>(spec: CallSpec<T>): Promise<T> {
    if (!spec.cache) return run(spec);
    const { params, ttl } = spec.cache;
    return cache.through(cacheKey(spec.endpoint, params), () => run(spec), (value) => ttl(value, clock));
  };
}

/** Logs a store failure at most once per interval and kind, with how many were not logged. */
function throttledWarning(logger: Logger): (kind: string, error: unknown, message: string) => void {
  const last = new Map<string, { at: number; quiet: number }>();
  return (kind, error, message) => {
    const now = Date.now();
    const seen = last.get(kind);
    if (seen && now - seen.at < STORE_WARN_INTERVAL_MS) {
      seen.quiet += 1;
      return;
    }
    logger.warn({ err: error, alsoFailedSinceLastWarning: seen?.quiet ?? 0 }, `feishu: ${message}`);
    last.set(kind, { at: now, quiet: 0 });
  };
}

/** No rate-limit slot before the deadline: retryable, with when to try again. */
function noSlotError(endpoint: FeishuEndpoint, wait: RateLimitWaitError): FeishuError {
  return new FeishuError({
    code: RATE_LIMITED_CODE,
    // Feishu's own words for a rate limit (shown on the card), then ours; the budget's name only,
    // as a bucket's key can be a card's update token.
    msg: `request trigger frequency limit (held back: no ${wait.bucket.split("|")[0]} slot before the deadline)`,
    endpoint,
    httpStatus: undefined,
    rateLimitResetSeconds: Math.max(1, Math.ceil(wait.waitMs / 1000)),
  });
}
