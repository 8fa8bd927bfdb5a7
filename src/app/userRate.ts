/**
 * The per-person command rate: `perMinute` commands in a minute, counted from that person's first
 * one. The first command over the limit is answered with a notice; the rest of the minute is
 * ignored, so a spammer costs at most one extra message per minute.
 */

export type RateDecision =
  | { kind: "ok" }
  /** Over the limit for the first time this window: tell them once, and when to come back. */
  | { kind: "notice"; retryAfterSeconds: number }
  | { kind: "ignore" };

export interface UserRateOptions {
  /** 0 turns the limit off. */
  perMinute: number;
  now?: () => number;
  windowMs?: number;
}

interface Window {
  start: number;
  count: number;
}

export interface UserRate {
  check(userId: string): RateDecision;
  /** People currently tracked (for tests and memory checks). */
  readonly size: number;
}

export function createUserRate(options: UserRateOptions): UserRate {
  const now = options.now ?? Date.now;
  const windowMs = options.windowMs ?? 60_000;
  const windows = new Map<string, Window>();
  let lastSweep = now();

  // Whoever has been quiet for a whole window is forgotten, so the map holds only recent askers.
  const sweep = (at: number) => {
    if (at - lastSweep < windowMs) return;
    lastSweep = at;
    for (const [user, window] of windows) if (at - window.start >= windowMs) windows.delete(user);
  };

  return {
    check(userId) {
      if (options.perMinute <= 0) return { kind: "ok" };
      const at = now();
      sweep(at);
      let window = windows.get(userId);
      if (!window || at - window.start >= windowMs) {
        window = { start: at, count: 0 };
        windows.set(userId, window);
      }
      window.count += 1;
      if (window.count <= options.perMinute) return { kind: "ok" };
      if (window.count === options.perMinute + 1) {
        return { kind: "notice", retryAfterSeconds: Math.max(1, Math.ceil((window.start + windowMs - at) / 1000)) };
      }
      return { kind: "ignore" };
    },
    get size() {
      return windows.size;
    },
  };
}
