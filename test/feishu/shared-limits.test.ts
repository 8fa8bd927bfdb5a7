/**
 * Rate budgets shared through the store (shared-limits.ts): two limiters, as two replicas, on one
 * store of each engine, on the real clock (slots expire by the store's own clock; Redis keeps its
 * own). Together they never grant more than a window allows, a pause from one holds the other, a
 * call spending several budgets takes all its slots or none, and a failing store leaves each
 * process to its own count.
 */
import { afterAll, describe, expect, it } from "vitest";
import { RateLimitWaitError, RateLimiter, type LaneRequest, type RateWindow } from "../../src/feishu/rate-limiter.js";
import { StoreSlots } from "../../src/feishu/shared-limits.js";
import { MemoryStore, StoreError, type Store } from "../../src/store/index.js";
import { failingStore, sharedEngines, TapStore, type SharedPlace } from "./helpers/shared-stores.js";

const { engines, close } = await sharedEngines();
afterAll(close);

const PREFIX = "t:rl:";

/** A limiter of one replica: no safety margin, so a window's span is the window itself. */
function replica(store: Store, onError?: (error: unknown) => void): RateLimiter {
  return new RateLimiter({
    minMarginMs: 0,
    marginRatio: 0,
    shared: new StoreSlots({ store, keyPrefix: PREFIX, ...(onError ? { onError } : {}) }),
  });
}

const lane = (bucket: string, ...windows: RateWindow[]): LaneRequest => ({ bucket, windows });

/** Starts `count` acquires at once and resolves with the time each was granted, sorted. */
async function grantTimes(limiter: RateLimiter, lanes: LaneRequest[], count: number, deadlineMs = 20_000): Promise<number[]> {
  const deadline = Date.now() + deadlineMs;
  return Promise.all(Array.from({ length: count }, () => limiter.acquire(lanes, deadline).then(() => Date.now())));
}

/**
 * Grants are timed when acquire() resolves, a slot's life began when the store wrote it: the time in
 * between (an fsync, a garbage collection, a busy machine) is allowed for. Without sharing, the
 * spans below are about 0 ms, far under any window minus this.
 */
const SLACK_MS = 150;

/** Grant times in ms from the first, for a failure's message. */
const relative = (times: number[]) => {
  const sorted = [...times].sort((x, y) => x - y);
  return sorted.map((t) => t - sorted[0]!).join(", ");
};

/** The shortest time spanned by `max + 1` consecutive grants: at least the window when no span of it held more than `max`. */
function tightestSpan(times: number[], max: number): number {
  const sorted = [...times].sort((x, y) => x - y);
  let tightest = Infinity;
  for (let i = 0; i + max < sorted.length; i++) tightest = Math.min(tightest, sorted[i + max]! - sorted[i]!);
  return tightest;
}

