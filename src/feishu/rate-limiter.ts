/**
 * A waiting rate limiter: calls queue (first in, first out) for a slot instead of failing, wake on
 * timers (no polling), and give up only when their slot would come after their deadline.
 *
 * Each bucket keeps a sliding log of its last grants per window, so no span of one window ever
 * holds more than `max` grants, whatever the server's own window alignment. A small margin on
 * every window absorbs the jitter between our clock and the moment Feishu counts the call.
 *
 * With `shared` (several replicas spending one app's budget), the grant is also taken in the
 * store, where every replica's grants count (shared-limits.ts): this process's queue, order and
 * deadlines stay as they are, and the head of each bucket's queue is the one that asks the store.
 */

/** At most `max` calls in any span of `windowMs`. */
export interface RateWindow {
  max: number;
  windowMs: number;
}

/** A bucket a call must take a slot from; calls in the same bucket share its windows and queue. */
export interface LaneRequest {
  bucket: string;
  windows: readonly RateWindow[];
}

/** The slot would come (or came) too late for the call's deadline. */
export class RateLimitWaitError extends Error {
  override readonly name = "RateLimitWaitError";
  constructor(
    /** How long from now the next slot is, as far as it can be told. */
    readonly waitMs: number,
    readonly bucket: string,
  ) {
    super(`rate limit: no slot in ${bucket} before the deadline (next in ~${Math.ceil(waitMs)} ms)`);
  }
}

/** One bucket's windows as the shared store counts them: `spanMs` is the window plus its margin. */
export interface SlotRequest {
  bucket: string;
  windows: ReadonlyArray<{ max: number; spanMs: number }>;
}

/** What the store answered: the slots are taken, or when each refusing bucket may have room again. */
export type SharedTake =
  | { ok: true }
  | {
      ok: false;
      /** Buckets whose windows are full in the store (other replicas' grants), and when a slot frees. */
      retryAt: ReadonlyMap<string, number>;
      /** Buckets another replica paused (a 429 it got), and until when. */
      pausedUntil: ReadonlyMap<string, number>;
    };

/** Grants counted by every replica (shared-limits.ts). */
export interface SharedSlots {
  /** Takes one slot in every window of every bucket, all or none. */
  take(requests: readonly SlotRequest[]): Promise<SharedTake>;
  /** Holds `bucket` for every replica until `until` (ms on the clock). */
  pause(bucket: string, until: number): Promise<void>;
}

export interface RateLimiterOptions {
  now?: () => number;
  /** Added to every window: at least this many ms... */
  minMarginMs?: number;
  /** ...or this share of the window, whichever is larger. */
  marginRatio?: number;
  /** Where grants are counted across replicas; without it, this process's own log is the only count. */
  shared?: SharedSlots;
}

/** The last `max` grant times of one window, oldest first, in a ring. */
class WindowLog {
  private readonly times: number[];
  private start = 0;
  size = 0;

  constructor(
    readonly max: number,
    /** The window plus the safety margin. */
    readonly spanMs: number,
  ) {
    this.times = new Array<number>(max);
  }

  at(index: number): number {
    return this.times[(this.start + index) % this.max]!;
  }

  newest(): number {
    return this.size === 0 ? -Infinity : this.at(this.size - 1);
  }

  record(t: number): void {
    if (this.size < this.max) {
      this.times[(this.start + this.size) % this.max] = t;
      this.size += 1;
      return;
    }
    this.times[this.start] = t;
    this.start = (this.start + 1) % this.max;
  }

  /** The earliest time one more grant fits. */
  freeAt(): number {
    return this.size < this.max ? -Infinity : this.at(0) + this.spanMs;
  }
}

/** One acquire() in progress: its deadline, and how to wake it with an error. */
class Ticket {
  private abort: ((error: Error) => void) | undefined;
  failure: Error | undefined;

  constructor(readonly deadline: number) {}

  /** Runs `executor` as the ticket's current wait: an expiry rejects it. */
  wait(executor: (resolve: () => void, reject: (e: Error) => void) => (() => void) | void): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<void>((resolve, reject) => {
      const cleanup = executor(resolve, reject);
      this.abort = (error) => {
        cleanup?.();
        reject(error);
      };
    });
  }

  expire(error: Error): void {
    this.failure ??= error;
    this.abort?.(error);
  }
}

interface Entry {
  ticket: Ticket;
  resolve: () => void;
  granted: boolean;
}

