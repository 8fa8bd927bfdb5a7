import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createProgressPatches } from "../../../src/app/respond/progress.js";
import type { View } from "../../../src/commands/types.js";

/** Views made, by step: a view overtaken before its turn is never made. */
let made: number[] = [];
const view = (n: number) => (): View => {
  made.push(n);
  return { kind: "error", title: `step ${n}`, message: "" };
};
const titles = (sent: View[]) => sent.map((v) => (v.kind === "error" ? v.title : v.kind));

describe("progress patches", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    made = [];
  });
  afterEach(() => vi.useRealTimers());

  it("sends at most one patch per interval, the newest view winning, counting from the first card", async () => {
    const sent: View[] = [];
    const patches = createProgressPatches(async (v) => void sent.push(v), { intervalMs: 1500, now: Date.now });
    patches.push(view(1));
    patches.push(view(2));
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(1500);
    expect(titles(sent)).toEqual(["step 2"]);
    patches.push(view(3));
    patches.push(view(4));
    await vi.advanceTimersByTimeAsync(1000);
    expect(titles(sent)).toEqual(["step 2"]);
    await vi.advanceTimersByTimeAsync(500);
    expect(titles(sent)).toEqual(["step 2", "step 4"]);
    expect(made).toEqual([2, 4]);
  });

  it("sends nothing after close, and close waits for the patch in flight", async () => {
    const sent: string[] = [];
    let finish!: () => void;
    const patches = createProgressPatches(
      (v) => {
        sent.push(titles([v])[0]!);
        return new Promise<void>((resolve) => (finish = resolve));
      },
      { intervalMs: 1500, now: Date.now },
    );
    patches.push(view(1));
    await vi.advanceTimersByTimeAsync(1500);
    patches.push(view(2));
    let closed = false;
    const closing = patches.close().then(() => (closed = true));
    await vi.advanceTimersByTimeAsync(10);
    expect(closed).toBe(false);
    finish();
    await closing;
    patches.push(view(3));
    await vi.advanceTimersByTimeAsync(5000);
    expect(sent).toEqual(["step 1"]);
  });

  it("keeps going after a failed patch", async () => {
    const errors: unknown[] = [];
    const sent: View[] = [];
    let fail = true;
    const patches = createProgressPatches(
      async (v) => {
        if (fail) {
          fail = false;
          throw new Error("refused");
        }
        sent.push(v);
      },
      { intervalMs: 100, now: Date.now, onError: (e) => errors.push(e) },
    );
    patches.push(view(1));
    await vi.advanceTimersByTimeAsync(100);
    patches.push(view(2));
    await vi.advanceTimersByTimeAsync(100);
    expect(errors).toHaveLength(1);
    expect(titles(sent)).toEqual(["step 2"]);
  });
});
