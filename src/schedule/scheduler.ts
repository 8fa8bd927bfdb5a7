/**
 * Runs the configured digests: one timer per digest, armed for its next cron occurrence in its own
 * time zone. On start, a run missed by less than the digest's catch-up window is posted once,
 * marked late; older misses are logged. A period held by a lock is tried again when the lock
 * expires, and a failed send with backoff, both only inside the catch-up window. Whether a period
 * was already posted is the store's to say (see post.ts), so restarts and several processes sharing the store post each period once.
 */
import { randomUUID } from "node:crypto";
import { renderView } from "../cards/index.js";
import { createButtonSeal, sealedButtonValues } from "../cards/seal.js";
import { buildDigestView } from "../commands/digest/build.js";
import type { Config, DigestConfig } from "../config/types.js";
import type { FeishuGateway } from "../feishu/gateway.js";
import type { SentMessageRef } from "../feishu/types.js";
import type { Logger } from "../log/logger.js";
import type { DigestMetrics } from "../metrics/index.js";
import type { Store } from "../store/store.js";
import { uuidFor } from "../feishu/uuid.js";
import { latestOccurrence, localTime, nextOccurrence, periodOf } from "../time/cron.js";
import { periodKey } from "./keys.js";
import { postPeriod, RECORD_MARGIN_MS, type PostResult } from "./post.js";
import { realTimers, type Timers } from "./timers.js";

/** A run this close to its time is on time, not late (timers fire a little after their time). */
export const ON_TIME_MS = 60_000;
/**
 * The longest single wait: a timer is re-armed at least this often, so a clock that jumps (a
 * suspended machine, an NTP step) is noticed within a minute rather than after a day.
 */
export const MAX_WAIT_MS = 60_000;
/** The first retry of a failed send; each next waits twice as long, up to RETRY_MAX_MS. */
export const RETRY_FIRST_MS = 60_000;
export const RETRY_MAX_MS = 30 * 60_000;

function backoff(attempt: number): number {
  return Math.min(RETRY_FIRST_MS * 2 ** attempt, RETRY_MAX_MS);
}

export interface SchedulerDeps {
  config: Config;
  gateway: FeishuGateway;
  store: Store;
  logger: Logger;
  /** ms since the epoch; tests pass a fake clock (with matching `timers`). */
  now?: () => number;
  timers?: Timers;
  /** Told of each run posted or failed (previews are commands, not runs). */
  metrics?: DigestMetrics;
}

export interface Scheduler {
  /** Clears the timers and waits for runs in flight. */
  stop(): Promise<void>;
  /**
   * Posts a preview of digest `name` to `chatId` now, marked as a preview. The period record is not
   * touched: the scheduled run still posts.
   */
  runNow(name: string, chatId: string): Promise<SentMessageRef>;
  /** Each digest's next occurrence (ms), undefined when its expression fires no more. */
  nextRuns(): Array<{ name: string; at: number | undefined }>;
  /** Resolves once no run is in flight (runs started meanwhile included). */
  idle(): Promise<void>;
}

interface Slot {
  digest: DigestConfig;
  next: number | undefined;
  timer: unknown;
}