class Bucket {
  readonly logs: WindowLog[];
  readonly queue: Entry[] = [];
  pausedUntil = -Infinity;
  /** The shared store said its windows are full until then (other replicas' grants). */
  remoteFreeAt = -Infinity;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly name: string,
    windows: readonly RateWindow[],
    margin: (windowMs: number) => number,
    private readonly now: () => number,
  ) {
    this.logs = windows.map((w) => new WindowLog(w.max, w.windowMs + margin(w.windowMs)));
  }

  nextFree(): number {
    let at = Math.max(this.pausedUntil, this.remoteFreeAt);
    for (const log of this.logs) at = Math.max(at, log.freeAt());
    return at;
  }

  record(t: number): void {
    for (const log of this.logs) log.record(t);
  }

  /**
   * When each waiter, in queue order, would get its slot if nothing else changed; undefined for
   * a waiter whose slot would miss its deadline (it gives way and is not counted).
   */
  schedule(deadlines: readonly number[]): Array<number | undefined> {
    const now = this.now();
    const grants: number[] = [];
    return deadlines.map((deadline) => {
      let t = Math.max(now, this.pausedUntil, this.remoteFreeAt, grants.at(-1) ?? -Infinity);
      for (const log of this.logs) {
        const index = log.size + grants.length - log.max;
        if (index < 0) continue;
        const prior = index < log.size ? log.at(index) : grants[index - log.size]!;
        t = Math.max(t, prior + log.spanMs);
      }
      if (t > deadline) return undefined;
      grants.push(t);
      return t;
    });
  }

  /** Resolves when the ticket heads this bucket's queue and the bucket has room. */
  enter(ticket: Ticket): Promise<void> {
    const deadlines = [...this.queue.map((e) => e.ticket.deadline), ticket.deadline];
    if (this.schedule(deadlines).at(-1) === undefined) {
      return Promise.reject(new RateLimitWaitError(this.estimateWait(deadlines.length - 1), this.name));
    }
    return ticket.wait((resolve) => {
      this.queue.push({ ticket, resolve, granted: false });
      this.pump();
    });
  }

  leave(ticket: Ticket): void {
    const index = this.queue.findIndex((e) => e.ticket === ticket);
    if (index < 0) return;
    this.queue.splice(index, 1);
    if (index === 0) this.pump();
  }

  /** Stops calls for a while (a 429 told us to); waiters that can no longer make it are told now. */
  pause(until: number): void {
    if (until <= this.pausedUntil) return;
    this.pausedUntil = until;
    const waiting = this.queue.filter((e) => !e.granted);
    const slots = this.schedule(waiting.map((e) => e.ticket.deadline));
    waiting.forEach((entry, i) => {
      if (slots[i] === undefined) entry.ticket.expire(new RateLimitWaitError(until - this.now(), this.name));
    });
    this.pump();
  }

  /** Grants the head of the queue if there is room, or sets one timer for when there will be. */
  pump(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const head = this.queue[0];
    if (!head || head.granted) return;
    const now = this.now();
    const at = this.nextFree();
    if (at <= now) {
      head.granted = true;
      head.resolve();
      return;
    }
    this.timer = setTimeout(() => this.pump(), at - now);
  }

  /** How far away the slot of the waiter at `position` is, ignoring deadlines. */
  estimateWait(position: number): number {
    const slots = this.schedule(new Array<number>(position + 1).fill(Infinity));
    return Math.max(0, (slots.at(-1) ?? this.now()) - this.now());
  }

  /** Nothing queued and nothing logged that still counts: the bucket can be forgotten. */
  idle(): boolean {
    const now = this.now();
    return this.queue.length === 0 && this.pausedUntil <= now && this.logs.every((l) => l.newest() + l.spanMs <= now);
  }
}

/** The soonest the store is asked again after it refused. */
const SHARED_RETRY_FLOOR_MS = 2;

