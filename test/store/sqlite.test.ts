import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { SqliteStore, StoreError, type SqliteStoreOptions, type Store } from "../../src/store/index.js";
import { describeStoreContract } from "./contract.js";
import { tempDirs } from "./fixtures/temp.js";

const temp = tempDirs();
const opened: Store[] = [];
afterAll(async () => {
  await Promise.all(opened.map((store) => store.close()));
  await temp.cleanup();
});

async function sqliteStore(options: Partial<SqliteStoreOptions> = {}): Promise<SqliteStore> {
  const path = options.path ?? join(await temp.make(), "data", "bot.db");
  const store = new SqliteStore({ ...options, path });
  opened.push(store);
  return store;
}

describeStoreContract("SqliteStore", {
  create: (now) => sqliteStore(now ? { now } : {}),
  // Another connection to the same file, as another process on the host would open.
  peer: async (store, now) => sqliteStore({ path: (store as SqliteStore).path, ...(now ? { now } : {}) }),
});

function clock(start = 1_700_000_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe("SqliteStore", () => {
  it("opens the file in WAL mode with synchronous=FULL and a busy timeout", async () => {
    const store = await sqliteStore({ busyTimeoutMs: 1_234 });
    await store.set("k", "v");
    const db = new Database(store.path, { readonly: true });
    try {
      expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
      expect(db.pragma("user_version", { simple: true })).toBe(2);
    } finally {
      db.close();
    }
    // Per-connection settings, read through the store's own connection.
    expect(store.pragmas()).toEqual({ journalMode: "wal", synchronous: "full", busyTimeoutMs: 1_234 });
    const normal = await sqliteStore({ path: store.path, synchronous: "normal" });
    expect(normal.pragmas()).toMatchObject({ journalMode: "wal", synchronous: "normal", busyTimeoutMs: 5_000 });
  });

  it("keeps everything for the next open of the file", async () => {
    const first = await sqliteStore();
    await first.set("k", "v");
    await first.inbox.add("om_1", "p", { dedupeTtlMs: 60_000 });
    const lock = await first.acquireLock("l", 60_000);
    await first.close();
    const second = await sqliteStore({ path: first.path });
    expect(await second.get("k")).toBe("v");
    expect(await second.acquireLock("l", 60_000)).toBeUndefined();
    expect(await second.releaseLock(lock!)).toBe(true);
    expect(await second.inbox.claim("w", 60_000)).toMatchObject({ id: "om_1", payload: "p", attempts: 1 });
  });

  it("sweeps expired keys, locks and done inbox entries lazily, never entries still to do", async () => {
    const { now, advance } = clock();
    const store = await sqliteStore({ now, sweepIntervalMs: 1_000 });
    for (let i = 0; i < 100; i++) await store.set(`k-${i}`, "x", 500);
    await store.set("forever", "x");
    await store.acquireLock("l", 500);
    for (let i = 0; i < 4; i++) await store.inbox.add(`e-${i}`, "p", { dedupeTtlMs: 500 });
    for (let i = 0; i < 2; i++) await store.inbox.complete((await store.inbox.claim("w", 100_000))!.id, "w");
    const rows = () => {
      const db = new Database(store.path, { readonly: true });
      try {
        return {
          kv: (db.prepare("SELECT count(*) AS n FROM kv").get() as { n: number }).n,
          locks: (db.prepare("SELECT count(*) AS n FROM locks").get() as { n: number }).n,
          inbox: (db.prepare("SELECT count(*) AS n FROM inbox").get() as { n: number }).n,
        };
      } finally {
        db.close();
      }
    };
    expect(rows()).toEqual({ kv: 101, locks: 1, inbox: 4 });
    advance(1_000);
    await store.set("trigger", "x");
    expect(rows()).toEqual({ kv: 2, locks: 0, inbox: 2 });
    expect(await store.inbox.counts()).toEqual({ pending: 2, claimed: 0 });
    // An inbox add sweeps too (inside its own transaction).
    await store.inbox.complete((await store.inbox.claim("w", 100_000))!.id, "w");
    await store.set("short", "x", 500);
    advance(1_000);
    expect(await store.inbox.add("e-new", "p", { dedupeTtlMs: 500 })).toBe(true);
    expect(rows()).toEqual({ kv: 2, locks: 0, inbox: 2 });
  });

  it("a write waiting on another connection's transaction past the busy timeout fails with a StoreError", async () => {
    const store = await sqliteStore({ busyTimeoutMs: 100 });
    await store.set("k", "v");
    const other = new Database(store.path, { timeout: 100 });
    try {
      other.exec("BEGIN IMMEDIATE");
      other.prepare("INSERT INTO kv (key, value) VALUES ('held', 'x')").run();
      const started = Date.now();
      const error = await store.set("k", "w").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreError);
      expect((error as Error).message).toMatch(/SQLITE_BUSY/);
      expect(Date.now() - started).toBeGreaterThanOrEqual(90);
      // Readers are not blocked by the writer (WAL).
      expect(await store.get("k")).toBe("v");
      other.exec("COMMIT");
    } finally {
      other.close();
    }
    await store.set("k", "w");
    expect(await store.get("k")).toBe("w");
    expect(await store.get("held")).toBe("x");
  });

  it("commits the calls of one event-loop turn together (group commit), in call order", async () => {
    const store = await sqliteStore();
    const before = store.stats;
    const results = await Promise.all([
      ...Array.from({ length: 100 }, (_, i) => store.inbox.add(`om_${i}`, "p", { dedupeTtlMs: 60_000 })),
      store.inbox.add("om_0", "again", { dedupeTtlMs: 60_000 }),
      store.set("k", "v").then(() => "set"),
      store.get("k"),
    ]);
    expect(results.slice(0, 100).every((added) => added === true)).toBe(true);
    expect(results.slice(100)).toEqual([false, "set", "v"]);
    expect(store.stats).toEqual({ batches: before.batches + 1, operations: before.operations + 103 });
    // One at a time, each is its own commit.
    await store.set("a", "1");
    await store.set("b", "2");
    expect(store.stats.batches).toBe(before.batches + 3);
  });

  it("a batch that cannot commit fails every call in it, and none of them is kept", async () => {
    const store = await sqliteStore({ busyTimeoutMs: 100 });
    await store.set("k", "v");
    const other = new Database(store.path, { timeout: 100 });
    try {
      other.exec("BEGIN IMMEDIATE");
      const settled = await Promise.allSettled([store.set("a", "1"), store.inbox.add("om_1", "p", { dedupeTtlMs: 60_000 }), store.get("k")]);
      expect(settled.map((s) => s.status)).toEqual(["rejected", "rejected", "rejected"]);
      for (const s of settled) expect((s as PromiseRejectedResult).reason).toBeInstanceOf(StoreError);
      other.exec("ROLLBACK");
    } finally {
      other.close();
    }
    expect(await store.get("a")).toBeUndefined();
    expect(await store.inbox.add("om_1", "p", { dedupeTtlMs: 60_000 })).toBe(true);
  });

  it("refuses a file written by a newer version, and a path it cannot open, with a StoreError", async () => {
    const path = join(await temp.make(), "newer.db");
    const db = new Database(path);
    db.pragma("user_version = 99");
    db.close();
    expect(() => new SqliteStore({ path })).toThrow(StoreError);
    expect(() => new SqliteStore({ path })).toThrow(/newer version/);
    // A directory that cannot be made: its parent is a file.
    expect(() => new SqliteStore({ path: join(path, "bot.db") })).toThrow(StoreError);
  });

  it("after close, calls fail with a StoreError", async () => {
    const store = await sqliteStore();
    await store.close();
    await expect(store.get("k")).rejects.toThrow(StoreError);
    await store.close();
  });
});
