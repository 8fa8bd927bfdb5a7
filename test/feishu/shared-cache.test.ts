/**
 * The shared (second) level of the query cache: what goes into the store and how it comes back.
 * Normalised values round-trip (Dates, absent fields, passwords); a password is sealed, never in
 * clear; only long-lived answers are shared; a failing or foreign store costs a fetch, not an error.
 */
import { describe, expect, it } from "vitest";
import { QueryCache } from "../../src/feishu/cache.js";
import { TTL_SECONDS } from "../../src/feishu/cache-policy.js";
import { SharedCache } from "../../src/feishu/shared-cache.js";
import { Sensitive, type MeetingDetail } from "../../src/feishu/types.js";
import { MemoryStore, type Store } from "../../src/store/index.js";
import { failingStore, TapStore } from "./helpers/shared-stores.js";

const SECRET = "app-secret-of-the-bot";
const PASSWORD = "731946";

function meeting(overrides: Partial<MeetingDetail> = {}): MeetingDetail {
  return {
    id: "6911188411934433028",
    topic: "Quarterly review <at id=all></at>",
    url: "https://vc.feishu.cn/j/337736498",
    meetingNo: "337736498",
    password: new Sensitive(PASSWORD),
    createTime: new Date("2024-06-10T01:59:00Z"),
    startTime: new Date("2024-06-10T02:00:00Z"),
    endTime: new Date("2024-06-10T03:00:00Z"),
    host: { id: "ou_host", userType: "lark" },
    status: "ended",
    participantCountPeak: 3,
    participantCountAccumulated: 4,
    participants: [
      {
        id: "ou_a",
        userType: "lark",
        firstJoinTime: new Date("2024-06-10T02:00:05Z"),
        finalLeaveTime: undefined,
        inMeetingSeconds: 3595,
        isHost: true,
        isCohost: false,
        isExternal: false,
        status: "left",
      },
    ],
    ability: undefined,
    ...overrides,
  };
}

/** A shared level on `store`; `secret` null for none. */
function shared(store: Store, secret: string | null = SECRET, extra: Partial<ConstructorParameters<typeof SharedCache>[0]> = {}) {
  const errors: unknown[] = [];
  const cache = new SharedCache({ store, keyPrefix: "t:cache:", secret: secret ?? undefined, onError: (e) => errors.push(e), ...extra });
  return Object.assign(cache, { errors });
}

const HOUR_MS = 3_600_000;

describe("SharedCache", () => {
  it("gives back what was put: Dates as Dates, absent fields absent, the password readable", async () => {
    const store = new MemoryStore();
    const value = meeting();
    expect(await shared(store).set("meeting_get|{id}", value, HOUR_MS)).toBe(true);
    const hit = await shared(store).get("meeting_get|{id}");
    expect(hit).toBeDefined();
    const back = hit!.value as MeetingDetail;
    expect(back).toEqual(value);
    expect(back.startTime).toBeInstanceOf(Date);
    expect(back.participants![0]!.firstJoinTime).toBeInstanceOf(Date);
    expect(Object.keys(back)).toEqual(Object.keys(value));
    expect(back.password).toBeInstanceOf(Sensitive);
    expect(back.password!.reveal()).toBe(PASSWORD);
    expect(hit!.ttlMs).toBeGreaterThan(HOUR_MS - 1_000);
    expect(hit!.ttlMs).toBeLessThanOrEqual(HOUR_MS);
  });

  it("keeps odd values exactly: NaN, Infinity, null, nested arrays, user-written text that looks like a tag", async () => {
    const store = new MemoryStore();
    const value = { a: [NaN, Infinity, -Infinity, null, [1, ["d", 5]]], s: '["s","x","y","z"]', o: { "": undefined } };
    await shared(store).set("k", value, HOUR_MS);
    expect((await shared(store).get("k"))!.value).toEqual(value);
  });

  it("never writes a password in clear: it is sealed under a key from the secret", async () => {
    const tap = new TapStore(new MemoryStore());
    await shared(tap).set("meeting_get|{id}", meeting(), HOUR_MS);
    const [text] = [...tap.written.values()];
    expect(text).toBeDefined();
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain("[sensitive]");
    // Sealed with a fresh IV each time: the same password never looks the same twice.
    await shared(tap).set("meeting_get|{id2}", meeting(), HOUR_MS);
    const sealed = [...tap.written.values()].map((t) => JSON.stringify(JSON.parse(t).d[1].password));
    expect(sealed[0]).not.toEqual(sealed[1]);
  });

  it("without a secret, shares answers that hold no password and keeps the others out of the store", async () => {
    const tap = new TapStore(new MemoryStore());
    const cache = shared(tap, null);
    expect(await cache.set("with", meeting(), HOUR_MS)).toBe(false);
    expect(await cache.set("without", meeting({ password: undefined }), HOUR_MS)).toBe(true);
    expect([...tap.written.values()].join("")).not.toContain(PASSWORD);
    expect(await cache.get("with")).toBeUndefined();
    expect(((await cache.get("without"))!.value as MeetingDetail).topic).toBe(meeting().topic);
  });

  it("a sealed password does not open under another secret, nor moved to another entry", async () => {
    const tap = new TapStore(new MemoryStore());
    await shared(tap).set("meeting_get|{id}", meeting(), HOUR_MS);
    const rotated = shared(tap, "a-new-app-secret");
    expect(await rotated.get("meeting_get|{id}")).toBeUndefined();
    expect(rotated.errors).toHaveLength(1);
    // The entry copied under another key, and its own key rewritten to match: the seal is bound to the key.
    const [[storeKey, text]] = [...tap.written.entries()] as [[string, string]];
    const other = shared(tap);
    await other.set("meeting_get|{other}", { placeholder: true }, HOUR_MS);
    const otherKey = [...tap.written.keys()].find((k) => k !== storeKey)!;
    const moved = JSON.parse(text) as { k: string };
    moved.k = "meeting_get|{other}";
    await tap.set(otherKey, JSON.stringify(moved), HOUR_MS);
    expect(await other.get("meeting_get|{other}")).toBeUndefined();
    expect(other.errors).toHaveLength(1);
  });

  it("does not share what it cannot encode faithfully, nor what is too large", async () => {
    const store = new MemoryStore();
    const cache = shared(store, SECRET, { maxBytes: 2_000 });
    expect(await cache.set("map", { m: new Map() }, HOUR_MS)).toBe(false);
    expect(await cache.set("big", { text: "x".repeat(3_000) }, HOUR_MS)).toBe(false);
    expect(await cache.set("small", { text: "x".repeat(100) }, HOUR_MS)).toBe(true);
  });

  it("names entries by a digest of the query, and an entry past its expiry is a miss", async () => {
    const tap = new TapStore(new MemoryStore());
    let now = Date.now();
    const cache = shared(tap, SECRET, { now: () => now });
    await cache.set('meeting_list_by_no|{"meeting_no":"337736498"}', { items: [] }, 1_000);
    expect([...tap.written.keys()].join("")).not.toContain("337736498");
    expect(await cache.get('meeting_list_by_no|{"meeting_no":"337736498"}')).toBeDefined();
    now += 1_001;
    expect(await cache.get('meeting_list_by_no|{"meeting_no":"337736498"}')).toBeUndefined();
  });
});