export function startScheduler(deps: SchedulerDeps): Scheduler {
  const { config, logger } = deps;
  const now = deps.now ?? Date.now;
  const timers = deps.timers ?? realTimers;
  const inFlight = new Set<Promise<unknown>>();
  let stopped = false;

  const slots: Slot[] = config.digests.map((digest) => ({ digest, next: undefined, timer: undefined }));

  function track<T>(work: Promise<T>): Promise<T> {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work)).catch(() => undefined);
    return work;
  }

    /** Retry timers waiting; cleared on stop. */
  const retries = new Set<{ timer: unknown }>();

  /** Runs `work` once the clock reaches `at`, waking at least every MAX_WAIT_MS so a clock jump is noticed. */
  function at(time: number, work: () => void): void {
    if (stopped) return;
    const entry: { timer: unknown } = { timer: undefined };
    const wait = () => {
      const left = time - now();
      if (stopped) return;
      if (left <= 0) {
        retries.delete(entry);
        work();
        return;
      }
      entry.timer = timers.setTimeout(wait, Math.min(left, MAX_WAIT_MS));
    };
    retries.add(entry);
    wait();
  }

  /** Posts `occurrence` if it is not too late for it; the reason decides only what is logged. */
  async function runDue(digest: DigestConfig, occurrence: number, reason: "timer" | "catch-up" | "retry", attempt = 0): Promise<PostResult | undefined> {
    const lateness = now() - occurrence;
    const period = periodOf(digest, occurrence);
    const window = digest.catchUpMinutes * 60_000;
    if (lateness > ON_TIME_MS && lateness > window) {
      // Only worth a warning when the period really was never posted; past the record's lifetime
      // (a weekly digest, days after its run) the store cannot say, so nothing is claimed.
      const recordKnown = lateness <= window + RECORD_MARGIN_MS;
      if (recordKnown && (await deps.store.get(periodKey(digest.name, period)).catch(() => undefined)) === undefined) {
        logger.warn(
          { digest: digest.name, period, lateMinutes: Math.round(lateness / 60_000), catchUpMinutes: digest.catchUpMinutes, reason },
          "digest run missed and too old to catch up; not posted",
        );
      }
      return undefined;
    }
    let result: PostResult | undefined;
    try {
      result = await postPeriod({ ...deps, now }, digest, occurrence, { late: lateness > ON_TIME_MS });
    } catch (err) {
      logger.error({ err, digest: digest.name, period, reason }, "digest run failed");
    }
    if (result?.status === "sent") deps.metrics?.posted(digest.name);
    else if (result === undefined || result.status === "failed") deps.metrics?.failed(digest.name);
    // A dead holder's lock is waited out, a failed send retried with backoff, while the catch-up
    // window lasts (runDue itself gives up past it); nothing else would ever post this period.
    if (result?.status === "locked") {
      // At least a second on, so a lock the store still shows at its expiry cannot spin.
      retryAt(digest, occurrence, Math.max(result.retryAt, now() + 1000), attempt);
    } else if (result === undefined || result.status === "failed") {
      retryAt(digest, occurrence, now() + backoff(attempt), attempt + 1);
    }
    return result;
  }

  function retryAt(digest: DigestConfig, occurrence: number, time: number, attempt: number): void {
    const deadline = occurrence + Math.max(digest.catchUpMinutes * 60_000, ON_TIME_MS);
    const period = periodOf(digest, occurrence);
    if (time > deadline) {
      logger.warn({ digest: digest.name, period, catchUpMinutes: digest.catchUpMinutes }, "digest period not fully posted and its catch-up window ends before a retry; given up");
      return;
    }
    logger.info({ digest: digest.name, period, retryAt: new Date(time).toISOString(), attempt }, "digest period to be retried");
    at(time, () => void track(runDue(digest, occurrence, "retry", attempt)));
  }

  function arm(slot: Slot): void {
    if (stopped) return;
    const at = now();
    slot.next = slot.next !== undefined && slot.next > at ? slot.next : nextOccurrence(slot.digest, at);
    if (slot.next === undefined) {
      logger.info({ digest: slot.digest.name }, "digest schedule fires no more");
      return;
    }
    slot.timer = timers.setTimeout(() => wake(slot), Math.min(slot.next - at, MAX_WAIT_MS));
  }

  function wake(slot: Slot): void {
    slot.timer = undefined;
    if (stopped || slot.next === undefined) return;
    const at = now();
    if (at >= slot.next) {
      // The latest occurrence due: after a long sleep that may be later than the one awaited.
      const due = latestOccurrence(slot.digest, at) ?? slot.next;
      slot.next = undefined;
      void track(runDue(slot.digest, due, "timer"));
    }
    arm(slot);
  }

  for (const slot of slots) {
    const latest = latestOccurrence(slot.digest, now());
    if (latest !== undefined) void track(runDue(slot.digest, latest, "catch-up"));
    arm(slot);
  }
  if (slots.length > 0) {
    logger.info(
      { digests: slots.map((s) => ({ name: s.digest.name, next: s.next === undefined ? null : localTime(s.digest.timezone, s.next) })) },
      "digest scheduler started",
    );
  }

  return {
    async stop() {
      stopped = true;
      for (const slot of slots) {
        if (slot.timer !== undefined) timers.clearTimeout(slot.timer);
        slot.timer = undefined;
      }
      for (const retry of retries) if (retry.timer !== undefined) timers.clearTimeout(retry.timer);
      retries.clear();
      await this.idle();
    },
    async runNow(name, chatId) {
      const digest = config.digests.find((d) => d.name === name);
      if (!digest) throw new Error(`no digest named ${JSON.stringify(name)}`);
      const at = now();
      const work = (async () => {
        const view = await buildDigestView(digest, {
          deps: { gateway: deps.gateway, config, now: () => at },
          at,
          locale: digest.locale,
          late: false,
          preview: true,
          onSectionError: (section, err) => logger.warn({ digest: name, section, err }, "digest preview section failed"),
        });
        // Each preview is its own message: a fresh uuid, retried as one by the gateway.
        const place = { chatId, issuedAt: Math.floor(now() / 1000) };
        const card = renderView(view, digest.locale, { buttonValues: sealedButtonValues(createButtonSeal(config.feishu), place) });
        return deps.gateway.sendCard(chatId, card, uuidFor("digest-preview", randomUUID()));
      })();
      return track(work);
    },
    nextRuns() {
      return slots.map((slot) => ({ name: slot.digest.name, at: slot.next }));
    },
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
