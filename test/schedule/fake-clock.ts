import type { Timers } from "../../src/schedule/index.js";

/**
 * A clock and timers under the test's control: time moves only when the test advances it, and
 * timers fire in order as it passes their due time, each seeing `now()` equal to that time.
 */
export class FakeClock implements Timers {
  #now: number;
  #seq = 0;
  readonly #timers = new Map<number, { at: number; seq: number; callback: () => void }>();

  constructor(start: number | string) {
    this.#now = typeof start === "number" ? start : Date.parse(start);
  }

  readonly now = (): number => this.#now;

  setTimeout(callback: () => void, ms: number): unknown {
    const id = ++this.#seq;
    this.#timers.set(id, { at: this.#now + Math.max(0, ms), seq: id, callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.#timers.delete(handle as number);
  }

  /** Timers still waiting. */
  get pending(): number {
    return this.#timers.size;
  }

  /** Moves to `target` (ms or ISO text), firing every timer due on the way, in order. */
  advanceTo(target: number | string): void {
    const end = typeof target === "number" ? target : Date.parse(target);
    for (;;) {
      const due = [...this.#timers.entries()]
        .filter(([, timer]) => timer.at <= end)
        .sort(([, a], [, b]) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      const [id, timer] = due;
      this.#timers.delete(id);
      this.#now = Math.max(this.#now, timer.at);
      timer.callback();
    }
    this.#now = Math.max(this.#now, end);
  }

  advance(ms: number): void {
    this.advanceTo(this.#now + ms);
  }
}
