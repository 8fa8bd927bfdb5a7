/**
 * Rate budgets shared by every replica: each grant also takes a slot in the bot's Store (memory,
 * SQLite or Redis), so two processes together stay within Feishu's per-app limits.
 *
 * How a window is counted. A window of `max` calls per `windowMs` is `max` slot keys. A grant takes
 * one free slot with `setIfAbsent(key, …, span)`, span being the window plus the limiter's margin;
 * the key then lives for one span and vanishes by the store's own TTL. Only `max` distinct keys
 * exist and each is held for a whole span after its grant, so however the replicas interleave, no
 * span of the window ever holds more than `max` grants: the in-process limiter's sliding log,
 * counted by the store, whatever Feishu's own window alignment. A call that spends several windows
 * (50/s and 1000/min) or several budgets (its chat's 5/s and the app's sends) takes one slot in
 * each, all or none: the ones taken are given back (`compareAndDelete` of our own value) when
 * another is full. A slot's value says when it frees, so a refused replica waits for exactly that.
 * A 429's reset is a key of its own that every replica reads with its next grant.
 *
 * Why not rate-limiter-flexible (issue 10 prefers a library; it was weighed first):
 * - Its limiters are fixed-window counters (INCR, with the key's expiry as the window, in whole
 *   seconds for Redis): a burst at the end of one window and another at the start of the next put
 *   up to 2 × max calls into one of Feishu's windows, which are not aligned with ours. That is the
 *   429 this work is meant to remove; the sliding count is what kept the single process clean.
 * - Its store-agnostic path (RateLimiterStoreAbstract) needs an atomic increment with TTL, which the
 *   Store interface (set-if-absent, compare-and-delete, locks) does not have; its SQLite adapter
 *   targets another driver and table of its own, its Redis adapter wants the raw ioredis client that
 *   RedisStore keeps private (with its key prefix and error mapping), and memory would be a third
 *   code path. Three engines, three limiters, versus one algorithm over one interface here.
 * - Its queue (RateLimiterQueue) waits in one process only, per key, with deadlines in whole
 *   seconds and no all-or-none across budgets (RateLimiterUnion spends points in every limiter even
 *   when one refuses). The waiting, ordering, deadlines and pauses of rate-limiter.ts would stay ours.
 * So the hand-written limiter keeps the algorithm and the queue, and its state goes into the Store
 * through `setIfAbsent`, the one atomic primitive every engine already has and the contract suite tests.
 *
 * Cost: one store round trip per grant when slots are free (the budgets of a call are asked in
 * parallel: one SQLite group commit, one Redis pipeline); a refused slot costs one more read. A
 * replica that first finds a window full reads all of its slots once (in parallel) to learn when
 * each frees; after that it keeps per-slot hints and asks about one slot at a time.
 *
 * Failure: when the store cannot answer, the call goes ahead on this process's own count (as before
 * issue 10) and the store is left alone for a few seconds; a 429 from Feishu is still honoured.
 * Clocks: slots expire by the store's clock (one clock on one host for SQLite, the server's for
 * Redis); the "frees at" hints come from the taker's clock and are capped at one span from now.
 * A window's keys name its size and span, so replicas share a budget only while they run with the
 * same limits (app.yaml's overrides included), as they should.
 */
import { createHash, randomUUID } from "node:crypto";
import type { Store } from "../store/store.js";
import type { SharedSlots, SharedTake, SlotRequest } from "./rate-limiter.js";

export interface StoreSlotsOptions {
  store: Store;
  /** Put before every key, e.g. "feishu:rl:"; every replica of one bot must use the same. */
  keyPrefix: string;
  now?: () => number;
  /** The store failed; the call went ahead on the local count. */
  onError?: (error: unknown) => void;
  /** How long the store is left alone after it failed. Default 5 s. */
  bypassMs?: number;
}

/** One window of one bucket: its slot keys, and what this process believes of each. */
interface Ring {
  base: string;
  max: number;
  spanMs: number;
  /** Per slot, when it is believed to free (0: free, or never seen). */
  hints: Float64Array;
  /** True once every slot was read: past that, a refused slot is read alone. */
  scanned: boolean;
  cursor: number;
  lastUsed: number;
}

