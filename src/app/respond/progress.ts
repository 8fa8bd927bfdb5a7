/**
 * Intermediate views of an answer that is still being made ("已加载 12/30 天"), sent as patches of
 * the card already out. At most one patch per interval, the newest view winning (a view skipped in
 * between is stale anyway), one patch in flight at a time so they arrive in order, and nothing after
 * `close`: the final view waits for the patch in flight, so a progress card never lands over it.
 */
import type { View } from "../../commands/types.js";

/** Feishu allows 5 patches a second per message; a person reads one change every second or two. */
export const PROGRESS_INTERVAL_MS = 1_500;

export interface ProgressPatches {
  /**
   * A newer intermediate view, made when it is sent (a view can take a while to make, and most are
   * overtaken by newer ones): sent now if the interval allows, else when it does (unless a newer one comes first).
   */
  push(view: () => View): void;
  /** No more patches: a waiting view is dropped and the one in flight, if any, awaited. */
  close(): Promise<void>;
}

export interface ProgressOptions {
  intervalMs?: number;
  now?: () => number;
  /** A failed patch is logged and forgotten: progress is a courtesy, the final view still comes. */
  onError?: (error: unknown) => void;
}

/** `send` patches the card with a view; the interval is counted from creation (the first view just went out). */
export function createProgressPatches(send: (view: View) => Promise<void>, opts: ProgressOptions = {}): ProgressPatches {
  const intervalMs = opts.intervalMs ?? PROGRESS_INTERVAL_MS;
  const now = opts.now ?? Date.now;
  let lastSent = now();
  let waiting: (() => View) | undefined;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;
  let closed = false;

  function flush(): void {
    timer = undefined;
    if (waiting === undefined || inFlight) return;
    const wait = lastSent + intervalMs - now();
    if (wait > 0) {
      timer = setTimeout(flush, wait);
      return;
    }
    const view = waiting;
    waiting = undefined;
    lastSent = now();
    inFlight = Promise.resolve()
      .then(() => send(view()))
      .catch((error: unknown) => opts.onError?.(error))
      .finally(() => {
        inFlight = undefined;
        // A view that came while this one was out goes next, at its time.
        if (waiting !== undefined && timer === undefined) flush();
      });
  }

  return {
    push(view) {
      if (closed) return;
      waiting = view;
      if (timer === undefined) flush();
    },
    async close() {
      closed = true;
      waiting = undefined;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      await inFlight;
    },
  };
}
