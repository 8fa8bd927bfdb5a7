import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";
import { assertTtl, StoreError } from "./errors.js";
import type { Inbox, InboxEntry, Lock, Records, Store } from "./store.js";

export interface SqliteStoreOptions {
  /** The database file, e.g. ./data/bot.db; its directory is created. `-wal` and `-shm` files sit beside it. */
  path: string;
  /** Milliseconds since the epoch for every TTL and lease; tests inject a fake clock. */
  now?: () => number;
  /**
   * How long a write waits for another process's write transaction before failing with a
   * StoreError (SQLite's busy_timeout). Writes take microseconds to a few ms (one fsync), so the
   * wait is short unless a process hangs inside a transaction. Default 5 s.
   */
  busyTimeoutMs?: number;
  /**
   * `full` (default): every commit fsyncs the WAL, so what was acknowledged survives power loss
   * as well as kill -9. `normal`: commits reach the OS but are fsynced only at checkpoints; they
   * survive kill -9 of the process but the last ones can be lost with the machine.
   */
  synchronous?: "full" | "normal";
  /** Expired rows are swept in the first write after this much time since this handle's last sweep. */
  sweepIntervalMs?: number;
}

export const DEFAULT_BUSY_TIMEOUT_MS = 5_000;
const DEFAULT_SWEEP_INTERVAL_MS = 60_000;
/** Operations in one group commit at most. */
const MAX_BATCH = 256;
/** Rows one sweep deletes per table at most, so a sweep never holds the write lock for long. */
const SWEEP_BATCH = 5_000;
/**
 * The schema version in PRAGMA user_version; a file from a newer version is refused. 2 added the
 * records table; every statement of SCHEMA is IF NOT EXISTS, so a version-1 file is brought up by running it again.
 */
const SCHEMA_VERSION = 2;

const PENDING = 0;
const CLAIMED = 1;
const DONE = 2;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS kv (
  key        TEXT PRIMARY KEY,
  value      TEXT NOT NULL,
  expires_at INTEGER            -- ms since the epoch; NULL lives until deleted
);
CREATE INDEX IF NOT EXISTS kv_expiry ON kv(expires_at) WHERE expires_at IS NOT NULL;