interface Taken {
  ring: Ring;
  index: number;
  key: string;
  value: string;
}

type Claim = { ok: true; taken: Taken } | { ok: false; freeAt: number };

/** Tries on one window before the bucket waits briefly and asks again (others keep taking the slot). */
const MAX_PROBES = 8;
/** Wait after losing every probe, or for a slot whose hint has passed but whose key is still there. */
const RETRY_FLOOR_MS = 5;
/** Slots read at once when a window is first found full. */
const SCAN_CHUNK = 128;
const RING_SWEEP_FLOOR = 512;

export class StoreSlots implements SharedSlots {
  private readonly store: Store;
  private readonly prefix: string;
  private readonly now: () => number;
  private readonly onError: (error: unknown) => void;
  private readonly bypassMs: number;
  private readonly rings = new Map<string, Ring>();
  /** Makes each value ours alone, so a give-back can only delete our own slot. */
  private readonly owner = randomUUID();
  private counter = 0;
  private bypassUntil = -Infinity;
  private sweepAt = RING_SWEEP_FLOOR;

  constructor(opts: StoreSlotsOptions) {
    this.store = opts.store;
    this.prefix = opts.keyPrefix;
    this.now = opts.now ?? (() => Date.now());
    this.onError = opts.onError ?? (() => undefined);
    this.bypassMs = opts.bypassMs ?? 5_000;
  }

  async take(requests: readonly SlotRequest[]): Promise<SharedTake> {
    if (this.now() < this.bypassUntil) return { ok: true };
    const claims: Array<{ bucket: string; claim: Promise<Claim> }> = [];
    for (const request of requests) {
      for (const window of request.windows) {
        claims.push({ bucket: request.bucket, claim: this.claim(this.ring(request.bucket, window.max, window.spanMs)) });
      }
    }
    const pauses = requests.map((request) => this.store.get(this.pauseKey(request.bucket)));
    const settled = await Promise.allSettled([...claims.map((c) => c.claim), ...pauses]);
    const failure = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
    const results = settled.map((s) => (s.status === "fulfilled" ? s.value : undefined));
    const answers = results.slice(0, claims.length) as Array<Claim | undefined>;
    const taken = answers.flatMap((a) => (a?.ok ? [a.taken] : []));
    if (failure) {
      // Whatever was taken stays taken (it lapses in one span): counting a call twice is the safe side.
      this.failed(failure.reason);
      return { ok: true };
    }
    const now = this.now();
    const retryAt = new Map<string, number>();
    answers.forEach((answer, i) => {
      if (answer && !answer.ok) {
        const bucket = claims[i]!.bucket;
        retryAt.set(bucket, Math.max(retryAt.get(bucket) ?? -Infinity, answer.freeAt));
      }
    });
    const pausedUntil = new Map<string, number>();
    (results.slice(claims.length) as Array<string | undefined>).forEach((value, i) => {
      const until = value === undefined ? NaN : Number(value);
      if (until > now) pausedUntil.set(requests[i]!.bucket, until);
    });
    if (retryAt.size === 0 && pausedUntil.size === 0) return { ok: true };
    await this.giveBack(taken);
    return { ok: false, retryAt, pausedUntil };
  }

  async pause(bucket: string, until: number): Promise<void> {
    const now = this.now();
    if (until <= now || now < this.bypassUntil) return;
    const key = this.pauseKey(bucket);
    try {
      // Not atomic: two replicas pausing at once may keep the shorter reset, which each still honours locally.
      const held = Number(await this.store.get(key));
      if (held >= until) return;
      await this.store.set(key, String(Math.ceil(until)), Math.ceil(until - now));
    } catch (error) {
      this.failed(error);
    }
  }

