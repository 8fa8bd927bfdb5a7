/** Fixed-window counters on the emulator's clock, as Feishu's gateway counts per app and tenant. */
import type { RateWindow } from "../context.js";

export type Admission = { ok: true } | { ok: false; limit: number; resetSeconds: number };

export class RateLimiter {
  private readonly counters = new Map<string, { windowStart: number; count: number }>();

  constructor(private readonly now: () => number) {}

  /** Counts one call under `key` if every window has room; a refused call is not counted. */
  take(key: string, windows: readonly RateWindow[]): Admission {
    const nowMs = this.now();
    const states = windows.map((w) => {
      const windowStart = Math.floor(nowMs / w.windowMs) * w.windowMs;
      const id = `${key}|${w.windowMs}`;
      const counter = this.counters.get(id);
      const count = counter && counter.windowStart === windowStart ? counter.count : 0;
      return { w, id, windowStart, count };
    });
    const full = states.filter((s) => s.count >= s.w.max);
    if (full.length > 0) {
      const worst = full.reduce((a, b) => (b.windowStart + b.w.windowMs > a.windowStart + a.w.windowMs ? b : a));
      return {
        ok: false,
        limit: worst.w.max,
        resetSeconds: Math.max(1, Math.ceil((worst.windowStart + worst.w.windowMs - nowMs) / 1000)),
      };
    }
    for (const s of states) this.counters.set(s.id, { windowStart: s.windowStart, count: s.count + 1 });
    return { ok: true };
  }

  reset(): void {
    this.counters.clear();
  }
}
