/**
 * Runs the digests — app.yaml's and those added from chat (the DigestBook in the store) — one timer
 * per digest, armed for its next cron occurrence in its own time zone. The book is re-read at least
 * every REFRESH_MS, and at once when a change is made through this process's book, so a digest added,
 * paused, resumed or removed on any replica sharing the store is picked up without a restart. On start, a run missed by less than the digest's catch-up window is posted once,
 * marked late; older misses are logged. A period held by a lock is tried again when the lock
 * expires, and a failed send with backoff, both only inside the catch-up window. Whether a period
 * was already posted is the store's to say (see post.ts), so restarts and several processes sharing the store post each period once.
 */
import { randomUUID } from "node:crypto";
import { renderView } from "../cards/index.js";
import { createButtonSeal, sealedButtonValues } from "../cards/seal.js";
import { chatDigestConfig, type ChatDigest, type DigestBook } from "../commands/digest/book.js";
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
/** How often the digests added from chat are re-read from the store (changes made elsewhere show within this). */
export const REFRESH_MS = 60_000;

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
  /** The digests added from chat; without it only app.yaml's run. */
  digests?: DigestBook;
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
  /** Re-reads the digests added from chat now (also done every REFRESH_MS and after a change through this process's book). */
  refresh(): Promise<void>;
}

interface Slot {
  digest: DigestConfig;
  /** Set for a digest added from chat: its stored form, which a run checks is still there and active. */
  added?: ChatDigest;
  /** What the slot was made from: a stored digest whose form changes gets a fresh slot. */
  form: string;
  next: number | undefined;
  timer: unknown;
}

export function startScheduler(deps: SchedulerDeps): Scheduler {
  const { config, logger } = deps;
  const now = deps.now ?? Date.now;
  const timers = deps.timers ?? realTimers;
  const inFlight = new Set<Promise<unknown>>();
  let stopped = false;

  const slots = new Map<string, Slot>();
  const configured = new Set(config.digests.map((d) => d.name));

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
    // Lateness is as of the call: the look in the store below must not make a run late.
    const lateness = now() - occurrence;
    if (!(await stillScheduled(digest))) {
      logger.info({ digest: digest.name, period: periodOf(digest, occurrence), reason }, "digest paused or removed; not posted");
      return undefined;
    }
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

  /**
   * Whether `digest` is still one this process runs, as it was: a retry or a timer of a digest since
   * paused, removed or changed does nothing. A chat-added one is looked up in the store too, so a
   * replica that has not re-read the book yet does not post what was removed elsewhere.
   */
  async function stillScheduled(digest: DigestConfig): Promise<boolean> {
    const slot = slots.get(digest.name);
    if (slot === undefined || slot.digest !== digest) return false;
    if (slot.added === undefined || deps.digests === undefined) return true;
    const stored = await deps.digests.get(digest.name).catch((err: unknown) => {
      // The store is down: the run would fail to take its lock anyway; retried as a failure.
      logger.warn({ err, digest: digest.name }, "digest not re-read before its run; running as last known");
      return slot.added;
    });
    return stored !== undefined && !stored.paused && formOf(stored) === slot.form;
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

  /**
   * A new slot: its latest occurrence is caught up (when the catch-up window allows), then it is
   * armed. For a digest added from chat only an occurrence since it was added or resumed counts.
   */
  function open(digest: DigestConfig, added?: ChatDigest): Slot {
    const slot: Slot = { digest, form: added ? formOf(added) : "", next: undefined, timer: undefined, ...(added ? { added } : {}) };
    slots.set(digest.name, slot);
    const latest = latestOccurrence(digest, now());
    if (latest !== undefined && (added === undefined || latest >= added.since)) void track(runDue(digest, latest, "catch-up"));
    arm(slot);
    return slot;
  }

  function close(slot: Slot): void {
    if (slot.timer !== undefined) timers.clearTimeout(slot.timer);
    slot.timer = undefined;
    slot.next = undefined;
    slots.delete(slot.digest.name);
  }

  let refreshTimer: unknown;
  let refreshing: Promise<void> = Promise.resolve();

  /** One re-read of the book at a time, in order: a change made while one runs is seen by the next. */
  function refresh(): Promise<void> {
    if (deps.digests === undefined || stopped) return Promise.resolve();
    refreshing = refreshing.then(readBook, readBook);
    return track(refreshing);
  }

  async function readBook(): Promise<void> {
    if (stopped || deps.digests === undefined) return;
    let stored: ChatDigest[];
    try {
      stored = await deps.digests.list();
    } catch (err) {
      logger.warn({ err }, "digests added from chat not re-read; the ones known keep running");
      return;
    }
    if (stopped) return;
    const active = new Map(stored.filter((d) => !d.paused && !configured.has(d.name)).map((d) => [d.name, d]));
    for (const slot of [...slots.values()]) {
      if (slot.added === undefined) continue;
      const now = active.get(slot.digest.name);
      if (now === undefined || formOf(now) !== slot.form) {
        close(slot);
        logger.info({ digest: slot.digest.name }, now === undefined ? "digest paused or removed from chat; no longer scheduled" : "digest changed from chat; rescheduled");
      }
    }
    for (const added of active.values()) {
      if (slots.has(added.name)) continue;
      try {
        const slot = open(chatDigestConfig(added), added);
        logger.info({ digest: added.name, chatId: added.chatId, next: slot.next === undefined ? null : localTime(added.timeZone, slot.next) }, "digest added from chat scheduled");
      } catch (err) {
        // A stored expression croner cannot read (written by another version): that digest only is skipped.
        slots.delete(added.name);
        logger.warn({ err, digest: added.name }, "digest added from chat cannot be scheduled; skipped");
      }
    }
  }

  function refreshLoop(): void {
    refreshTimer = undefined;
    if (stopped) return;
    void refresh().finally(() => {
      if (!stopped) refreshTimer = timers.setTimeout(refreshLoop, REFRESH_MS);
    });
  }

  for (const digest of config.digests) open(digest);
  if (slots.size > 0) {
    logger.info(
      { digests: [...slots.values()].map((s) => ({ name: s.digest.name, next: s.next === undefined ? null : localTime(s.digest.timezone, s.next) })) },
      "digest scheduler started",
    );
  }
  if (deps.digests !== undefined) {
    deps.digests.onChange(() => void refresh());
    refreshLoop();
  }

  return {
    async stop() {
      stopped = true;
      if (refreshTimer !== undefined) timers.clearTimeout(refreshTimer);
      for (const slot of slots.values()) {
        if (slot.timer !== undefined) timers.clearTimeout(slot.timer);
        slot.timer = undefined;
      }
      for (const retry of retries) if (retry.timer !== undefined) timers.clearTimeout(retry.timer);
      retries.clear();
      await this.idle();
    },
    async runNow(name, chatId) {
      const digest = slots.get(name)?.digest;
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
      return [...slots.values()].map((slot) => ({ name: slot.digest.name, at: slot.next }));
    },
    refresh,
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}

/** The parts of a stored digest its schedule depends on: another form means another slot. */
function formOf(digest: ChatDigest): string {
  return JSON.stringify([digest.chatId, digest.cron, digest.timeZone, digest.locale, digest.sections, digest.since]);
}
