/**
 * The stores across real processes: racers in separate node processes on one SQLite file (and on
 * one Redis), writers killed with SIGKILL. In-process "concurrency" on SQLite is sequential
 * (better-sqlite3 is synchronous), so only these tests race two writers for real.
 */
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { openStore, SqliteStore, type Store } from "../../src/store/index.js";
import { testRedis, uniquePrefix } from "../helpers/redis.js";
import { startChild, type StoreChild } from "./fixtures/child.js";
import { tempDirs } from "./fixtures/temp.js";

const temp = tempDirs();
const redis = await testRedis();
const children: StoreChild[] = [];
const opened: Store[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) {
    child.process.kill("SIGKILL");
    await child.exited;
  }
  await Promise.all(opened.splice(0).map((store) => store.close()));
});
afterAll(async () => {
  await temp.cleanup();
  await redis.close();
});

function start(args: string[]): StoreChild {
  const child = startChild(args);
  children.push(child);
  return child;
}

const DAY = 86_400_000;

/** One place to keep data in, for each engine: a URL, a key prefix (Redis), and a handle of our own on it. */
interface Place {
  url: string;
  prefix: string;
  open(): Promise<Store>;
}

const engines: Array<{ name: string; available: boolean; reason?: string; place(): Promise<Place> }> = [
  {
    name: "SQLite",
    available: true,
    place: async () => {
      const url = `sqlite:${join(await temp.make(), "bot.db")}`;
      return { url, prefix: "-", open: async () => remember(await openStore(url)) };
    },
  },
  {
    name: "Redis",
    available: redis.available,
    ...(redis.available ? {} : { reason: redis.reason }),
    place: async () => {
      if (!redis.available) throw new Error(redis.reason);
      const prefix = uniquePrefix();
      return { url: redis.url, prefix, open: async () => remember(await openStore(redis.url, { keyPrefix: prefix })) };
    },
  },
];

function remember(store: Store): Store {
  opened.push(store);
  return store;
}

/** Starts racers, waits until each is ready, and says "go" to all at once; resolves with each one's JSON line. */
async function race<T>(argsOf: (i: number) => string[], count: number): Promise<T[]> {
  const racers = Array.from({ length: count }, (_, i) => start(argsOf(i)));
  await Promise.all(racers.map((child) => child.line((l) => l === "ready", 30_000)));
  for (const child of racers) child.send("go");
  return Promise.all(racers.map(async (child) => JSON.parse(await child.line((l) => l.startsWith("{"), 30_000)) as T));
}

