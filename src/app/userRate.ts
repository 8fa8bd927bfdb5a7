/**
 * The per-person rate: `perMinute` commands in a minute, counted from that person's first one. The
 * first command over the limit is answered with a notice; the rest of the minute is ignored, so a
 * spammer costs at most one extra message per minute.
 *
 * Turning the pages of a card already answered is not a new command: it is counted apart, with
 * PAGE_TURNS_PER_COMMAND times the allowance. The limit is there to keep one person from spending
 * Feishu's per-app budgets, and a page turn spends little of them (a /rooms day or a participant
 * list is paged from what the first answer fetched, which the gateway keeps; a /meeting page costs
 * a list call or two), so reading a long card is never stopped while a flood of clicks stays bounded.
 */

export type RateDecision =
  | { kind: "ok" }
  /** Over the limit for the first time this window: tell them once, and when to come back. */
  | { kind: "notice"; retryAfterSeconds: number }
  | { kind: "ignore" };

/** What a turn is charged as: a new command (typed, or a button that opens something), or a page turn. */
export type RateCharge = "command" | "page";

/** Page turns a person may make in a minute for each command they may send: 60 against the default 10. */
export const PAGE_TURNS_PER_COMMAND = 6;

export interface UserRateOptions {
  /** Commands a minute; 0 turns the limit off (page turns included). */
  perMinute: number;
  now?: () => number;
  windowMs?: number;
}

export interface UserRate {
  check(userId: string, charge?: RateCharge): RateDecision;
  /** Allowances currently tracked, a person's commands and page turns each one (for tests and memory checks). */
  readonly size: number;
}

export function createUserRate(options: UserRateOptions): UserRate {
  const now = options.now ?? Date.now;
  const windowMs = options.windowMs ?? 60_000;
  const allowances: Record<RateCharge, Allowance> = {
    command: createAllowance(options.perMinute, windowMs),
    page: createAllowance(options.perMinute * PAGE_TURNS_PER_COMMAND, windowMs),
  };
  return {
    check(userId, charge = "command") {
      if (options.perMinute <= 0) return { kind: "ok" };
      return allowances[charge].check(userId, now());
    },
    get size() {
      return allowances.command.size + allowances.page.size;
    },
  };
}

interface Window {
  start: number;
  count: number;
}

interface Allowance {
  check(userId: string, at: number): RateDecision;
  readonly size: number;
}

function createAllowance(limit: number, windowMs: number): Allowance {
  const windows = new Map<string, Window>();
  let lastSweep: number | undefined;

  // Whoever has been quiet for a whole window is forgotten, so the map holds only recent askers.
  const sweep = (at: number) => {
    if (lastSweep !== undefined && at - lastSweep < windowMs) return;
    lastSweep = at;
    for (const [user, window] of windows) if (at - window.start >= windowMs) windows.delete(user);
  };

  return {
    check(userId, at) {
      sweep(at);
      let window = windows.get(userId);
      if (!window || at - window.start >= windowMs) {
        window = { start: at, count: 0 };
        windows.set(userId, window);
      }
      window.count += 1;
      if (window.count <= limit) return { kind: "ok" };
      if (window.count === limit + 1) {
        return { kind: "notice", retryAfterSeconds: Math.max(1, Math.ceil((window.start + windowMs - at) / 1000)) };
      }
      return { kind: "ignore" };
    },
    get size() {
      return windows.size;
    },
  };
}