for (const engine of engines) {
  describe.skipIf(!engine.available)(`shared rate limits on ${engine.name}`, () => {
    async function withPlace(test: (place: SharedPlace) => Promise<void>): Promise<void> {
      const place = await engine.open();
      try {
        await test(place);
      } finally {
        await place.close();
      }
    }

    it("two replicas driven at twice a window's budget together grant no more than it allows", () =>
      withPlace(async ({ a, b }) => {
        const window = { max: 5, windowMs: 500 };
        const started = Date.now();
        const [ta, tb] = await Promise.all([
          grantTimes(replica(a), [lane("meeting_list_by_no", window)], 15),
          grantTimes(replica(b), [lane("meeting_list_by_no", window)], 15),
        ]);
        const all = [...ta, ...tb];
        // Each replica alone would grant 5 at once and 5 more a window later: without sharing, the
        // first 10 grants fall within a few ms of each other.
        expect(tightestSpan(all, window.max), `grants at ${relative(all)}`).toBeGreaterThanOrEqual(window.windowMs - SLACK_MS);
        // 30 grants at 5 a window: the last one five windows after the first, and not much later
        // (neither replica starves: each got its 15).
        const elapsed = Math.max(...all) - started;
        expect(elapsed).toBeGreaterThanOrEqual(5 * window.windowMs - SLACK_MS);
        expect(elapsed).toBeLessThan(5 * window.windowMs + 2_500);
      }));

    it("several windows of one budget are all honoured together (50/s and 1000/min, scaled down)", () =>
      withPlace(async ({ a, b }) => {
        const windows = [
          { max: 4, windowMs: 400 },
          { max: 6, windowMs: 1_500 },
        ];
        const [ta, tb] = await Promise.all([
          grantTimes(replica(a), [lane("meeting_get", ...windows)], 5),
          grantTimes(replica(b), [lane("meeting_get", ...windows)], 5),
        ]);
        const all = [...ta, ...tb].sort((x, y) => x - y);
        expect(tightestSpan(all, 4), `grants at ${relative(all)}`).toBeGreaterThanOrEqual(400 - SLACK_MS);
        expect(tightestSpan(all, 6), `grants at ${relative(all)}`).toBeGreaterThanOrEqual(1_500 - SLACK_MS);
      }));

    it("a pause one replica learned holds the other's calls until it ends", () =>
      withPlace(async ({ a, b }) => {
        const one = replica(a);
        const other = replica(b);
        const windows = [{ max: 50, windowMs: 1_000 }];
        // Both have used the bucket before the 429 (the other's local view knows nothing of it).
        await one.acquire([lane("push_overview", ...windows)], Date.now() + 1_000);
        await other.acquire([lane("push_overview", ...windows)], Date.now() + 1_000);
        const pausedAt = Date.now();
        await one.pauseEverywhere("push_overview", pausedAt + 400);
        const [granted] = await grantTimes(other, [lane("push_overview", ...windows)], 1);
        expect(granted! - pausedAt).toBeGreaterThanOrEqual(400 - 5);
        // Once it is over, calls go at once again.
        await other.acquire([lane("push_overview", ...windows)], Date.now() + 50);
        // A call whose deadline comes before the pause ends is refused at once, naming the wait.
        await one.pauseEverywhere("push_overview", Date.now() + 5_000);
        const late = await other.acquire([lane("push_overview", ...windows)], Date.now() + 1_000).catch((e: unknown) => e);
        expect(late).toBeInstanceOf(RateLimitWaitError);
        expect((late as RateLimitWaitError).waitMs).toBeGreaterThan(3_000);
      }));

    it("a call spending two budgets takes both slots or neither: a full chat does not spend the app's", () =>
      withPlace(async ({ a, b }) => {
        const perChat = { max: 1, windowMs: 10_000 };
        const app = { max: 2, windowMs: 10_000 };
        const send = (chat: string) => [lane(`send_per_chat|${chat}`, perChat), lane("send", app)];
        const one = replica(a);
        const other = replica(b);
        await one.acquire(send("oc_x"), Date.now() + 1_000);
        // oc_x is full: refused without spending the app's second slot...
        await expect(other.acquire(send("oc_x"), Date.now() + 300)).rejects.toBeInstanceOf(RateLimitWaitError);
        // ...which another chat then gets, and after that the app is full for everyone.
        await other.acquire(send("oc_y"), Date.now() + 1_000);
        await expect(one.acquire(send("oc_z"), Date.now() + 300)).rejects.toBeInstanceOf(RateLimitWaitError);
      }));

    it("a chat kept full by the other replica does not hold back this replica's cards to other chats", () =>
      withPlace(async ({ a, b }) => {
        const perChat = { max: 1, windowMs: 1_000 };
        const app = { max: 50, windowMs: 1_000 };
        const send = (chat: string) => [lane(`send_per_chat|${chat}`, perChat), lane("send", app)];
        await replica(a).acquire(send("oc_busy"), Date.now() + 1_000);
        const other = replica(b);
        const started = Date.now();
        // Queued first, for a chat full in the store: it waits for the chat...
        const busy = other.acquire(send("oc_busy"), Date.now() + 5_000).then(() => Date.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 20));
        // ...and a card to another chat, queued after it, goes at once.
        const quiet = await other.acquire(send("oc_quiet"), Date.now() + 5_000).then(() => Date.now() - started);
        expect(quiet).toBeLessThan(500);
        expect(await busy).toBeGreaterThanOrEqual(perChat.windowMs - SLACK_MS);
      }));

    it("names a keyed bucket in the store by a digest: no chat id or card token in a key", () =>
      withPlace(async ({ a, raw }) => {
        const token = "c-card-update-token-secret-0123456789";
        await replica(a).acquire([lane(`send_per_chat|${token}`, { max: 5, windowMs: 1_000 }), lane("send", { max: 50, windowMs: 1_000 })], Date.now() + 1_000);
        const keys = (await raw()).map(([key]) => key);
        expect(keys.some((k) => k.includes("send_per_chat|"))).toBe(true);
        expect(keys.some((k) => k.includes("send:"))).toBe(true);
        expect(keys.join("\n")).not.toContain(token);
      }));
  });
}

describe("shared rate limits when the store fails", () => {
  it("goes on with this process's own count, reports the failure, and leaves the store alone for a while", async () => {
    const errors: unknown[] = [];
    const store = new TapStore(failingStore());
    const limiter = replica(store, (e) => errors.push(e));
    const window = { max: 2, windowMs: 400 };
    const started = Date.now();
    const times = await grantTimes(limiter, [lane("room_list", window)], 3);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(StoreError);
    // Still limited: the third waited for the window, counted locally.
    expect(times[2]! - started).toBeGreaterThanOrEqual(window.windowMs - 5);
  });

  it("a replica that finds a window full waits for the slot the store says frees first, not longer", async () => {
    const store = new MemoryStore();
    const window = { max: 3, windowMs: 500 };
    const first = replica(store);
    const filled = Date.now();
    await grantTimes(first, [lane("reservation_list", window)], 3);
    const [granted] = await grantTimes(replica(store), [lane("reservation_list", window)], 1);
    expect(granted! - filled).toBeGreaterThanOrEqual(window.windowMs - 5);
    expect(granted! - filled).toBeLessThan(window.windowMs + 400);
  });
});