describe("QueryCache with a shared level", () => {
  const settled = () => TTL_SECONDS.settled;
  const live = () => TTL_SECONDS.live;

  it("a settled answer loaded by one replica is served to another from the store", async () => {
    const store = new MemoryStore();
    const one = new QueryCache({}, shared(store));
    const other = new QueryCache({}, shared(store));
    let loads = 0;
    const load = async () => (loads++, meeting());
    await one.through("meeting_get|x", load, settled);
    const got = await other.through("meeting_get|x", load, settled);
    expect(loads).toBe(1);
    expect(got.password!.reveal()).toBe(PASSWORD);
    expect(got.endTime).toEqual(meeting().endTime);
    // Then from its own memory: the store is not read again.
    const reads = { n: 0 };
    const counting = new TapStore(store);
    const original = counting.get.bind(counting);
    counting.get = (key: string) => (reads.n++, original(key));
    const third = new QueryCache({}, shared(counting));
    await third.through("meeting_get|x", load, settled);
    await third.through("meeting_get|x", load, settled);
    expect(reads.n).toBe(1);
    expect(loads).toBe(1);
  });

  it("an answer that can still change stays in the process that fetched it", async () => {
    const tap = new TapStore(new MemoryStore());
    const one = new QueryCache({}, shared(tap));
    const other = new QueryCache({}, shared(tap));
    let loads = 0;
    const load = async () => (loads++, { today: true });
    await one.through("report|today", load, live);
    await other.through("report|today", load, live);
    expect(loads).toBe(2);
    expect(tap.written.size).toBe(0);
  });

  it("a store that fails costs a fetch, not an error", async () => {
    const sharedLevel = shared(failingStore("store: SQLite: SQLITE_BUSY"));
    const cache = new QueryCache({}, sharedLevel);
    let loads = 0;
    expect(await cache.through("k", async () => (loads++, { v: 1 }), settled)).toEqual({ v: 1 });
    expect(loads).toBe(1);
    expect(sharedLevel.errors.map((e) => (e as Error).name)).toEqual(["StoreError", "StoreError"]);
  });

  it("with the cache turned off, nothing is shared either", async () => {
    const tap = new TapStore(new MemoryStore());
    const cache = new QueryCache({ enabled: false }, shared(tap));
    let loads = 0;
    await cache.through("k", async () => (loads++, { v: 1 }), settled);
    await cache.through("k", async () => (loads++, { v: 1 }), settled);
    expect(loads).toBe(2);
    expect(tap.written.size).toBe(0);
  });
});