/** Forget idle per-key buckets once there are more than this many. */
const SWEEP_FLOOR = 256;

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly now: () => number;
  private readonly margin: (windowMs: number) => number;
  private readonly shared: SharedSlots | undefined;
  private sweepAt = SWEEP_FLOOR;

  constructor(opts: RateLimiterOptions = {}) {
    this.now = opts.now ?? (() => Date.now());
    const minMargin = opts.minMarginMs ?? 25;
    const ratio = opts.marginRatio ?? 0.01;
    this.margin = (windowMs) => Math.max(minMargin, windowMs * ratio);
    this.shared = opts.shared;
  }

  /**
   * Waits for a slot in every lane (in the order given) and takes them all at the same instant.
   * Rejects with RateLimitWaitError when that cannot happen by `deadline` (ms on the clock).
   */
  async acquire(lanes: readonly LaneRequest[], deadline: number): Promise<void> {
    if (lanes.length === 0) return;
    const buckets = lanes.map((lane) => this.bucket(lane));
    const now = this.now();
    // Shared, every call queues: the store is asked by the head of each queue, one at a time.
    if (!this.shared && buckets.every((b) => b.queue.length === 0 && b.nextFree() <= now)) {
      for (const b of buckets) b.record(now);
      return;
    }
    const ticket = new Ticket(deadline);
    const expiry = setTimeout(() => ticket.expire(this.lateError(buckets)), Math.max(0, deadline - now));
    try {
      let entered = 0;
      for (;;) {
        for (; entered < buckets.length; entered++) await buckets[entered]!.enter(ticket);
        // A bucket entered earlier may have been paused while a later one was awaited.
        await this.roomIn(buckets, ticket);
        const refused = this.shared ? await this.takeShared(lanes, buckets) : -1;
        if (refused < 0) {
          const granted = this.now();
          for (const b of buckets) b.record(granted);
          return;
        }
        // Refused for a budget before the last one (its chat is full: other replicas' sends): give
        // up the places in the later queues, as a call held back by its chat never enters them,
        // so that other chats' calls go first; wait for the chat with the places before, then queue again.
        if (refused < buckets.length - 1) {
          for (const b of buckets.slice(refused + 1)) b.leave(ticket);
          entered = refused + 1;
          await this.roomIn(buckets.slice(0, entered), ticket);
        }
      }
    } finally {
      clearTimeout(expiry);
      for (const b of buckets) b.leave(ticket);
    }
  }

  /** Waits until every one of `buckets` has room now, or throws when that comes after the deadline. */
  private async roomIn(buckets: readonly Bucket[], ticket: Ticket): Promise<void> {
    for (;;) {
      const t = this.now();
      const at = Math.max(...buckets.map((b) => b.nextFree()));
      if (at <= t) return;
      if (at > ticket.deadline) throw this.lateError(buckets);
      await ticket.wait((resolve) => {
        const timer = setTimeout(resolve, at - t);
        return () => clearTimeout(timer);
      });
    }
  }

  /** Holds every call of `bucket` in this process until `until` (ms on the clock). */
  pause(bucket: string, until: number): void {
    this.buckets.get(bucket)?.pause(until);
  }

  /** As pause(), and for every replica when the limiter is shared; resolves once the store has it. */
  async pauseEverywhere(bucket: string, until: number): Promise<void> {
    this.pause(bucket, until);
    await this.shared?.pause(bucket, until);
  }

  /**
   * Asks the store for the slots: -1 when taken. Otherwise learns when the full buckets free up (or
   * how long another replica paused them), and answers the index of the first bucket refused.
   */
  private async takeShared(lanes: readonly LaneRequest[], buckets: readonly Bucket[]): Promise<number> {
    const answer = await this.shared!.take(
      lanes.map((lane) => ({
        bucket: lane.bucket,
        windows: lane.windows.map((w) => ({ max: w.max, spanMs: w.windowMs + this.margin(w.windowMs) })),
      })),
    );
    if (answer.ok) return -1;
    // Never earlier than a moment from now, so a stale answer cannot make the loop spin.
    const floor = this.now() + SHARED_RETRY_FLOOR_MS;
    let first = -1;
    buckets.forEach((b, i) => {
      const paused = answer.pausedUntil.get(b.name);
      if (paused !== undefined) b.pause(paused);
      const free = answer.retryAt.get(b.name);
      if (free !== undefined) b.remoteFreeAt = Math.max(free, floor);
      if (first < 0 && (paused !== undefined || free !== undefined)) first = i;
    });
    if (first >= 0) return first;
    for (const b of buckets) b.remoteFreeAt = Math.max(b.remoteFreeAt, floor);
    return buckets.length - 1;
  }

  /** How many calls wait in each bucket that has any: for logs and tests. */
  waiting(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [name, b] of this.buckets) if (b.queue.length > 0) out[name] = b.queue.length;
    return out;
  }

  private lateError(buckets: readonly Bucket[]): RateLimitWaitError {
    const worst = buckets.reduce((a, b) => (b.nextFree() > a.nextFree() ? b : a));
    return new RateLimitWaitError(Math.max(0, worst.nextFree() - this.now()), worst.name);
  }

  private bucket(lane: LaneRequest): Bucket {
    let bucket = this.buckets.get(lane.bucket);
    if (!bucket) {
      if (this.buckets.size >= this.sweepAt) this.sweep();
      bucket = new Bucket(lane.bucket, lane.windows, this.margin, this.now);
      this.buckets.set(lane.bucket, bucket);
    }
    return bucket;
  }

  private sweep(): void {
    for (const [name, b] of this.buckets) if (b.idle()) this.buckets.delete(name);
    this.sweepAt = Math.max(SWEEP_FLOOR, this.buckets.size * 2);
  }
}
