import { randomUUID } from "node:crypto";
import { assertTtl } from "./errors.js";
import type { Inbox, InboxEntry, Lock, Records, Store } from "./store.js";

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

interface InboxRecord {
  id: string;
  /** Undefined once done. */
  payload: string | undefined;
  state: "pending" | "claimed" | "done";
  attempts: number;
  addedAt: number;
  claimedBy: string | undefined;
  leaseUntil: number | undefined;
  dedupeUntil: number;
}

const DEFAULT_SWEEP_INTERVAL_MS = 60_000;

/**
 * The single-process store, for tests and for `memory:`. A plain Map rather than node-cache:
 * node-cache reads Date.now() itself (no clock to inject), counts TTLs in seconds and sweeps from a
 * timer; here expiry is checked on read and swept on write, so memory stays bounded by what was
 * written within one TTL plus one sweep interval, and no timer outlives the store.
 * JavaScript runs each call to completion, so every check-then-set below is atomic within the process.
 */
export class MemoryStore implements Store {
  readonly #entries = new Map<string, Entry>();
  readonly #locks = new Map<string, Lock>();
  /** Every inbox record, done ones included until their dedupe mark expires; in insertion order. */
  readonly #inbox = new Map<string, InboxRecord>();
  /** collection → id → value. */
  readonly #records = new Map<string, Map<string, string>>();
  readonly #now: () => number;
  readonly #sweepIntervalMs: number;
  #lastSweep: number;
  readonly inbox: Inbox;
  readonly records: Records;

  constructor(options: MemoryStoreOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.#sweepIntervalMs = options.sweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS;
    this.#lastSweep = this.#now();
    this.inbox = new MemoryInbox(this.#inbox, this.#now, (now) => this.#maybeSweep(now));
    this.records = memoryRecords(this.#records);
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

  async compareAndDelete(key: string, expected: string): Promise<boolean> {
    if (this.#live(key, this.#now())?.value !== expected) return false;
    return this.#entries.delete(key);
  }

  async acquireLock(name: string, ttlMs: number): Promise<Lock | undefined> {
    assertTtl(ttlMs);
    const now = this.#now();
    this.#maybeSweep(now);
    const held = this.#locks.get(name);
    if (held !== undefined && held.expiresAt > now) return undefined;
    const lock = { name, token: randomUUID(), expiresAt: now + ttlMs };
    this.#locks.set(name, lock);
    return { ...lock };
  }

  async extendLock(lock: Lock, ttlMs: number): Promise<boolean> {
    assertTtl(ttlMs);
    const now = this.#now();
    if (!this.#holds(lock, now)) return false;
    this.#locks.set(lock.name, { name: lock.name, token: lock.token, expiresAt: now + ttlMs });
    return true;
  }

  async releaseLock(lock: Lock): Promise<boolean> {
    if (!this.#holds(lock, this.#now())) return false;
    return this.#locks.delete(lock.name);
  }

  async close(): Promise<void> {
    this.#entries.clear();
    this.#locks.clear();
    this.#inbox.clear();
    this.#records.clear();
  }

  /** Removes every expired key, lock and inbox dedupe mark now. */
  sweep(): void {
    const now = this.#now();
    this.#lastSweep = now;
    for (const [key, entry] of this.#entries) {
      if (isExpired(entry, now)) this.#entries.delete(key);
    }
    for (const [name, lock] of this.#locks) {
      if (lock.expiresAt <= now) this.#locks.delete(name);
    }
    for (const [id, record] of this.#inbox) {
      if (record.state === "done" && record.dedupeUntil <= now) this.#inbox.delete(id);
    }
  }

  #holds(lock: Lock, now: number): boolean {
    const held = this.#locks.get(lock.name);
    return held !== undefined && held.token === lock.token && held.expiresAt > now;
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

class MemoryInbox implements Inbox {
  constructor(
    private readonly records: Map<string, InboxRecord>,
    private readonly now: () => number,
    private readonly maybeSweep: (now: number) => void,
  ) {}

  async add(id: string, payload: string, opts: { dedupeTtlMs: number }): Promise<boolean> {
    assertTtl(opts.dedupeTtlMs, "dedupeTtlMs");
    const now = this.now();
    this.maybeSweep(now);
    const old = this.records.get(id);
    if (old !== undefined && (old.state !== "done" || old.dedupeUntil > now)) return false;
    // Deleted first so that a re-added id goes to the end of the insertion order.
    this.records.delete(id);
    this.records.set(id, {
      id,
      payload,
      state: "pending",
      attempts: 0,
      addedAt: now,
      claimedBy: undefined,
      leaseUntil: undefined,
      dedupeUntil: now + opts.dedupeTtlMs,
    });
    return true;
  }

  async claim(owner: string, leaseMs: number): Promise<InboxEntry | undefined> {
    assertTtl(leaseMs, "leaseMs");
    const now = this.now();
    for (const record of this.records.values()) {
      if (record.state === "done" || (record.state === "claimed" && record.leaseUntil! > now)) continue;
      record.state = "claimed";
      record.attempts += 1;
      record.claimedBy = owner;
      record.leaseUntil = now + leaseMs;
      return {
        id: record.id,
        payload: record.payload!,
        attempts: record.attempts,
        addedAt: record.addedAt,
        claimedBy: owner,
        leaseUntil: record.leaseUntil,
      };
    }
    return undefined;
  }

  async extend(id: string, owner: string, leaseMs: number): Promise<boolean> {
    assertTtl(leaseMs, "leaseMs");
    const record = this.#claimedBy(id, owner);
    if (record === undefined) return false;
    record.leaseUntil = this.now() + leaseMs;
    return true;
  }

  async complete(id: string, owner: string): Promise<boolean> {
    const record = this.#claimedBy(id, owner);
    if (record === undefined) return false;
    record.state = "done";
    record.payload = undefined;
    record.leaseUntil = undefined;
    return true;
  }

  async release(id: string, owner: string): Promise<boolean> {
    const record = this.#claimedBy(id, owner);
    if (record === undefined) return false;
    record.state = "pending";
    record.claimedBy = undefined;
    record.leaseUntil = undefined;
    return true;
  }

  async counts(): Promise<{ pending: number; claimed: number }> {
    const now = this.now();
    let pending = 0;
    let claimed = 0;
    for (const record of this.records.values()) {
      if (record.state === "pending" || (record.state === "claimed" && record.leaseUntil! <= now)) pending++;
      else if (record.state === "claimed") claimed++;
    }
    return { pending, claimed };
  }

  #claimedBy(id: string, owner: string): InboxRecord | undefined {
    const record = this.records.get(id);
    return record?.state === "claimed" && record.claimedBy === owner ? record : undefined;
  }
}

function memoryRecords(collections: Map<string, Map<string, string>>): Records {
  const rows = (collection: string) => {
    let map = collections.get(collection);
    if (map === undefined) collections.set(collection, (map = new Map()));
    return map;
  };
  return {
    async add(collection, id, value) {
      const map = rows(collection);
      if (map.has(id)) return false;
      map.set(id, value);
      return true;
    },
    async put(collection, id, value) {
      rows(collection).set(id, value);
    },
    async get(collection, id) {
      return collections.get(collection)?.get(id);
    },
    async delete(collection, id) {
      return collections.get(collection)?.delete(id) ?? false;
    },
    async list(collection) {
      return [...(collections.get(collection) ?? new Map<string, string>())]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([id, value]) => ({ id, value }));
    },
  };
}

function isExpired(entry: Entry, now: number): boolean {
  return entry.expiresAt !== undefined && entry.expiresAt <= now;
}
