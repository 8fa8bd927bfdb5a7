/** The waiting rate limiter, on a fake clock: order, windows, per-key lanes, pauses, deadlines. */
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { RateLimitWaitError, RateLimiter, type LaneRequest, type RateWindow } from "../../src/feishu/rate-limiter.js";

const T0 = Date.parse("2024-06-12T07:00:00Z");

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(T0);
});
afterEach(() => {
  vi.useRealTimers();
});

/** No safety margin, so the expected times are the windows' own. */
const exact = () => new RateLimiter({ minMarginMs: 0, marginRatio: 0 });
const lane = (bucket: string, ...windows: RateWindow[]): LaneRequest => ({ bucket, windows });
const perSecond = (max: number): RateWindow => ({ max, windowMs: 1000 });

/** Starts acquire() now and records when (ms after T0) it was granted, or how it failed. */
function track(limiter: RateLimiter, lanes: LaneRequest[], deadlineAfterMs = 60_000) {
  const outcome: { at?: number; error?: unknown } = {};
  const done = limiter.acquire(lanes, Date.now() + deadlineAfterMs).then(
    () => {
      outcome.at = Date.now() - T0;
    },
    (error: unknown) => {
      outcome.error = error;
    },
  );
  return Object.assign(outcome, { done });
}

describe("RateLimiter", () => {
  it("grants at once while there is room, then queues callers first in, first out", async () => {
    const limiter = exact();
    const order: number[] = [];
    const calls = [0, 1, 2, 3, 4].map((i) => {
      const t = track(limiter, [lane("b", perSecond(2))]);
      void t.done.then(() => order.push(i));
      return t;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.map((c) => c.at)).toEqual([0, 0, undefined, undefined, undefined]);
    await vi.advanceTimersByTimeAsync(3000);
    expect(calls.map((c) => c.at)).toEqual([0, 0, 1000, 1000, 2000]);
    expect(order).toEqual([0, 1, 2, 3, 4]);
  });

  it("honours a per-second and a per-minute window together", async () => {
    const limiter = exact();
    const windows = [perSecond(2), { max: 3, windowMs: 10_000 }];
    const calls = [0, 1, 2, 3, 4].map(() => track(limiter, [lane("b", ...windows)]));
    await vi.advanceTimersByTimeAsync(30_000);
    // Two in the first second, the third a second later, then the 10-second window is full.
    expect(calls.map((c) => c.at)).toEqual([0, 0, 1000, 10_000, 10_000]);
  });

  it("keeps a safety margin on every window", async () => {
    const limiter = new RateLimiter();
    const second = [0, 1].map(() => track(limiter, [lane("s", perSecond(1))]));
    const minute = [0, 1].map(() => track(limiter, [lane("m", { max: 1, windowMs: 60_000 })], 120_000));
    await vi.advanceTimersByTimeAsync(61_000);
    expect(second.map((c) => c.at)).toEqual([0, 1025]);
    expect(minute.map((c) => c.at)).toEqual([0, 60_600]);
  });

  it("counts per-key lanes separately, so one busy chat never holds back another", async () => {
    const limiter = exact();
    const send = lane("send", perSecond(10));
    const chat = (id: string) => lane(`chat|${id}`, perSecond(1));
    const a1 = track(limiter, [chat("a"), send]);
    const a2 = track(limiter, [chat("a"), send]);
    const b1 = track(limiter, [chat("b"), send]);
    await vi.advanceTimersByTimeAsync(0);
    expect([a1.at, a2.at, b1.at]).toEqual([0, undefined, 0]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(a2.at).toBe(1000);
  });

  it("still counts every keyed call against the shared lane", async () => {
    const limiter = exact();
    const send = lane("send", perSecond(2));
    const calls = ["a", "b", "c"].map((id) => track(limiter, [lane(`chat|${id}`, perSecond(5)), send]));
    await vi.advanceTimersByTimeAsync(2000);
    expect(calls.map((c) => c.at)).toEqual([0, 0, 1000]);
  });

  it("holds a paused bucket's calls until the pause ends", async () => {
    const limiter = exact();
    const b = lane("b", perSecond(10));
    await limiter.acquire([b], Date.now() + 1000);
    limiter.pause("b", Date.now() + 3000);
    const calls = [0, 1, 2].map(() => track(limiter, [b], 5000));
    await vi.advanceTimersByTimeAsync(2999);
    expect(calls.map((c) => c.at)).toEqual([undefined, undefined, undefined]);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls.map((c) => c.at)).toEqual([3000, 3000, 3000]);
  });

  it("tells a waiter at once when a pause outlasts its deadline", async () => {
    const limiter = exact();
    const b = lane("b", perSecond(1));
    await limiter.acquire([b], Date.now() + 1000);
    const waiting = track(limiter, [b], 2000);
    await vi.advanceTimersByTimeAsync(100);
    limiter.pause("b", Date.now() + 10_000);
    await vi.advanceTimersByTimeAsync(0);
    expect(waiting.error).toBeInstanceOf(RateLimitWaitError);
    expect((waiting.error as RateLimitWaitError).waitMs).toBeGreaterThan(9000);
  });

  it("refuses at once a call whose slot would come after its deadline, without waiting", async () => {
    const limiter = exact();
    const b = lane("b", perSecond(1));
    const calls = [0, 1, 2, 3, 4].map(() => track(limiter, [b], 2500));
    await vi.advanceTimersByTimeAsync(0);
    // Slots at 0, 1000 and 2000 fit the deadline; the fourth and fifth are told straight away.
    expect(calls[3]!.error).toBeInstanceOf(RateLimitWaitError);
    expect(calls[4]!.error).toBeInstanceOf(RateLimitWaitError);
    expect((calls[3]!.error as RateLimitWaitError).waitMs).toBe(3000);
    await vi.advanceTimersByTimeAsync(3000);
    expect(calls.slice(0, 3).map((c) => c.at)).toEqual([0, 1000, 2000]);
  });

  it("gives up on a waiter when its deadline passes in the queue", async () => {
    const limiter = exact();
    const send = lane("send", perSecond(1));
    // The keyed lane looks free, so the call is admitted; the shared lane then keeps it past the deadline.
    await limiter.acquire([send], Date.now() + 1000);
    limiter.pause("send", Date.now() + 5000);
    const late = track(limiter, [lane("chat|a", perSecond(5)), send], 1500);
    await vi.advanceTimersByTimeAsync(1500);
    expect(late.error).toBeInstanceOf(RateLimitWaitError);
    expect(limiter.waiting()).toEqual({});
  });

  it("waits on timers, not by polling", async () => {
    const limiter = exact();
    const b = lane("b", { max: 1, windowMs: 60_000 });
    const calls = Array.from({ length: 50 }, () => track(limiter, [b], 3_600_000));
    await vi.advanceTimersByTimeAsync(0);
    // One expiry timer per waiter and one wake-up for the bucket: nothing ticking in between.
    expect(vi.getTimerCount()).toBeLessThanOrEqual(50);
    await vi.advanceTimersByTimeAsync(59_999);
    expect(calls.filter((c) => c.at !== undefined)).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls.filter((c) => c.at !== undefined)).toHaveLength(2);
  });

  it("never lets more than `max` calls into any span of a window", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ max: fc.integer({ min: 1, max: 5 }), windowMs: fc.integer({ min: 50, max: 2000 }) }), {
          minLength: 1,
          maxLength: 2,
        }),
        fc.array(fc.integer({ min: 0, max: 3000 }), { minLength: 1, maxLength: 30 }),
        async (windows, arrivals) => {
          const limiter = exact();
          const start = Date.now();
          const grants: number[] = [];
          const pending = arrivals.map(
            (offset) =>
              new Promise<void>((resolve) => {
                setTimeout(() => {
                  void limiter.acquire([lane("b", ...windows)], Date.now() + 10_000_000).then(() => {
                    grants.push(Date.now() - start);
                    resolve();
                  });
                }, offset);
              }),
          );
          await vi.advanceTimersByTimeAsync(200_000);
          await Promise.all(pending);
          expect(grants).toHaveLength(arrivals.length);
          for (const w of windows) {
            for (const t of grants) {
              expect(grants.filter((g) => g > t - w.windowMs && g <= t).length).toBeLessThanOrEqual(w.max);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
