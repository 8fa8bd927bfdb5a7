import { describe, expect, it } from "vitest";
import { MemoryStore } from "../../src/store/index.js";
import { describeStoreContract } from "./contract.js";

describeStoreContract("MemoryStore", {
  create: async (now) => new MemoryStore(now ? { now } : {}),
});

function clockedStore(sweepIntervalMs = 1_000) {
  let now = 1_000_000;
  const store = new MemoryStore({ now: () => now, sweepIntervalMs });
  return { store, advance: (ms: number) => (now += ms) };
}

describe("MemoryStore", () => {
  it("sweeps expired keys on writes so memory stays bounded", async () => {
    const { store, advance } = clockedStore(1_000);
    for (let i = 0; i < 1_000; i++) await store.setIfAbsent(`old-${i}`, "x", 500);
    expect(store.size).toBe(1_000);
    advance(1_000);
    await store.setIfAbsent("new", "x", 500);
    expect(store.size).toBe(1);
    // Writing a fresh key per ms for a long while keeps at most TTL + sweep interval of keys.
    let peak = 0;
    for (let i = 0; i < 10_000; i++) {
      advance(1);
      await store.set(`k-${i}`, "x", 500);
      peak = Math.max(peak, store.size);
    }
    expect(peak).toBeLessThanOrEqual(1_501);
  });

  it("sweeps inbox dedupe marks of completed entries, never entries still to do", async () => {
    const { store, advance } = clockedStore(1_000);
    for (let i = 0; i < 10; i++) await store.inbox.add(`e-${i}`, "p", { dedupeTtlMs: 500 });
    for (let i = 0; i < 5; i++) {
      const entry = await store.inbox.claim("w", 10_000);
      await store.inbox.complete(entry!.id, "w");
    }
    advance(1_000);
    store.sweep();
    expect(await store.inbox.counts()).toEqual({ pending: 5, claimed: 0 });
    expect(await store.inbox.add("e-0", "again", { dedupeTtlMs: 500 })).toBe(true);
    expect(await store.inbox.add("e-9", "again", { dedupeTtlMs: 500 })).toBe(false);
  });

  it("close empties the store", async () => {
    const { store } = clockedStore();
    await store.set("k", "v");
    await store.inbox.add("e", "p", { dedupeTtlMs: 1_000 });
    await store.close();
    expect(await store.get("k")).toBeUndefined();
    expect(await store.inbox.counts()).toEqual({ pending: 0, claimed: 0 });
  });
});
