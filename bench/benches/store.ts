/**
 * 9. The state store engines side by side: what the ack path asks of the store per event, a
 * dedupe mark (setIfAbsent) and a durable inbox record (inbox.add, a 1 KB payload), timed per event
 * in this process against the memory store, SQLite (the default: WAL, synchronous=FULL, one fsync
 * per commit; and synchronous=NORMAL, to show what the fsync costs) and Redis (REDIS_URL, or a
 * redis-server started here on a free port with persistence off). One event at a time gives the
 * latency (p50, p99) and its rate; 32 events in flight at once gives the rate a busy ack path can
 * reach (Redis pipelines them; SQLite calls are synchronous, so they queue).
 * The SQLite file lives under bench/results/ (the repository's disk, like ./data), not in a tmpfs
 * /tmp where fsync would cost nothing.
 */
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import { MemoryStore, RedisStore, SqliteStore, type Store } from "../../src/store/index.js";
import { testRedis, uniquePrefix } from "../../test/helpers/redis.js";
import { Figures } from "../lib/figures.js";
import { deleteKeys } from "../lib/redis.js";
import type { Settings } from "../lib/settings.js";
import { percentile } from "../lib/stats.js";

const DEDUPE_TTL_MS = 8 * 3600_000;
const PAYLOAD = JSON.stringify({ schema: "2.0", header: { event_type: "im.message.receive_v1" }, event: { text: "x".repeat(1_000) } });
const IN_FLIGHT = 32;

interface Engine {
  key: string;
  name: string;
  open(): Promise<Store>;
}

interface Measured {
  /** µs per event (setIfAbsent + inbox.add), one at a time. */
  pair: number[];
  setIfAbsent: number[];
  add: number[];
  /** Events per second, one at a time, per round. */
  sequentialRate: number[];
  /** Events per second with IN_FLIGHT at once, per round. */
  concurrentRate: number[];
}

let run = 0;

/** One event's store work, as the ack path will do it; returns the two step times in µs. */
async function event(store: Store, id: string): Promise<[number, number]> {
  const t0 = performance.now();
  await store.setIfAbsent(`ingress:message:${id}`, String(Date.now()), DEDUPE_TTL_MS);
  const t1 = performance.now();
  await store.inbox.add(id, PAYLOAD, { dedupeTtlMs: DEDUPE_TTL_MS });
  const t2 = performance.now();
  return [(t1 - t0) * 1000, (t2 - t1) * 1000];
}

async function sequential(store: Store, count: number, into?: Measured): Promise<number> {
  const prefix = `om_${++run}_`;
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const [set, add] = await event(store, `${prefix}${i}`);
    if (into) {
      into.setIfAbsent.push(set);
      into.add.push(add);
      into.pair.push(set + add);
    }
  }
  return count / ((performance.now() - started) / 1000);
}

async function concurrent(store: Store, count: number): Promise<number> {
  const prefix = `om_${++run}_`;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < count) await event(store, `${prefix}${next++}`);
    }),
  );
  return count / ((performance.now() - started) / 1000);
}

export async function benchStore(settings: Settings): Promise<Figures> {
  const figures = new Figures("9 store");
  const { events, rounds } = settings.store;
  const dir = fileURLToPath(new URL(`../results/store-bench-${process.pid}/`, import.meta.url));
  mkdirSync(dir, { recursive: true });
  const redis = await testRedis();
  const redisPrefix = uniquePrefix("bench");
  const engines: Engine[] = [
    { key: "memory", name: "memory", open: async () => new MemoryStore() },
    { key: "sqlite", name: "SQLite (synchronous=FULL, the default)", open: async () => new SqliteStore({ path: join(dir, "full.db") }) },
    { key: "sqlite-normal", name: "SQLite (synchronous=NORMAL)", open: async () => new SqliteStore({ path: join(dir, "normal.db"), synchronous: "normal" }) },
  ];
  if (redis.available) {
    engines.push({ key: "redis", name: `Redis (${redis.source === "REDIS_URL" ? "REDIS_URL" : "local redis-server, no persistence"})`, open: () => RedisStore.open({ url: redis.url, keyPrefix: redisPrefix }) });
  } else {
    console.warn(`store: ${redis.reason}; no Redis rows`);
  }
  const measured = new Map<string, Measured>(engines.map((e) => [e.key, { pair: [], setIfAbsent: [], add: [], sequentialRate: [], concurrentRate: [] }]));
  const stores = new Map<string, Store>();
  try {
    for (const engine of engines) {
      const store = await engine.open();
      stores.set(engine.key, store);
      await sequential(store, Math.min(500, events));
    }
    // Rounds rotate the order, so each engine sees the machine's load alike.
    for (let round = 0; round < rounds; round++) {
      for (let i = 0; i < engines.length; i++) {
        const engine = engines[(i + round) % engines.length]!;
        const store = stores.get(engine.key)!;
        const m = measured.get(engine.key)!;
        m.sequentialRate.push(await sequential(store, events, m));
        m.concurrentRate.push(await concurrent(store, events));
      }
    }
  } finally {
    for (const store of stores.values()) await store.close().catch(() => undefined);
    if (redis.available) {
      // A shared REDIS_URL keeps nothing of ours: the inbox keys have no TTL.
      const client = new Redis(redis.url);
      try {
        await deleteKeys(client, redisPrefix);
      } finally {
        client.disconnect();
      }
    }
    await redis.close();
    rmSync(dir, { recursive: true, force: true });
  }

  const median = (xs: number[]) => percentile(xs, 50);
  const memory = measured.get("memory")!;
  for (const engine of engines) {
    const m = measured.get(engine.key)!;
    const vsMemory = engine.key !== "memory";
    const detail = {
      setIfAbsentMicros: { p50: percentile(m.setIfAbsent, 50), p99: percentile(m.setIfAbsent, 99) },
      inboxAddMicros: { p50: percentile(m.add, 50), p99: percentile(m.add, 99) },
      sequentialRateByRound: m.sequentialRate,
      concurrentRateByRound: m.concurrentRate,
    };
    const row = (name: string, value: number, unit: string, reference: number, detailToo = false) =>
      figures.add({
        name,
        value,
        unit,
        ...(vsMemory ? { reference: { name: "memory store", value: reference, unit }, ratio: value / reference } : {}),
        ...(detailToo ? { detail } : {}),
      });
    row(`${engine.name}: setIfAbsent + inbox.add, p50`, percentile(m.pair, 50), "µs/event", percentile(memory.pair, 50), true);
    row(`  p99`, percentile(m.pair, 99), "µs/event", percentile(memory.pair, 99));
    row(`  one at a time`, median(m.sequentialRate), "events/s", median(memory.sequentialRate));
    row(`  ${IN_FLIGHT} in flight`, median(m.concurrentRate), "events/s", median(memory.concurrentRate));
  }
  return figures;
}
