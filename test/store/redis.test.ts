import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { RedisStore, StoreError, type Store } from "../../src/store/index.js";
import { testRedis, uniquePrefix } from "../helpers/redis.js";
import { describeStoreContract } from "./contract.js";
import { recordingLogger } from "./fixtures/temp.js";

// REDIS_URL, or a redis-server of our own; without either these tests are skipped (the reason is printed).
const redis = await testRedis();
const opened: Store[] = [];
afterAll(async () => {
  await Promise.all(opened.map((store) => store.close()));
  await redis.close();
});

async function redisStore(keyPrefix = uniquePrefix()): Promise<RedisStore> {
  if (!redis.available) throw new Error(redis.reason);
  const store = await RedisStore.open({ url: redis.url, keyPrefix });
  opened.push(store);
  return store;
}

describe.skipIf(!redis.available)("RedisStore", () => {
  describeStoreContract("RedisStore", {
    // Each store gets a key prefix of its own: a fresh, empty store on the one server.
    create: () => redisStore(),
    // A second client (connection) on the same keys, as another replica would be.
    peer: (store) => redisStore((store as RedisStore).keyPrefix),
    clock: "server",
  });

  it("keeps its keys under the prefix, in the documented layout", async () => {
    const prefix = uniquePrefix();
    const store = await redisStore(prefix);
    await store.set("k", "v");
    await store.acquireLock("l", 60_000);
    await store.inbox.add("om_1", "p", { dedupeTtlMs: 60_000 });
    await store.inbox.add("om_2", "p", { dedupeTtlMs: 60_000 });
    await store.inbox.claim("w", 60_000);
    const client = new Redis(redis.available ? redis.url : "");
    try {
      const keys = (await client.keys(`${prefix}*`)).map((key) => key.slice(prefix.length)).sort();
      expect(keys).toEqual(["inbox:leases", "inbox:meta", "inbox:payload", "inbox:pending", "inbox:seen", "inbox:seq", "kv:k", "lock:l"]);
      expect(await client.pttl(`${prefix}lock:l`)).toBeGreaterThan(59_000);
      expect(await client.pttl(`${prefix}kv:k`)).toBe(-1);
    } finally {
      client.disconnect();
    }
  });

  it("runs its scripts again after the server forgot them (SCRIPT FLUSH, a restart)", async () => {
    const store = await redisStore();
    await store.set("k", "v");
    const client = new Redis(redis.available ? redis.url : "");
    try {
      await client.script("FLUSH");
    } finally {
      client.disconnect();
    }
    expect(await store.compareAndDelete("k", "v")).toBe(true);
    expect(await store.inbox.add("om_1", "p", { dedupeTtlMs: 60_000 })).toBe(true);
  });

  it("fails to open with a StoreError when Redis cannot be reached, with the password hidden", async () => {
    const logger = recordingLogger();
    const error = await RedisStore.open({
      url: "redis://:hunter2@127.0.0.1:1/0",
      logger,
      redis: { connectTimeout: 500, retryStrategy: () => null },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toContain("redis://:***@127.0.0.1:1/0");
    expect((error as Error).message).not.toContain("hunter2");
  });

  it("a call while the connection is gone fails with a StoreError rather than hanging", async () => {
    const store = await redisStore();
    await store.close();
    await expect(store.get("k")).rejects.toThrow(StoreError);
  });
});
