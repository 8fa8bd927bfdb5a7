import { describe, expect, it } from "vitest";
import type { Store } from "../../src/store/index.js";

/** How the contract gets a store to test: a fresh, empty one per call. */
export interface StoreSubject {
  /** With `now`, the store reads that clock for TTLs and leases. */
  create(now?: () => number): Promise<Store>;
  /**
   * A second handle on the same data: another connection to the same file or server. Without it
   * the "two handles" tests use the one store twice.
   */
  peer?(store: Store, now?: () => number): Promise<Store>;
  /**
   * "injected" (default): the store reads the clock it is given, so the tests move time by hand.
   * "server": the engine keeps time itself (Redis: PX expiry, TIME for leases), so a fake clock
   * cannot move it; the clock-driven tests then wait real time with short TTLs instead.
   */
  clock?: "injected" | "server";
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * TTLs and leases for the tests that watch something expire. Short, since a server-clock engine
 * waits them out for real; long enough that a loaded machine does not expire them before the
 * first look.
 */
const SHORT = 300;
/** Past SHORT by a margin, on either clock. */
const PAST_SHORT = SHORT + 150;

/** The behaviour every Store implementation promises; each engine's test file runs it. */
export function describeStoreContract(name: string, subject: StoreSubject): void {
  const serverClock = subject.clock === "server";

  /**
   * A store with a clock the test moves: the injected one, or real time for a server clock.
   * `now()` is the time the store sees (approximately, for a server clock on this host).
   */
  async function clocked() {
    let fake = 1_000_000;
    const store = await subject.create(serverClock ? undefined : () => fake);
    const peer = subject.peer ? await subject.peer(store, serverClock ? undefined : () => fake) : store;
    return {
      store,
      peer,
      now: () => (serverClock ? Date.now() : fake),
      advance: async (ms: number) => {
        if (serverClock) await sleep(ms);
        else fake += ms;
      },
    };
  }

  /** `value` is `expected` on the store's clock: exactly with an injected one, within a window for a server clock. */
  function expectTime(value: number, expected: number): void {
    if (serverClock) {
      expect(value).toBeGreaterThanOrEqual(expected - 250);
      expect(value).toBeLessThanOrEqual(expected + 250);
    } else {
      expect(value).toBe(expected);
    }
  }

  describe(`${name} (Store contract)`, () => {
    describe("keys", () => {
      it("setIfAbsent: the first caller wins, later ones see the key", async () => {
        const { store } = await clocked();
        expect(await store.setIfAbsent("k", "a", 1_000)).toBe(true);
        expect(await store.setIfAbsent("k", "b", 1_000)).toBe(false);
        expect(await store.get("k")).toBe("a");
      });

      it("setIfAbsent is atomic among concurrent callers", async () => {
        const store = await subject.create();
        const results = await Promise.all(Array.from({ length: 50 }, (_, i) => store.setIfAbsent("lock", String(i), 10_000)));
        expect(results.filter(Boolean)).toHaveLength(1);
        const winner = results.indexOf(true);
        expect(await store.get("lock")).toBe(String(winner));
      });

      it("setIfAbsent is atomic among concurrent callers on two handles of the same data", async () => {
        const store = await subject.create();
        const peer = subject.peer ? await subject.peer(store) : store;
        const calls = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? store : peer).setIfAbsent(`key-${i % 8}`, String(i), 10_000));
        const results = await Promise.all(calls);
        expect(results.filter(Boolean)).toHaveLength(8);
        for (let k = 0; k < 8; k++) {
          const winners = results.flatMap((won, i) => (won && i % 8 === k ? [String(i)] : []));
          expect(winners).toHaveLength(1);
          expect(await peer.get(`key-${k}`)).toBe(winners[0]);
        }
      });

      // Skipped for Redis: it expires keys by its own clock (PX), so the last millisecond before
      // the TTL cannot be told from the first one after it; the next test covers expiry there.
      it.skipIf(serverClock)("expires a key exactly at its TTL (injected clock)", async () => {
        const { store, advance } = await clocked();
        await store.setIfAbsent("k", "a", 500);
        await advance(499);
        expect(await store.get("k")).toBe("a");
        expect(await store.setIfAbsent("k", "b", 500)).toBe(false);
        await advance(1);
        expect(await store.get("k")).toBeUndefined();
        expect(await store.setIfAbsent("k", "c", 500)).toBe(true);
        expect(await store.get("k")).toBe("c");
      });

      it("expires keys after their TTL, and setIfAbsent succeeds again", async () => {
        const { store, advance } = await clocked();
        expect(await store.setIfAbsent("k", "a", SHORT)).toBe(true);
        expect(await store.setIfAbsent("k", "b", SHORT)).toBe(false);
        await advance(PAST_SHORT);
        expect(await store.get("k")).toBeUndefined();
        expect(await store.setIfAbsent("k", "c", SHORT)).toBe(true);
        expect(await store.get("k")).toBe("c");
      });

      it("expires with the real clock too", async () => {
        const store = await subject.create();
        await store.set("k", "v", 40);
        expect(await store.get("k")).toBe("v");
        await sleep(80);
        expect(await store.get("k")).toBeUndefined();
      });

      it("set replaces a value; without a TTL it lives until deleted", async () => {
        const { store, advance } = await clocked();
        await store.set("k", "a", SHORT);
        await store.set("k", "b");
        await advance(PAST_SHORT);
        expect(await store.get("k")).toBe("b");
        if (!serverClock) {
          await advance(10 * 365 * 24 * 3600 * 1000);
          expect(await store.get("k")).toBe("b");
        }
        await store.delete("k");
        expect(await store.get("k")).toBeUndefined();
        await store.delete("never-set");
        expect(await store.setIfAbsent("k", "c", 100)).toBe(true);
      });

      it("set with a TTL replaces a permanent key's lifetime", async () => {
        const { store, advance } = await clocked();
        await store.set("k", "a");
        await store.set("k", "b", SHORT);
        await advance(PAST_SHORT);
        expect(await store.get("k")).toBeUndefined();
      });

      it("keeps any key and value as data, whatever characters they hold", async () => {
        const { store, peer } = await clocked();
        const pairs: [string, string][] = [
          ["__proto__", "p"],
          ["constructor", "c"],
          ["toString", ""],
          ["", "empty key"],
          ["会议:2026-11-21", "晨报 ✅"],
          ['quote"back\\slash', "line\nbreak\u0000nul"],
          ["big", "x".repeat(100_000)],
        ];
        for (const [key, value] of pairs) expect(await store.setIfAbsent(key, value, 60_000)).toBe(true);
        for (const [key, value] of pairs) expect(await peer.get(key)).toBe(value);
        expect(await store.get("hasOwnProperty")).toBeUndefined();
      });

      it("refuses non-positive or non-finite TTLs", async () => {
        const { store } = await clocked();
        const lock = await store.acquireLock("l", 1_000);
        for (const ttl of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
          await expect(store.setIfAbsent("k", "v", ttl)).rejects.toThrow(RangeError);
          await expect(store.set("k", "v", ttl)).rejects.toThrow(RangeError);
          await expect(store.acquireLock("other", ttl)).rejects.toThrow(RangeError);
          await expect(store.extendLock(lock!, ttl)).rejects.toThrow(RangeError);
          await expect(store.inbox.add("e", "p", { dedupeTtlMs: ttl })).rejects.toThrow(RangeError);
          await expect(store.inbox.claim("w", ttl)).rejects.toThrow(RangeError);
          await expect(store.inbox.extend("e", "w", ttl)).rejects.toThrow(RangeError);
        }
        expect(await store.get("k")).toBeUndefined();
        expect(await store.inbox.counts()).toEqual({ pending: 0, claimed: 0 });
      });
    });

    describe("compareAndDelete", () => {
      it("deletes only while the value is still the expected one", async () => {
        const { store, peer } = await clocked();
        await store.set("k", "mine");
        expect(await store.compareAndDelete("k", "theirs")).toBe(false);
        expect(await store.get("k")).toBe("mine");
        expect(await peer.compareAndDelete("k", "mine")).toBe(true);
        expect(await store.get("k")).toBeUndefined();
        expect(await store.compareAndDelete("k", "mine")).toBe(false);
        expect(await store.compareAndDelete("never-set", "")).toBe(false);
      });

      it("does not delete a value that replaced the expected one", async () => {
        const { store } = await clocked();
        await store.set("k", "first", 60_000);
        await store.set("k", "second", 60_000);
        expect(await store.compareAndDelete("k", "first")).toBe(false);
        expect(await store.get("k")).toBe("second");
      });

      it("treats an expired key as absent", async () => {
        const { store, advance } = await clocked();
        await store.set("k", "v", SHORT);
        await advance(PAST_SHORT);
        expect(await store.compareAndDelete("k", "v")).toBe(false);
        expect(await store.setIfAbsent("k", "w", 1_000)).toBe(true);
      });

      it("exactly one of many concurrent callers on two handles deletes", async () => {
        const { store, peer } = await clocked();
        await store.set("k", "v", 60_000);
        const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? store : peer).compareAndDelete("k", "v")));
        expect(results.filter(Boolean)).toHaveLength(1);
      });
    });

    describe("locks", () => {
      it("one holder at a time; only its token extends or releases", async () => {
        const { store, peer, now } = await clocked();
        const before = now();
        const lock = await store.acquireLock("digest", 10_000);
        expect(lock).toMatchObject({ name: "digest", token: expect.any(String) });
        expectTime(lock!.expiresAt, before + 10_000);
        expect(await peer.acquireLock("digest", 10_000)).toBeUndefined();

        const forged = { ...lock!, token: "not-the-token" };
        expect(await peer.extendLock(forged, 10_000)).toBe(false);
        expect(await peer.releaseLock(forged)).toBe(false);
        expect(await peer.acquireLock("digest", 10_000)).toBeUndefined();

        expect(await peer.extendLock(lock!, 20_000)).toBe(true);
        expect(await peer.releaseLock(lock!)).toBe(true);
        expect(await store.releaseLock(lock!)).toBe(false);
        const next = await peer.acquireLock("digest", 10_000);
        expect(next).toBeDefined();
        expect(next!.token).not.toBe(lock!.token);
        expect(await store.releaseLock(lock!)).toBe(false);
        expect(await store.extendLock(lock!, 10_000)).toBe(false);
      });

      it("an expired lock can be taken by another, and its old token then does nothing", async () => {
        const { store, peer, advance } = await clocked();
        const old = await store.acquireLock("l", SHORT);
        await advance(PAST_SHORT);
        expect(await store.extendLock(old!, 10_000)).toBe(false);
        const taken = await peer.acquireLock("l", 10_000);
        expect(taken).toBeDefined();
        expect(await store.releaseLock(old!)).toBe(false);
        expect(await store.extendLock(old!, 10_000)).toBe(false);
        expect(await store.acquireLock("l", 10_000)).toBeUndefined();
        expect(await peer.releaseLock(taken!)).toBe(true);
      });

      it("extending keeps the lock past its first TTL", async () => {
        const { store, peer, advance } = await clocked();
        const lock = await store.acquireLock("l", SHORT);
        expect(await store.extendLock(lock!, 5_000)).toBe(true);
        await advance(PAST_SHORT);
        expect(await peer.acquireLock("l", 1_000)).toBeUndefined();
        expect(await store.releaseLock(lock!)).toBe(true);
      });

      it("exactly one of many concurrent acquirers on two handles wins", async () => {
        const { store, peer } = await clocked();
        const locks = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? store : peer).acquireLock("race", 10_000)));
        expect(locks.filter((l) => l !== undefined)).toHaveLength(1);
      });

      it("locks and keys are separate namespaces", async () => {
        const { store } = await clocked();
        await store.set("same", "value");
        const lock = await store.acquireLock("same", 10_000);
        expect(lock).toBeDefined();
        expect(await store.get("same")).toBe("value");
        expect(await store.setIfAbsent("other", "v", 10_000)).toBe(true);
        expect(await store.acquireLock("other", 10_000)).toBeDefined();
      });
    });

    describe("inbox", () => {
      const DAY = 86_400_000;

      it("add records an entry once: a second add of the id, from any handle, is refused", async () => {
        const { store, peer, now } = await clocked();
        const before = now();
        expect(await store.inbox.add("om_1", '{"text":"/help"}', { dedupeTtlMs: DAY })).toBe(true);
        expect(await store.inbox.add("om_1", "other", { dedupeTtlMs: DAY })).toBe(false);
        expect(await peer.inbox.add("om_1", "other", { dedupeTtlMs: DAY })).toBe(false);
        expect(await peer.inbox.add("om_2", "second", { dedupeTtlMs: DAY })).toBe(true);
        expect(await store.inbox.counts()).toEqual({ pending: 2, claimed: 0 });

        const entry = await peer.inbox.claim("worker-a", 10_000);
        expect(entry).toMatchObject({ id: "om_1", payload: '{"text":"/help"}', attempts: 1, claimedBy: "worker-a" });
        expectTime(entry!.addedAt, before);
        expectTime(entry!.leaseUntil, before + 10_000);
      });

      it("concurrent adds of one id: exactly one records it", async () => {
        const { store, peer } = await clocked();
        const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? store : peer).inbox.add("om_x", String(i), { dedupeTtlMs: DAY })));
        expect(results.filter(Boolean)).toHaveLength(1);
        expect(await store.inbox.counts()).toEqual({ pending: 1, claimed: 0 });
        expect((await store.inbox.claim("w", 1_000))!.payload).toBe(String(results.indexOf(true)));
      });

      it("a completed entry stays a dedupe mark until its TTL; then the id may be added again", async () => {
        const { store, advance } = await clocked();
        expect(await store.inbox.add("om_1", "p", { dedupeTtlMs: SHORT })).toBe(true);
        const entry = await store.inbox.claim("w", 60_000);
        expect(await store.inbox.complete(entry!.id, "w")).toBe(true);
        expect(await store.inbox.counts()).toEqual({ pending: 0, claimed: 0 });
        expect(await store.inbox.add("om_1", "p", { dedupeTtlMs: SHORT })).toBe(false);
        await advance(PAST_SHORT);
        expect(await store.inbox.add("om_1", "again", { dedupeTtlMs: SHORT })).toBe(true);
        const again = await store.inbox.claim("w", 60_000);
        expect(again).toMatchObject({ id: "om_1", payload: "again", attempts: 1 });
      });

      it("an entry not yet done is never added twice, however old", async () => {
        const { store, advance } = await clocked();
        expect(await store.inbox.add("pending", "p", { dedupeTtlMs: SHORT })).toBe(true);
        expect(await store.inbox.add("claimed", "c", { dedupeTtlMs: SHORT })).toBe(true);
        await store.inbox.claim("w", 60_000);
        await advance(PAST_SHORT);
        expect(await store.inbox.add("pending", "p2", { dedupeTtlMs: SHORT })).toBe(false);
        expect(await store.inbox.add("claimed", "c2", { dedupeTtlMs: SHORT })).toBe(false);
        expect(await store.inbox.counts()).toEqual({ pending: 1, claimed: 1 });
      });

      it("claims oldest first, each entry once, and nothing when all are taken", async () => {
        const { store, peer } = await clocked();
        for (const id of ["a", "b", "c"]) await store.inbox.add(id, `payload-${id}`, { dedupeTtlMs: DAY });
        expect((await store.inbox.claim("w1", 60_000))!.id).toBe("a");
        expect((await peer.inbox.claim("w2", 60_000))!.id).toBe("b");
        expect(await store.inbox.counts()).toEqual({ pending: 1, claimed: 2 });
        expect((await store.inbox.claim("w1", 60_000))!.payload).toBe("payload-c");
        expect(await peer.inbox.claim("w2", 60_000)).toBeUndefined();
        expect(await store.inbox.counts()).toEqual({ pending: 0, claimed: 3 });
      });

      it("two concurrent claimers on two handles never get the same entry", async () => {
        const { store, peer } = await clocked();
        const ids = Array.from({ length: 60 }, (_, i) => `om_${i}`);
        for (const id of ids) await store.inbox.add(id, id, { dedupeTtlMs: DAY });
        const drain = async (handle: Store, owner: string) => {
          const got: string[] = [];
          for (;;) {
            const entry = await handle.inbox.claim(owner, 60_000);
            if (entry === undefined) return got;
            expect(entry.claimedBy).toBe(owner);
            got.push(entry.id);
          }
        };
        // Several claims in flight per handle, so they meet on the server (or the file) throughout.
        const runs = await Promise.all([drain(store, "a1"), drain(peer, "b1"), drain(store, "a2"), drain(peer, "b2")]);
        const all = runs.flat();
        expect(all).toHaveLength(ids.length);
        expect(new Set(all).size).toBe(ids.length);
        expect(await store.inbox.counts()).toEqual({ pending: 0, claimed: ids.length });
      });

      it("a claim whose lease ran out (a dead worker's) is resumed by another owner, attempts + 1", async () => {
        const { store, peer, advance } = await clocked();
        await store.inbox.add("om_1", "p", { dedupeTtlMs: DAY });
        await store.inbox.add("om_2", "q", { dedupeTtlMs: DAY });
        const first = await store.inbox.claim("dead", SHORT);
        expect(first).toMatchObject({ id: "om_1", attempts: 1 });
        // While the lease runs, the next claim takes the next entry.
        expect((await peer.inbox.claim("live", 60_000))!.id).toBe("om_2");
        expect(await peer.inbox.claim("live", 60_000)).toBeUndefined();

        await advance(PAST_SHORT);
        expect(await store.inbox.counts()).toEqual({ pending: 1, claimed: 1 });
        const resumed = await peer.inbox.claim("survivor", 60_000);
        expect(resumed).toMatchObject({ id: "om_1", payload: "p", attempts: 2, claimedBy: "survivor" });
        // The dead worker's claim is gone: it can neither extend, give back nor complete it.
        expect(await store.inbox.extend("om_1", "dead", 60_000)).toBe(false);
        expect(await store.inbox.release("om_1", "dead")).toBe(false);
        expect(await store.inbox.complete("om_1", "dead")).toBe(false);
        expect(await store.inbox.complete("om_1", "survivor")).toBe(true);
        expect(await store.inbox.counts()).toEqual({ pending: 0, claimed: 1 });
      });

      it("a lapsed claim nobody took yet still belongs to its owner", async () => {
        const { store, advance } = await clocked();
        await store.inbox.add("first", "p", { dedupeTtlMs: DAY });
        await store.inbox.add("second", "q", { dedupeTtlMs: DAY });
        await store.inbox.claim("slow", SHORT);
        await advance(PAST_SHORT);
        expect(await store.inbox.counts()).toEqual({ pending: 2, claimed: 0 });
        // The slow worker extends before anyone claimed it: still its own, so the next claim takes "second".
        expect(await store.inbox.extend("first", "slow", 60_000)).toBe(true);
        expect(await store.inbox.counts()).toEqual({ pending: 1, claimed: 1 });
        expect((await store.inbox.claim("other", 60_000))!.id).toBe("second");
        expect(await store.inbox.complete("first", "slow")).toBe(true);
      });

      it("extend keeps the claim past its first lease", async () => {
        const { store, peer, advance } = await clocked();
        await store.inbox.add("om_1", "p", { dedupeTtlMs: DAY });
        await store.inbox.claim("w", SHORT);
        expect(await store.inbox.extend("om_1", "w", 60_000)).toBe(true);
        expect(await store.inbox.extend("om_1", "intruder", 60_000)).toBe(false);
        await advance(PAST_SHORT);
        expect(await peer.inbox.claim("other", 60_000)).toBeUndefined();
        expect(await store.inbox.counts()).toEqual({ pending: 0, claimed: 1 });
        expect(await store.inbox.extend("never-added", "w", 60_000)).toBe(false);
      });

      it("only the owner completes; a completed entry cannot be completed, extended or claimed again", async () => {
        const { store, peer } = await clocked();
        await store.inbox.add("om_1", "p", { dedupeTtlMs: DAY });
        expect(await store.inbox.complete("om_1", "w")).toBe(false); // pending: nobody holds it
        await store.inbox.claim("w", 60_000);
        expect(await peer.inbox.complete("om_1", "someone-else")).toBe(false);
        expect(await peer.inbox.complete("om_1", "w")).toBe(true);
        expect(await store.inbox.complete("om_1", "w")).toBe(false);
        expect(await store.inbox.extend("om_1", "w", 60_000)).toBe(false);
        expect(await store.inbox.release("om_1", "w")).toBe(false);
        expect(await store.inbox.claim("w", 60_000)).toBeUndefined();
        expect(await store.inbox.complete("never-added", "w")).toBe(false);
      });

      it("release gives the entry back in its old place; the next claim counts another attempt", async () => {
        const { store, peer } = await clocked();
        for (const id of ["a", "b"]) await store.inbox.add(id, id, { dedupeTtlMs: DAY });
        await store.inbox.claim("w", 60_000);
        expect(await store.inbox.release("a", "intruder")).toBe(false);
        expect(await peer.inbox.release("a", "w")).toBe(true);
        expect(await store.inbox.release("a", "w")).toBe(false);
        expect(await store.inbox.counts()).toEqual({ pending: 2, claimed: 0 });
        expect(await peer.inbox.claim("v", 60_000)).toMatchObject({ id: "a", attempts: 2, claimedBy: "v" });
        expect(await peer.inbox.claim("v", 60_000)).toMatchObject({ id: "b", attempts: 1 });
      });

      it("keeps any id and payload as data", async () => {
        const { store, peer } = await clocked();
        const entries: [string, string][] = [
          ["__proto__", ""],
          ["会议:1", "晨报 ✅ line\nbreak\u0000nul \"quoted\" \\"],
          ["big", "y".repeat(200_000)],
        ];
        for (const [id, payload] of entries) expect(await store.inbox.add(id, payload, { dedupeTtlMs: DAY })).toBe(true);
        for (const [id, payload] of entries) expect(await peer.inbox.claim("w", 60_000)).toMatchObject({ id, payload });
      });
    });
    describe("records", () => {
      it("add stores a row only when its id is new in the collection; put replaces; get reads it back", async () => {
        const { store } = await clocked();
        expect(await store.records.add("digests", "a", "1")).toBe(true);
        expect(await store.records.add("digests", "a", "2")).toBe(false);
        expect(await store.records.get("digests", "a")).toBe("1");
        // The same id in another collection is another row.
        expect(await store.records.add("other", "a", "x")).toBe(true);
        await store.records.put("digests", "a", "3");
        await store.records.put("digests", "b", "4");
        expect(await store.records.get("digests", "a")).toBe("3");
        expect(await store.records.get("digests", "missing")).toBeUndefined();
        expect(await store.records.get("nowhere", "a")).toBeUndefined();
      });

      it("list gives every row of one collection, ordered by id; delete removes one row", async () => {
        const { store } = await clocked();
        for (const id of ["c", "a", "b"]) await store.records.put("digests", id, `v-${id}`);
        await store.records.put("other", "z", "elsewhere");
        expect(await store.records.list("digests")).toEqual([
          { id: "a", value: "v-a" },
          { id: "b", value: "v-b" },
          { id: "c", value: "v-c" },
        ]);
        expect(await store.records.delete("digests", "b")).toBe(true);
        expect(await store.records.delete("digests", "b")).toBe(false);
        expect((await store.records.list("digests")).map((r) => r.id)).toEqual(["a", "c"]);
        expect(await store.records.list("empty")).toEqual([]);
      });

      it("rows never expire, and another handle sees them", async () => {
        const { store, peer, advance } = await clocked();
        await store.records.put("digests", "a", "1");
        await advance(PAST_SHORT);
        expect(await peer.records.get("digests", "a")).toBe("1");
        expect(await peer.records.list("digests")).toEqual([{ id: "a", value: "1" }]);
      });

      it("add is atomic among concurrent callers", async () => {
        const { store, peer } = await clocked();
        const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? peer : store).records.add("digests", "same", String(i))));
        expect(results.filter(Boolean)).toHaveLength(1);
        expect(await store.records.get("digests", "same")).toBe(String(results.indexOf(true)));
      });
    });
  });
}
