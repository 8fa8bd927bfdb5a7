import { describe, expect, it } from "vitest";
import { MemoryStore } from "../../src/store/index.js";

function clockedStore(sweepIntervalMs = 1_000) {
  let now = 1_000_000;
  const store = new MemoryStore({ now: () => now, sweepIntervalMs });
  return { store, advance: (ms: number) => (now += ms) };
}

describe("MemoryStore", () => {
  it("setIfAbsent: the first caller wins, later ones see the key", async () => {
    const { store } = clockedStore();
    expect(await store.setIfAbsent("k", "a", 1_000)).toBe(true);
    expect(await store.setIfAbsent("k", "b", 1_000)).toBe(false);
    expect(await store.get("k")).toBe("a");
  });

  it("setIfAbsent is atomic among concurrent callers", async () => {
    const store = new MemoryStore();
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => store.setIfAbsent("lock", String(i), 10_000)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it("expires keys after their TTL, and setIfAbsent succeeds again", async () => {
    const { store, advance } = clockedStore();
    await store.setIfAbsent("k", "a", 500);
    advance(499);
    expect(await store.get("k")).toBe("a");
    expect(await store.setIfAbsent("k", "b", 500)).toBe(false);
    advance(1);
    expect(await store.get("k")).toBeUndefined();
    expect(await store.setIfAbsent("k", "c", 500)).toBe(true);
    expect(await store.get("k")).toBe("c");
  });

  it("expires with the real clock too", async () => {
    const store = new MemoryStore();
    await store.set("k", "v", 20);
    expect(await store.get("k")).toBe("v");
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(await store.get("k")).toBeUndefined();
  });

  it("set replaces a value; without a TTL it lives until deleted", async () => {
    const { store, advance } = clockedStore();
    await store.set("k", "a", 100);
    await store.set("k", "b");
    advance(10 * 365 * 24 * 3600 * 1000);
    expect(await store.get("k")).toBe("b");
    await store.delete("k");
    expect(await store.get("k")).toBeUndefined();
    await store.delete("never-set");
  });

  it("set with a TTL replaces a permanent key's lifetime", async () => {
    const { store, advance } = clockedStore();
    await store.set("k", "a");
    await store.set("k", "b", 100);
    advance(100);
    expect(await store.get("k")).toBeUndefined();
  });

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

  it("refuses non-positive or non-finite TTLs", async () => {
    const { store } = clockedStore();
    for (const ttl of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      await expect(store.setIfAbsent("k", "v", ttl)).rejects.toThrow(RangeError);
      await expect(store.set("k", "v", ttl)).rejects.toThrow(RangeError);
    }
    expect(await store.get("k")).toBeUndefined();
  });

  it("close empties the store", async () => {
    const { store } = clockedStore();
    await store.set("k", "v");
    await store.close();
    expect(await store.get("k")).toBeUndefined();
  });
});