CREATE TABLE IF NOT EXISTS locks (
  name       TEXT PRIMARY KEY,
  token      TEXT NOT NULL,
  expires_at INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS inbox (
  seq          INTEGER PRIMARY KEY,   -- insertion order: "oldest first"
  id           TEXT NOT NULL UNIQUE,
  payload      TEXT,                  -- NULL once done
  state        INTEGER NOT NULL,      -- 0 pending, 1 claimed, 2 done
  attempts     INTEGER NOT NULL,
  added_at     INTEGER NOT NULL,
  claimed_by   TEXT,
  lease_until  INTEGER,
  dedupe_until INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS inbox_open ON inbox(state, seq) WHERE state < 2;
CREATE INDEX IF NOT EXISTS inbox_done ON inbox(dedupe_until) WHERE state = 2;

CREATE TABLE IF NOT EXISTS records (
  collection TEXT NOT NULL,
  id         TEXT NOT NULL,
  value      TEXT NOT NULL,
  PRIMARY KEY (collection, id)
) WITHOUT ROWID;
`;

interface InboxRow {
  seq: number;
  id: string;
  payload: string;
  attempts: number;
  added_at: number;
}

/**
 * The embedded store: one SQLite file (better-sqlite3), shared safely by every process on this host
 * that opens it.
 * - WAL journal: readers never wait for the writer, and a commit appends to the WAL instead of
 *   rewriting pages, so a write costs one small append (plus one fsync with synchronous=FULL).
 * - Writes run in BEGIN IMMEDIATE transactions: the write lock is taken at BEGIN, so two processes
 *   never both read "absent" and both insert, and no transaction has to upgrade a read lock (the
 *   case busy_timeout cannot resolve). better-sqlite3 is synchronous, so nothing interleaves in-process.
 * - Group commit: the calls made in one turn of the event loop share one transaction, so one fsync
 *   (synchronous=FULL) covers a burst of webhooks instead of each waiting for its own (#flush).
 * - busy_timeout makes a writer wait (synchronously, microseconds in practice) for another
 *   process's commit rather than fail at once.
 * - Expired keys, locks and inbox dedupe marks are filtered out on read and swept lazily.
 * Not for network file systems: WAL needs shared memory between the processes (one host).
 */
export class SqliteStore implements Store {
  readonly path: string;
  readonly inbox: Inbox;
  readonly records: Records;
  readonly #db: Database.Database;
  readonly #now: () => number;
  readonly #sweepIntervalMs: number;
  #lastSweep: number;
  readonly #sql: ReturnType<typeof prepare>;
  readonly #tx: ReturnType<typeof transactions>;
  readonly #queue: Array<{ work: () => unknown; write: boolean; resolve: (value: unknown) => void; reject: (error: unknown) => void }> = [];
  #flushScheduled = false;
  #batches = 0;
  #operations = 0;

  constructor(options: SqliteStoreOptions) {
    this.path = resolve(options.path);
    this.#now = options.now ?? Date.now;
    this.#sweepIntervalMs = options.sweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS;
    this.#lastSweep = this.#now();
    const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
    try {
      mkdirSync(dirname(this.path), { recursive: true });
      this.#db = new Database(this.path, { timeout: busyTimeoutMs });
    } catch (error) {
      throw new StoreError(`store: cannot open the SQLite file ${this.path}: ${messageOf(error)}`, { cause: error });
    }
    try {
      this.#db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
      this.#db.pragma("journal_mode = WAL");
      this.#db.pragma(`synchronous = ${options.synchronous === "normal" ? "NORMAL" : "FULL"}`);
      this.#migrate();
      this.#sql = prepare(this.#db);
      this.#tx = transactions(this.#db, this.#sql, {
        swept: (now) => (this.#lastSweep = now),
        maybeSweep: (now) => this.#maybeSweep(now),
      });
    } catch (error) {
      this.#db.close();
      if (error instanceof StoreError) throw error;
      throw new StoreError(`store: cannot open the SQLite file ${this.path}: ${messageOf(error)}`, { cause: error });
    }
    this.inbox = {
      add: async (id, payload, opts) => {
        assertTtl(opts.dedupeTtlMs, "dedupeTtlMs");
        return this.#enqueue(() => this.#tx.add(id, payload, opts.dedupeTtlMs, this.#now()));
      },
      claim: async (owner, leaseMs) => {
        assertTtl(leaseMs, "leaseMs");
        return this.#enqueue(() => this.#tx.claim(owner, leaseMs, this.#now()));
      },
      extend: async (id, owner, leaseMs) => {
        assertTtl(leaseMs, "leaseMs");
        return this.#enqueue(() => this.#sql.inboxExtend.run(this.#now() + leaseMs, id, owner).changes === 1);
      },
      complete: async (id, owner) => this.#enqueue(() => this.#sql.inboxComplete.run(id, owner).changes === 1),
      release: async (id, owner) => this.#enqueue(() => this.#sql.inboxRelease.run(id, owner).changes === 1),
      counts: async () =>
        this.#enqueue(() => {
          const now = this.#now();
          const row = this.#sql.inboxCounts.get(now, now) as { pending: number | null; claimed: number | null };
          return { pending: row.pending ?? 0, claimed: row.claimed ?? 0 };
        }, "read"),
    };
    this.records = {
      add: async (collection, id, value) => this.#enqueue(() => this.#sql.recordAdd.run(collection, id, value).changes === 1),
      put: async (collection, id, value) => this.#enqueue(() => void this.#sql.recordPut.run(collection, id, value)),
      get: async (collection, id) =>
        this.#enqueue(() => (this.#sql.recordGet.get(collection, id) as { value: string } | undefined)?.value, "read"),
      delete: async (collection, id) => this.#enqueue(() => this.#sql.recordDelete.run(collection, id).changes === 1),
      list: async (collection) => this.#enqueue(() => this.#sql.recordList.all(collection) as Array<{ id: string; value: string }>, "read"),
    };
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    assertTtl(ttlMs);
    return this.#enqueue(() => {
      const now = this.#now();
      this.#maybeSweep(now);
      return this.#sql.setIfAbsent.run(key, value, now + ttlMs, now).changes === 1;
    });
  }

  async get(key: string): Promise<string | undefined> {
    return this.#enqueue(() => (this.#sql.get.get(key, this.#now()) as { value: string } | undefined)?.value, "read");
  }

  async set(key: string, value: string, ttlMs?: number): Promise<void> {
    if (ttlMs !== undefined) assertTtl(ttlMs);
    return this.#enqueue(() => {
      const now = this.#now();
      this.#maybeSweep(now);
      this.#sql.set.run(key, value, ttlMs === undefined ? null : now + ttlMs);
    });
  }

  async delete(key: string): Promise<void> {
    return this.#enqueue(() => void this.#sql.delete.run(key));
  }

  async compareAndDelete(key: string, expected: string): Promise<boolean> {
    return this.#enqueue(() => this.#sql.compareAndDelete.run(key, expected, this.#now()).changes === 1);
  }

  async acquireLock(name: string, ttlMs: number): Promise<Lock | undefined> {
    assertTtl(ttlMs);
    return this.#enqueue(() => {
      const now = this.#now();
      const lock = { name, token: randomUUID(), expiresAt: now + ttlMs };
      return this.#sql.acquireLock.run(name, lock.token, lock.expiresAt, now).changes === 1 ? lock : undefined;
    });
  }

  async extendLock(lock: Lock, ttlMs: number): Promise<boolean> {
    assertTtl(ttlMs);
    return this.#enqueue(() => {
      const now = this.#now();
      return this.#sql.extendLock.run(now + ttlMs, lock.name, lock.token, now).changes === 1;
    });
  }

  async releaseLock(lock: Lock): Promise<boolean> {
    return this.#enqueue(() => this.#sql.releaseLock.run(lock.name, lock.token, this.#now()).changes === 1);
  }

  /** Runs what is queued, then closes the connection; the file stays for the next open. */
  async close(): Promise<void> {
    if (!this.#db.open) return;
    while (this.#queue.length > 0) this.#flush();
    this.#db.close();
  }

  /** Transactions committed by this handle's group commit, and the operations they carried. */
  get stats(): { batches: number; operations: number } {
    return { batches: this.#batches, operations: this.#operations };
  }

  /** The connection's settings as SQLite reports them (for tests and start-up logs). */
  pragmas(): { journalMode: string; synchronous: string; busyTimeoutMs: number } {
    return this.#run(() => ({
      journalMode: String(this.#db.pragma("journal_mode", { simple: true })),
      synchronous: ["off", "normal", "full", "extra"][Number(this.#db.pragma("synchronous", { simple: true }))] ?? "unknown",
      busyTimeoutMs: Number(this.#db.pragma("busy_timeout", { simple: true })),
    }));
  }

  /** Deletes expired keys, locks and inbox dedupe marks now (at most SWEEP_BATCH of each). */
  sweep(): void {
    this.#run(() => this.#tx.sweep.immediate(this.#now()));
  }

  #migrate(): void {
    const version = this.#db.pragma("user_version", { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new StoreError(
        `store: ${this.path} was written by a newer version of the bot (schema ${version}, this one knows ${SCHEMA_VERSION}); refusing to open it`,
      );
    }
    if (version === SCHEMA_VERSION) return;
    this.#db
      .transaction(() => {
        this.#db.exec(SCHEMA);
        this.#db.pragma(`user_version = ${SCHEMA_VERSION}`);
      })
      .immediate();
  }

  #maybeSweep(now: number): void {
    if (now - this.#lastSweep >= this.#sweepIntervalMs) this.#tx.sweep.immediate(now);
  }

  /**
   * Queues one operation for the next batch. Every operation goes through the queue, reads too, so
   * they run in the order they were called.
   */
  #enqueue<T>(work: () => T, access: "read" | "write" = "write"): Promise<T> {
    if (!this.#db.open) return Promise.reject(new StoreError(`store: SQLite ${this.path} is closed`));
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ work, write: access === "write", resolve: resolve as (value: unknown) => void, reject });
      if (!this.#flushScheduled) {
        this.#flushScheduled = true;
        setImmediate(() => this.#flush());
      }
    });
  }

  /**
   * Group commit: the operations queued since the last batch (up to MAX_BATCH) run in call order
   * inside one BEGIN IMMEDIATE transaction, so one commit, one fsync, covers them all; each caller
   * is answered once it is durable. Alone, an operation waits only for the next turn of the event
   * loop; under load (many webhooks at once) the fsync is shared instead of queued. Should the
   * transaction fail (busy past the timeout, an I/O error), it is rolled back and every operation
   * in it fails with the StoreError.
   */
  #flush(): void {
    this.#flushScheduled = false;
    const batch = this.#queue.splice(0, MAX_BATCH);
    if (this.#queue.length > 0) {
      this.#flushScheduled = true;
      setImmediate(() => this.#flush());
    }
    if (batch.length === 0) return;
    let results: unknown[];
    try {
      const works = batch.map((op) => op.work);
      // A batch of reads only takes no write lock: in WAL, readers never wait for a writer.
      results = this.#run(() => (batch.some((op) => op.write) ? this.#tx.batch.immediate(works) : this.#tx.batch.deferred(works)));
    } catch (error) {
      for (const op of batch) op.reject(error);
      return;
    }
    this.#batches++;
    this.#operations += batch.length;
    batch.forEach((op, i) => op.resolve(results[i]));
  }

  /** Runs one call against the database; SQLite's own errors (busy, I/O, closed) become StoreErrors. */
  #run<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      if (error instanceof RangeError || error instanceof StoreError) throw error;
      const code = (error as { code?: unknown }).code;
      throw new StoreError(`store: SQLite ${this.path}: ${typeof code === "string" ? `${code}: ` : ""}${messageOf(error)}`, { cause: error });
    }
  }
}

/** The multi-statement operations, each run as one BEGIN IMMEDIATE transaction. */
function transactions(
  db: Database.Database,
  sql: ReturnType<typeof prepare>,
  hooks: { swept: (now: number) => void; maybeSweep: (now: number) => void },
) {
  const sweep = db.transaction((now: number) => {
    hooks.swept(now);
    let deleted = 0;
    deleted += sql.sweepKv.run(now, SWEEP_BATCH).changes;
    deleted += sql.sweepLocks.run(now, SWEEP_BATCH).changes;
    deleted += sql.sweepInbox.run(now, SWEEP_BATCH).changes;
    return deleted;
  });
  const add = db.transaction((id: string, payload: string, dedupeTtlMs: number, now: number): boolean => {
    hooks.maybeSweep(now);
    const old = sql.inboxState.get(id) as { state: number; dedupe_until: number } | undefined;
    if (old !== undefined && (old.state !== DONE || old.dedupe_until > now)) return false;
    if (old !== undefined) sql.inboxDelete.run(id);
    sql.inboxInsert.run(id, payload, now, now + dedupeTtlMs);
    return true;
  });
  const claim = db.transaction((owner: string, leaseMs: number, now: number): InboxEntry | undefined => {
    const pending = sql.inboxOldestPending.get() as InboxRow | undefined;
    const lapsed = sql.inboxOldestLapsed.get(now) as InboxRow | undefined;
    const row = pending === undefined ? lapsed : lapsed === undefined || pending.seq < lapsed.seq ? pending : lapsed;
    if (row === undefined) return undefined;
    const leaseUntil = now + leaseMs;
    sql.inboxClaim.run(owner, leaseUntil, row.seq);
    return { id: row.id, payload: row.payload, attempts: row.attempts + 1, addedAt: row.added_at, claimedBy: owner, leaseUntil };
  });
  /** One group commit: every operation's result, in order. */
  const batch = db.transaction((works: Array<() => unknown>) => works.map((work) => work()));
  return { sweep, add, claim, batch };
}

function prepare(db: Database.Database) {
  return {
    setIfAbsent: db.prepare(
      `INSERT INTO kv (key, value, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at
       WHERE kv.expires_at IS NOT NULL AND kv.expires_at <= ?`,
    ),
    get: db.prepare(`SELECT value FROM kv WHERE key = ? AND (expires_at IS NULL OR expires_at > ?)`),
    set: db.prepare(
      `INSERT INTO kv (key, value, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at`,
    ),
    delete: db.prepare(`DELETE FROM kv WHERE key = ?`),
    compareAndDelete: db.prepare(`DELETE FROM kv WHERE key = ? AND value = ? AND (expires_at IS NULL OR expires_at > ?)`),
    acquireLock: db.prepare(
      `INSERT INTO locks (name, token, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET token = excluded.token, expires_at = excluded.expires_at
       WHERE locks.expires_at <= ?`,
    ),
    extendLock: db.prepare(`UPDATE locks SET expires_at = ? WHERE name = ? AND token = ? AND expires_at > ?`),
    releaseLock: db.prepare(`DELETE FROM locks WHERE name = ? AND token = ? AND expires_at > ?`),
    sweepKv: db.prepare(`DELETE FROM kv WHERE rowid IN (SELECT rowid FROM kv WHERE expires_at <= ? LIMIT ?)`),
    sweepLocks: db.prepare(`DELETE FROM locks WHERE rowid IN (SELECT rowid FROM locks WHERE expires_at <= ? LIMIT ?)`),
    sweepInbox: db.prepare(`DELETE FROM inbox WHERE seq IN (SELECT seq FROM inbox WHERE state = ${DONE} AND dedupe_until <= ? LIMIT ?)`),
    inboxState: db.prepare(`SELECT state, dedupe_until FROM inbox WHERE id = ?`),
    inboxDelete: db.prepare(`DELETE FROM inbox WHERE id = ?`),
    inboxInsert: db.prepare(
      `INSERT INTO inbox (id, payload, state, attempts, added_at, dedupe_until) VALUES (?, ?, ${PENDING}, 0, ?, ?)`,
    ),
    inboxOldestPending: db.prepare(
      `SELECT seq, id, payload, attempts, added_at FROM inbox WHERE state = ${PENDING} ORDER BY seq LIMIT 1`,
    ),
    inboxOldestLapsed: db.prepare(
      `SELECT seq, id, payload, attempts, added_at FROM inbox WHERE state = ${CLAIMED} AND lease_until <= ? ORDER BY seq LIMIT 1`,
    ),
    inboxClaim: db.prepare(
      `UPDATE inbox SET state = ${CLAIMED}, attempts = attempts + 1, claimed_by = ?, lease_until = ? WHERE seq = ?`,
    ),
    inboxExtend: db.prepare(`UPDATE inbox SET lease_until = ? WHERE id = ? AND state = ${CLAIMED} AND claimed_by = ?`),
    inboxComplete: db.prepare(
      `UPDATE inbox SET state = ${DONE}, payload = NULL, lease_until = NULL WHERE id = ? AND state = ${CLAIMED} AND claimed_by = ?`,
    ),
    inboxRelease: db.prepare(
      `UPDATE inbox SET state = ${PENDING}, claimed_by = NULL, lease_until = NULL WHERE id = ? AND state = ${CLAIMED} AND claimed_by = ?`,
    ),
    recordAdd: db.prepare(`INSERT INTO records (collection, id, value) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`),
    recordPut: db.prepare(
      `INSERT INTO records (collection, id, value) VALUES (?, ?, ?)
       ON CONFLICT (collection, id) DO UPDATE SET value = excluded.value`,
    ),
    recordGet: db.prepare(`SELECT value FROM records WHERE collection = ? AND id = ?`),
    recordDelete: db.prepare(`DELETE FROM records WHERE collection = ? AND id = ?`),
    recordList: db.prepare(`SELECT id, value FROM records WHERE collection = ? ORDER BY id`),
    inboxCounts: db.prepare(
      `SELECT SUM(state = ${PENDING} OR lease_until <= ?) AS pending, SUM(state = ${CLAIMED} AND lease_until > ?) AS claimed
       FROM inbox WHERE state < ${DONE}`,
    ),
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