  /** One free slot of one window, or when the earliest one frees. */
  private async claim(ring: Ring): Promise<Claim> {
    for (let probe = 0; probe < MAX_PROBES; probe++) {
      const now = this.now();
      ring.lastUsed = now;
      const index = pick(ring, now);
      if (index < 0) return { ok: false, freeAt: earliest(ring) };
      const expiresAt = now + ring.spanMs;
      const key = `${ring.base}${index}`;
      const value = `${Math.ceil(expiresAt)}:${this.owner}:${++this.counter}`;
      if (await this.store.setIfAbsent(key, value, ring.spanMs)) {
        ring.hints[index] = expiresAt;
        return { ok: true, taken: { ring, index, key, value } };
      }
      if (!ring.scanned) {
        await this.scan(ring);
        continue;
      }
      ring.hints[index] = heldUntil(await this.store.get(key), ring, this.now());
    }
    return { ok: false, freeAt: this.now() + RETRY_FLOOR_MS };
  }

  /** Reads every slot of a window (first found full): when each frees. */
  private async scan(ring: Ring): Promise<void> {
    for (let start = 0; start < ring.max; start += SCAN_CHUNK) {
      const indexes = Array.from({ length: Math.min(SCAN_CHUNK, ring.max - start) }, (_, i) => start + i);
      const values = await Promise.all(indexes.map((i) => this.store.get(`${ring.base}${i}`)));
      const now = this.now();
      indexes.forEach((slot, i) => (ring.hints[slot] = heldUntil(values[i], ring, now)));
    }
    ring.scanned = true;
  }

  private async giveBack(taken: readonly Taken[]): Promise<void> {
    try {
      await Promise.all(taken.map((t) => this.store.compareAndDelete(t.key, t.value)));
      for (const t of taken) t.ring.hints[t.index] = 0;
    } catch (error) {
      this.failed(error);
    }
  }

  private ring(bucket: string, max: number, spanMs: number): Ring {
    const id = `${bucket}#${max}#${spanMs}`;
    let ring = this.rings.get(id);
    if (!ring) {
      if (this.rings.size >= this.sweepAt) this.sweep();
      ring = {
        base: `${this.prefix}${storeName(bucket)}:${max}/${Math.round(spanMs)}:`,
        max,
        spanMs,
        hints: new Float64Array(max),
        scanned: false,
        cursor: 0,
        lastUsed: this.now(),
      };
      this.rings.set(id, ring);
    }
    return ring;
  }

  /** Forgets windows untouched for a span: every slot has lapsed, there is nothing to remember. */
  private sweep(): void {
    const now = this.now();
    for (const [id, ring] of this.rings) if (ring.lastUsed + ring.spanMs <= now) this.rings.delete(id);
    this.sweepAt = Math.max(RING_SWEEP_FLOOR, this.rings.size * 2);
  }

  private pauseKey(bucket: string): string {
    return `${this.prefix}pause:${storeName(bucket)}`;
  }

  private failed(error: unknown): void {
    this.bypassUntil = this.now() + this.bypassMs;
    this.onError(error);
  }
}

/**
 * The bucket as the store names it: the budget as it is, its key (a chat, a message, or a card's
 * update token, which is a credential) only as a hash.
 */
function storeName(bucket: string): string {
  const bar = bucket.indexOf("|");
  if (bar < 0) return bucket;
  const digest = createHash("sha256").update(bucket.slice(bar + 1)).digest("base64url").slice(0, 22);
  return `${bucket.slice(0, bar)}|${digest}`;
}

/** The next slot believed free, from the cursor on (spreading replicas' tries); -1 when none is. */
function pick(ring: Ring, now: number): number {
  for (let step = 0; step < ring.max; step++) {
    const index = (ring.cursor + step) % ring.max;
    if (ring.hints[index]! <= now) {
      ring.cursor = (index + 1) % ring.max;
      return index;
    }
  }
  return -1;
}

function earliest(ring: Ring): number {
  let at = Infinity;
  for (const hint of ring.hints) at = Math.min(at, hint);
  return at;
}

/**
 * When a slot holding `value` frees: its recorded expiry, never more than one span from now (a slot
 * cannot outlive its span; a taker's clock may be ahead), and a moment from now when the recorded
 * time has passed but the key is still there (a clock behind, or the store's rounding).
 */
function heldUntil(value: string | undefined, ring: Ring, now: number): number {
  if (value === undefined) return 0;
  const recorded = Number(value.slice(0, value.indexOf(":")));
  if (!Number.isFinite(recorded) || recorded > now + ring.spanMs) return now + ring.spanMs;
  return Math.max(recorded, now + RETRY_FLOOR_MS);
}
