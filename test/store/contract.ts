import { describe, expect, it } from "vitest";
import type { Store } from "../../src/store/index.js";

/** How the contract gets a store to test: a fresh, empty one per call. */
export interface StoreSubject {
  /** With `now`, the store reads that clock for TTLs. */
  create(now?: () => number): Promise<Store>;
  /** A second handle on the same data (another instance on the same file), when the store has one. */
  peer?(store: Store, now?: () => number): Promise<Store>;
}

/** The behaviour every Store implementation promises; each implementation's test file runs it. */
export function describeStoreContract(name: string, subject: StoreSubject): void {
  async function clocked() {
    let now = 1_000_000;
    const clock = () => now;
    const store = await subject.create(clock);
    return { store, clock, advance: (ms: number) => (now += ms) };
  }

  describe(`${name} (Store contract)`, () => {
    it("setIfAbsent: the first caller wins, later ones see the key", async () => {
      const { store } = await clocked();
      expect(await store.setIfAbsent("k", "a", 1_000)).toBe(true);
      expect(await store.setIfAbsent("k", "b", 1_000)).toBe(false);
      expect(await store.get("k")).toBe("a");
    });

    it("setIfAbsent is atomic among concurrent callers", async () => {
      const store = await subject.create();
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => store.setIfAbsent("lock", String(i), 10_000)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = results.indexOf(true);
      expect(await store.get("lock")).toBe(String(winner));
    });

    it("setIfAbsent is atomic among concurrent callers on two handles of the same data", async () => {
      const store = await subject.create();
      const peer = subject.peer ? await subject.peer(store) : store;
      const calls = Array.from({ length: 40 }, (_, i) =>
        (i % 2 === 0 ? store : peer).setIfAbsent(`key-${i % 8}`, String(i), 10_000),
      );
      const results = await Promise.all(calls);
      expect(results.filter(Boolean)).toHaveLength(8);
      for (let k = 0; k < 8; k++) {
        const winners = results.flatMap((won, i) => (won && i % 8 === k ? [String(i)] : []));
        expect(winners).toHaveLength(1);
        expect(await peer.get(`key-${k}`)).toBe(winners[0]);
      }
    });

    it("expires keys after their TTL, and setIfAbsent succeeds again", async () => {
      const { store, advance } = await clocked();
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
      const store = await subject.create();
      await store.set("k", "v", 40);
      expect(await store.get("k")).toBe("v");
      await new Promise((resolve) => setTimeout(resolve, 80));
      expect(await store.get("k")).toBeUndefined();
    });

    it("set replaces a value; without a TTL it lives until deleted", async () => {
      const { store, advance } = await clocked();
      await store.set("k", "a", 100);
      await store.set("k", "b");
      advance(10 * 365 * 24 * 3600 * 1000);
      expect(await store.get("k")).toBe("b");
      await store.delete("k");
      expect(await store.get("k")).toBeUndefined();
      await store.delete("never-set");
      expect(await store.setIfAbsent("k", "c", 100)).toBe(true);
    });

    it("set with a TTL replaces a permanent key's lifetime", async () => {
      const { store, advance } = await clocked();
      await store.set("k", "a");
      await store.set("k", "b", 100);
      advance(100);
      expect(await store.get("k")).toBeUndefined();
    });

    it("keeps any key and value as data, whatever characters they hold", async () => {
      const { store } = await clocked();
      const pairs: [string, string][] = [
        ["__proto__", "p"],
        ["constructor", "c"],
        ["toString", ""],
        ["", "empty key"],
        ["会议:2026-11-21", "晨报 ✅"],
        ['quote"back\\slash', "line\nbreak\u0000nul"],
      ];
      for (const [key, value] of pairs) expect(await store.setIfAbsent(key, value, 60_000)).toBe(true);
      for (const [key, value] of pairs) expect(await store.get(key)).toBe(value);
      expect(await store.get("hasOwnProperty")).toBeUndefined();
    });

    it("refuses non-positive or non-finite TTLs", async () => {
      const { store } = await clocked();
      for (const ttl of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
        await expect(store.setIfAbsent("k", "v", ttl)).rejects.toThrow(RangeError);
        await expect(store.set("k", "v", ttl)).rejects.toThrow(RangeError);
      }
      expect(await store.get("k")).toBeUndefined();
    });
  });
}
