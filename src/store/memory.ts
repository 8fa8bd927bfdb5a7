import type { Store } from "./store.js";

export interface MemoryStoreOptions {
  /** Milliseconds since the epoch; tests inject a fake clock. */
  now?: () => number;
  /** Expired keys are swept on the first write after this much time has passed since the last sweep. */
  sweepIntervalMs?: number;
}

interface Entry {
  value: string;
  /** Absolute expiry time in ms; undefined lives until deleted. */
  expiresAt: number | undefined;
}

const DEFAULT_SWEEP_INTERVAL_MS = 60_000;

/**
 * The single-process store. A plain Map rather than node-cache: node-cache reads Date.now()
 * itself (no clock to inject), counts TTLs in seconds and sweeps from a timer; here expiry is
 * checked on read and swept on write, so memory stays bounded by what was written within one
 * TTL plus one sweep interval, and no timer outlives the store.
 * JavaScript runs each call to completion, so check-then-set below is atomic within the process.
 */
export class MemoryStore implements Store {
  readonly #entries = new Map<string, Entry>();
  readonly #now: () => number;
  readonly #sweepIntervalMs: number;
  #lastSweep: number;

  constructor(options: MemoryStoreOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.#sweepIntervalMs = options.sweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS;
    this.#lastSweep = this.#now();
  }

  /** Live keys plus expired ones not yet swept; for tests and metrics. */
  get size(): number {
    return this.#entries.size;
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    assertTtl(ttlMs);
    const now = this.#now();
    this.#maybeSweep(now);
    if (this.#live(key, now) !== undefined) return false;
    this.#entries.set(key, { value, expiresAt: now + ttlMs });
    return true;
  }

  async get(key: string): Promise<string | undefined> {
    return this.#live(key, this.#now())?.value;
  }

  async set(key: string, value: string, ttlMs?: number): Promise<void> {
    if (ttlMs !== undefined) assertTtl(ttlMs);
    const now = this.#now();
    this.#maybeSweep(now);
    this.#entries.set(key, { value, expiresAt: ttlMs === undefined ? undefined : now + ttlMs });
  }

  async delete(key: string): Promise<void> {
    this.#entries.delete(key);
  }

  async close(): Promise<void> {
    this.#entries.clear();
  }

  /** Removes every expired key now. */
  sweep(): void {
    const now = this.#now();
    this.#lastSweep = now;
    for (const [key, entry] of this.#entries) {
      if (isExpired(entry, now)) this.#entries.delete(key);
    }
  }

  #live(key: string, now: number): Entry | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (isExpired(entry, now)) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry;
  }

  #maybeSweep(now: number): void {
    if (now - this.#lastSweep >= this.#sweepIntervalMs) this.sweep();
  }
}

function isExpired(entry: Entry, now: number): boolean {
  return entry.expiresAt !== undefined && entry.expiresAt <= now;
}

function assertTtl(ttlMs: number): void {
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new RangeError(`ttlMs must be a positive finite number, got ${ttlMs}`);
  }
}
