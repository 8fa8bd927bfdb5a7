/**
 * 10. Rate budgets shared by replicas (src/feishu/shared-limits.ts), per store engine:
 * - what a grant costs: one call's slot for a send (its chat's 5/s, the app's 50/s and 1000/min:
 *   three slots, two pause keys), one call at a time with room in every window, timed from
 *   acquire() to the grant; reference: the in-process limiter alone;
 * - two replicas (two limiters, each with its own handle on the store) each asking for a whole
 *   window's budget at once, several windows long (2× the budget together): grants in the busiest
 *   span of one window (target: ≤ the budget) and the rate reached (target: close to the budget);
 *   reference: the same two replicas without the store, which grant 2× in the first window.
 * SQLite keeps its file under bench/results/ (the repository's disk: the fsync is real).
 *
 * `npx tsx bench/benches/shared-limits.ts` prints the table alone; `BENCH_ONLY=shared-limits npm run bench`
 * runs it as part of the suite.
 */
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import { RateLimiter, type LaneRequest } from "../../src/feishu/rate-limiter.js";
import { StoreSlots } from "../../src/feishu/shared-limits.js";
import { MemoryStore, RedisStore, SqliteStore, type Store } from "../../src/store/index.js";
import { testRedis, uniquePrefix } from "../../test/helpers/redis.js";
import { Figures } from "../lib/figures.js";
import { deleteKeys } from "../lib/redis.js";
import { readSettings, type Settings } from "../lib/settings.js";
import { percentile } from "../lib/stats.js";
import { formatTable } from "../lib/table.js";

interface Engine {
  key: string;
  name: string;
  /** Two handles on one store, as two replicas open it (undefined: no sharing). */
  open(): Promise<[Store, Store] | undefined>;
}

function limiter(store: Store | undefined, prefix: string): RateLimiter {
  return new RateLimiter(store ? { shared: new StoreSlots({ store, keyPrefix: prefix, onError: (e) => console.warn(e) }) } : {});
}

/** µs from acquire() to the grant, one at a time, each send to its own chat (room everywhere). */
async function grantCost(store: Store | undefined, count: number, prefix: string): Promise<number[]> {
  const l = limiter(store, prefix);
  const out: number[] = [];
  // The app-wide send windows would fill (50/s): spread over many 1/s buckets instead, same shape.
  for (let i = 0; i < count; i++) {
    const lanes: LaneRequest[] = [
      { bucket: `send_per_chat|oc_${i}`, windows: [{ max: 5, windowMs: 1_000 }] },
      { bucket: `send|${i % 64}`, windows: [{ max: 50, windowMs: 1_000 }, { max: 1_000, windowMs: 60_000 }] },
    ];
    const t0 = performance.now();
    await l.acquire(lanes, Date.now() + 10_000);
    out.push((performance.now() - t0) * 1000);
  }
  return out;
}

/** Two replicas, each asking for `perReplica` grants at once under one budget; the grant times. */
async function twoReplicas(stores: [Store, Store] | undefined, budget: { max: number; windowMs: number }, perReplica: number, prefix: string) {
  const lanes: LaneRequest[] = [{ bucket: "meeting_get", windows: [budget] }];
  const started = Date.now();
  const deadline = started + 60_000;
  const times = (
    await Promise.all(
      [0, 1].map((r) => {
        const l = limiter(stores?.[r], prefix);
        return Promise.all(Array.from({ length: perReplica }, () => l.acquire(lanes, deadline).then(() => Date.now())));
      }),
    )
  )
    .flat()
    .sort((a, b) => a - b);
  let busiest = 0;
  for (let i = 0, j = 0; j < times.length; j++) {
    while (times[j]! - times[i]! >= budget.windowMs) i++;
    busiest = Math.max(busiest, j - i + 1);
  }
  // The last grant opens the last window: n grants took (last − start + one window).
  const spanMs = times.at(-1)! - started + budget.windowMs;
  return { busiest, rate: (times.length / spanMs) * 1000 };
}

export async function benchSharedLimits(settings: Settings): Promise<Figures> {
  const figures = new Figures("10 shared limits");
  const grants = settings.quick ? 200 : 1_000;
  const budget = { max: 50, windowMs: 1_000 };
  const windows = settings.quick ? 3 : 6;
  const dir = fileURLToPath(new URL(`../results/shared-limits-${process.pid}/`, import.meta.url));
  mkdirSync(dir, { recursive: true });
  const redis = await testRedis();
  const redisPrefix = uniquePrefix("bench-limits");
  const engines: Engine[] = [
    { key: "none", name: "no store (in-process only)", open: async () => undefined },
    { key: "memory", name: "memory store", open: async () => { const s = new MemoryStore(); return [s, s]; } },
    {
      key: "sqlite",
      name: "SQLite (synchronous=FULL)",
      open: async () => [new SqliteStore({ path: join(dir, "limits.db") }), new SqliteStore({ path: join(dir, "limits.db") })],
    },
  ];
  if (redis.available) {
    engines.push({
      key: "redis",
      name: "Redis",
      open: async () => [await RedisStore.open({ url: redis.url, keyPrefix: redisPrefix }), await RedisStore.open({ url: redis.url, keyPrefix: redisPrefix })],
    });
  } else {
    console.warn(`shared limits: ${redis.reason}; no Redis rows`);
  }
  const cost = new Map<string, number[]>();
  try {
    for (const [n, engine] of engines.entries()) {
      const stores = await engine.open();
      try {
        await grantCost(stores?.[0], 50, `w${n}:`);
        cost.set(engine.key, await grantCost(stores?.[0], grants, `c${n}:`));
        const two = await twoReplicas(stores, budget, (budget.max * windows) / 2, `t${n}:`);
        const ref = cost.get("none");
        const p50 = percentile(cost.get(engine.key)!, 50);
        figures.add({
          name: `${engine.name}: grant for a send (3 windows), p50`,
          value: p50,
          unit: "µs",
          ...(ref && engine.key !== "none" ? { reference: { name: "in-process only", value: percentile(ref, 50), unit: "µs" }, ratio: p50 / percentile(ref, 50) } : {}),
          detail: { p99: percentile(cost.get(engine.key)!, 99) },
        });
        figures.add({ name: "  p99", value: percentile(cost.get(engine.key)!, 99), unit: "µs" });
        const shared = engine.key !== "none";
        figures.add({
          name: `  2 replicas × ${budget.max}/s asked at once: most grants in any 1 s`,
          value: two.busiest,
          unit: "grants",
          target: shared ? `≤ ${budget.max}` : `(no store: up to ${2 * budget.max})`,
          ...(shared ? { met: two.busiest <= budget.max } : {}),
        });
        figures.add({ name: "  rate reached by both together", value: two.rate, unit: "grants/s", reference: { name: "budget", value: budget.max, unit: "grants/s" }, ratio: two.rate / budget.max });
      } finally {
        if (stores) for (const s of new Set(stores)) await s.close().catch(() => undefined);
      }
    }
  } finally {
    if (redis.available) {
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
  return figures;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const figures = await benchSharedLimits(readSettings());
  console.log(formatTable(figures.all));
}
