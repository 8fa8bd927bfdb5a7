import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MemoryStore, openStore, parseStoreUrl, RedisStore, SqliteStore, StoreError } from "../../src/store/index.js";
import { testRedis, uniquePrefix } from "../helpers/redis.js";
import { tempDirs } from "./fixtures/temp.js";

const temp = tempDirs();
const redis = await testRedis();
afterAll(async () => {
  await temp.cleanup();
  await redis.close();
});

describe("store URLs", () => {
  it("name one engine each", () => {
    expect(parseStoreUrl("sqlite:./data/bot.db")).toEqual({ engine: "sqlite", path: "./data/bot.db" });
    expect(parseStoreUrl("sqlite:/var/lib/bot/bot.db")).toEqual({ engine: "sqlite", path: "/var/lib/bot/bot.db" });
    expect(parseStoreUrl("sqlite:///var/lib/bot/bot.db")).toEqual({ engine: "sqlite", path: "/var/lib/bot/bot.db" });
    expect(parseStoreUrl("redis://127.0.0.1:6379/0")).toEqual({ engine: "redis", url: "redis://127.0.0.1:6379/0" });
    expect(parseStoreUrl("rediss://cache:6380")).toEqual({ engine: "redis", url: "rediss://cache:6380" });
    expect(parseStoreUrl("memory:")).toEqual({ engine: "memory" });
    for (const bad of ["", "sqlite:", "./data/store.json", "postgres://db", "memory:x"]) expect(parseStoreUrl(bad), bad).toBeUndefined();
  });

  it("open the engine they name, passing the clock on", async () => {
    let now = 1_000;
    const memory = await openStore("memory:", { now: () => now });
    expect(memory).toBeInstanceOf(MemoryStore);
    await memory.set("k", "v", 10);
    now += 10;
    expect(await memory.get("k")).toBeUndefined();

    const path = join(await temp.make(), "nested", "bot.db");
    const sqlite = await openStore(`sqlite:${path}`);
    expect(sqlite).toBeInstanceOf(SqliteStore);
    expect((sqlite as SqliteStore).path).toBe(path);
    await sqlite.close();
  });

  it.skipIf(!redis.available)("open Redis with a key prefix", async () => {
    if (!redis.available) return;
    const store = await openStore(redis.url, { keyPrefix: uniquePrefix() });
    expect(store).toBeInstanceOf(RedisStore);
    expect(await store.setIfAbsent("k", "v", 1_000)).toBe(true);
    await store.close();
  });

  it("refuse a URL of no engine with a StoreError that hides any password", async () => {
    const error = await openStore("postgres://bot:s3cret@db/bot").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).not.toContain("s3cret");
  });
});
