/**
 * One store as two replicas of the bot open it, for each engine: the memory store shared by two
 * gateways in one process, two handles on one SQLite file (as two processes on one host), two
 * connections to one Redis under one key prefix (as two hosts). `raw()` reads back everything the
 * store holds, from the engine itself (the SQLite table, the Redis keys), not through our code.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { Redis } from "ioredis";
import { MemoryStore, RedisStore, SqliteStore, StoreError, type Store } from "../../../src/store/index.js";
import { testRedis, uniquePrefix, type TestRedis } from "../../helpers/redis.js";

export interface SharedPlace {
  /** The first replica's handle. */
  a: Store;
  /** The second replica's handle (the same object as `a` for the memory store). */
  b: Store;
  /** Every key and value the store holds right now, read from the engine. */
  raw(): Promise<Array<[key: string, value: string]>>;
  /** SQLite: the database file and its WAL as bytes, deleted pages included. */
  files?(): Buffer;
  close(): Promise<void>;
}

export interface SharedEngine {
  name: "memory" | "SQLite" | "Redis";
  available: boolean;
  open(): Promise<SharedPlace>;
}

/** Every key written through a store, and its value: the memory store's "raw contents". */
export class TapStore implements Store {
  readonly written = new Map<string, string>();
  constructor(private readonly inner: Store) {}
  get inbox() {
    return this.inner.inbox;
  }
  get records() {
    return this.inner.records;
  }
  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    const set = await this.inner.setIfAbsent(key, value, ttlMs);
    if (set) this.written.set(key, value);
    return set;
  }
  get(key: string) {
    return this.inner.get(key);
  }
  async set(key: string, value: string, ttlMs?: number): Promise<void> {
    await this.inner.set(key, value, ttlMs);
    this.written.set(key, value);
  }
  delete(key: string) {
    return this.inner.delete(key);
  }
  compareAndDelete(key: string, expected: string) {
    return this.inner.compareAndDelete(key, expected);
  }
  acquireLock(name: string, ttlMs: number) {
    return this.inner.acquireLock(name, ttlMs);
  }
  extendLock(...args: Parameters<Store["extendLock"]>) {
    return this.inner.extendLock(...args);
  }
  releaseLock(...args: Parameters<Store["releaseLock"]>) {
    return this.inner.releaseLock(...args);
  }
  close() {
    return this.inner.close();
  }
}

/** A store whose every call fails, as Redis does while unreachable (its inbox is a memory store's). */
export function failingStore(message = "store: Redis: connect ECONNREFUSED 127.0.0.1:6379"): Store {
  const fail = () => Promise.reject(new StoreError(message));
  const memory = new MemoryStore();
  return {
    inbox: memory.inbox,
    records: memory.records,
    setIfAbsent: fail,
    get: fail,
    set: fail,
    delete: fail,
    compareAndDelete: fail,
    acquireLock: fail,
    extendLock: fail,
    releaseLock: fail,
    close: () => memory.close(),
  };
}

/** The three engines; Redis is unavailable (its tests skipped, the reason printed) without a server. */
export async function sharedEngines(): Promise<{ engines: SharedEngine[]; close(): Promise<void> }> {
  const redis: TestRedis = await testRedis();
  const dirs: string[] = [];
  const engines: SharedEngine[] = [
    {
      name: "memory",
      available: true,
      open: async () => {
        const store = new TapStore(new MemoryStore());
        return {
          a: store,
          b: store,
          raw: async () => {
            const out: Array<[string, string]> = [];
            for (const [key, value] of store.written) if ((await store.get(key)) !== undefined) out.push([key, value]);
            return out;
          },
          close: () => store.close(),
        };
      },
    },
    {
      name: "SQLite",
      available: true,
      open: async () => {
        const dir = mkdtempSync(join(tmpdir(), "feishu-shared-"));
        dirs.push(dir);
        const path = join(dir, "bot.db");
        // synchronous=NORMAL: these tests are about sharing, not durability, and an fsync that
        // stalls on a busy disk would only blur the timings they read.
        const a = new SqliteStore({ path, synchronous: "normal" });
        const b = new SqliteStore({ path, synchronous: "normal" });
        return {
          a,
          b,
          raw: async () => {
            const db = new Database(path, { readonly: true });
            try {
              return (db.prepare("SELECT key, value FROM kv").all() as Array<{ key: string; value: string }>).map((r) => [r.key, r.value]);
            } finally {
              db.close();
            }
          },
          files: () => Buffer.concat([path, `${path}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f))),
          close: async () => {
            await a.close();
            await b.close();
          },
        };
      },
    },
    {
      name: "Redis",
      available: redis.available,
      open: async () => {
        if (!redis.available) throw new Error(redis.reason);
        const keyPrefix = uniquePrefix("feishu-shared");
        const a = await RedisStore.open({ url: redis.url, keyPrefix });
        const b = await RedisStore.open({ url: redis.url, keyPrefix });
        return {
          a,
          b,
          raw: async () => {
            const client = new Redis(redis.url);
            try {
              const keys = await client.keys(`${keyPrefix}*`);
              const out: Array<[string, string]> = [];
              for (const key of keys) {
                const type = await client.type(key);
                if (type === "string") out.push([key, (await client.get(key)) ?? ""]);
              }
              return out;
            } finally {
              client.disconnect();
            }
          },
          close: async () => {
            await a.close();
            await b.close();
          },
        };
      },
    },
  ];
  return {
    engines,
    close: async () => {
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
      await redis.close();
    },
  };
}