// Generous timeouts: several node processes starting at once on a loaded 2-core machine.
for (const engine of engines) {
  // Redis is skipped only when there is no server to test against (the reason is printed).
  describe.skipIf(!engine.available)(`${engine.name} store across processes`, () => {
    it("three processes hammering setIfAbsent on the same keys: each key is won exactly once", { timeout: 90_000 }, async () => {
      const keys = 300;
      const labels = ["p1", "p2", "p3"];
      let raced = false;
      // A racer descheduled for the whole run wins nothing and proves nothing; race again then.
      for (let attempt = 0; attempt < 3 && !raced; attempt++) {
        const place = await engine.place();
        const results = await race<{ won: string[] }>((i) => ["hammer", place.url, place.prefix, String(keys), labels[i]!], labels.length);
        const winners = new Map<string, string[]>();
        results.forEach(({ won }, i) => {
          for (const key of won) winners.set(key, [...(winners.get(key) ?? []), labels[i]!]);
        });
        expect(winners.size).toBe(keys);
        for (const [key, who] of winners) expect(who, key).toHaveLength(1);
        // The store agrees with what each process was told.
        const store = await place.open();
        for (const [key, who] of winners) expect(await store.get(key)).toBe(who[0]);
        raced = results.every(({ won }) => won.length > 0);
      }
      expect(raced, "the processes never overlapped, so the race was not tested").toBe(true);
    });

    it("two processes draining the inbox at once never take the same entry", { timeout: 90_000 }, async () => {
      const count = 300;
      let raced = false;
      for (let attempt = 0; attempt < 3 && !raced; attempt++) {
        const place = await engine.place();
        const store = await place.open();
        for (let i = 0; i < count; i++) await store.inbox.add(`om_${i}`, `payload ${i}`, { dedupeTtlMs: DAY });
        const results = await race<{ claimed: string[] }>((i) => ["claim", place.url, place.prefix, `worker-${i}`], 2);
        const all = results.flatMap((r) => r.claimed);
        expect(all).toHaveLength(count);
        expect(new Set(all).size).toBe(count);
        expect(await store.inbox.counts()).toEqual({ pending: 0, claimed: 0 });
        raced = results.every((r) => r.claimed.length > 0);
      }
      expect(raced, "the processes never overlapped, so the race was not tested").toBe(true);
    });

    it("entries added by a process that then dies with SIGKILL are all there for the next one", { timeout: 60_000 }, async () => {
      const place = await engine.place();
      const child = start(["add-and-die", place.url, place.prefix, "50"]);
      await child.line((l) => l === "added 50", 30_000);
      expect((await child.exited).signal).toBe("SIGKILL");
      const store = await place.open();
      expect(await store.inbox.counts()).toEqual({ pending: 50, claimed: 0 });
      for (let i = 0; i < 50; i++) expect(await store.inbox.claim("next", 60_000)).toMatchObject({ id: `om_${i}`, payload: `payload ${i}`, attempts: 1 });
      // Still dedupe marks too: Feishu's redelivery of any of them is refused.
      expect(await store.inbox.add("om_7", "again", { dedupeTtlMs: DAY })).toBe(false);
    });

    it("a writer killed at random moments loses no acknowledged add", { timeout: 90_000 }, async () => {
      const place = await engine.place();
      const runs = 3;
      const acked: number[] = [];
      for (let run = 0; run < runs; run++) {
        const writer = start(["add-loop", place.url, place.prefix, String(run)]);
        await writer.line((l) => l === "added 0", 30_000);
        await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 150));
        writer.process.kill("SIGKILL");
        expect((await writer.exited).signal).toBe("SIGKILL");
        // "added i" is written after add(i) resolved: every one of those must be in the store.
        acked.push(Math.max(...writer.lines().map((l) => Number(/^added (\d+)$/.exec(l)?.[1] ?? -1))));
      }
      const store = await place.open();
      for (let run = 0; run < runs; run++) {
        expect(acked[run]).toBeGreaterThanOrEqual(0);
        for (let i = 0; i <= acked[run]!; i++) {
          expect(await store.inbox.add(`run-${run}-${i}`, "dup", { dedupeTtlMs: DAY }), `run ${run} entry ${i}`).toBe(false);
        }
      }
      const { pending } = await store.inbox.counts();
      // Acknowledged ones, plus at most one per run committed just before the kill and not yet printed.
      const total = acked.reduce((sum, n) => sum + n + 1, 0);
      expect(pending).toBeGreaterThanOrEqual(total);
      expect(pending).toBeLessThanOrEqual(total + runs);
    });
  });
}

describe("SQLite store across processes: a process killed inside a write transaction", () => {
  it("does not block the others, and its uncommitted write is gone", { timeout: 60_000 }, async () => {
    const path = join(await temp.make(), "bot.db");
    const store = remember(new SqliteStore({ path, busyTimeoutMs: 10_000 }));
    await store.set("before", "x");
    const holder = start(["hold", path]);
    await holder.line((l) => l === "holding", 30_000);
    holder.process.kill("SIGKILL");
    expect((await holder.exited).signal).toBe("SIGKILL");
    const started = Date.now();
    await store.set("k", "v");
    // The kernel drops a dead process's file locks at once: no waiting out the busy timeout.
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await store.get("k")).toBe("v");
    expect(await store.get("uncommitted")).toBeUndefined();
    expect(await store.get("before")).toBe("x");
  });
});
