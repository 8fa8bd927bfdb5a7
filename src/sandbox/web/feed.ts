/**
 * The web console's feed: every entry since the sandbox started, numbered, and the pages listening.
 * While a page listens it reads what is new in the emulator's log of what the bot sent (only the
 * new part: `?since=`), draws it, keeps it and sends it on, so a digest posted while nobody looked
 * is there when a page opens, and one posted while a page is open arrives at once.
 */
import type { EmulatorControl } from "../console/emulator.js";
import { entryOf, type Entry, type EntrySources, type Unnumbered } from "./entries.js";

export type Listener = (entry: Entry) => void;

export interface FeedOptions {
  control: Pick<EmulatorControl, "sentSince">;
  sources: () => Promise<EntrySources>;
  /** How often the emulator's log is read while a page listens. */
  pollMs?: number;
  /** How many entries are kept for pages that open later (oldest dropped first). */
  keep?: number;
  now?: () => number;
}

export class ConsoleFeed {
  private readonly entries: Entry[] = [];
  private readonly listeners = new Set<Listener>();
  private nextSeq = 1;
  private read = 0;
  private timer: NodeJS.Timeout | undefined;
  private reading: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly options: FeedOptions) {}

  /** Adds an entry the page made itself (a typed message) and sends it to every listener. */
  add(entry: Unnumbered): Entry {
    const numbered = { ...entry, seq: this.nextSeq++ } as Entry;
    this.entries.push(numbered);
    const keep = this.options.keep ?? 2_000;
    if (this.entries.length > keep) this.entries.splice(0, this.entries.length - keep);
    for (const listener of this.listeners) listener(numbered);
    return numbered;
  }

  /**
   * Sends the kept entries after `afterSeq`, then each new one, until the returned function is
   * called. Reads the emulator's log first, so the history is current.
   */
  async listen(listener: Listener, afterSeq = 0): Promise<() => void> {
    await this.poll();
    for (const entry of this.entries) if (entry.seq > afterSeq) listener(entry);
    this.listeners.add(listener);
    this.timer ??= setInterval(() => void this.poll().catch(() => undefined), this.options.pollMs ?? 250);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = undefined;
      }
    };
  }

  /** Reads what the bot sent since the last read; one read at a time. */
  poll(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.reading ??= this.readNew().finally(() => (this.reading = undefined));
    return this.reading;
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.listeners.clear();
  }

  private async readNew(): Promise<void> {
    const { entries, total } = await this.options.control.sentSince(this.read);
    // A reset emulator starts its log again: read it from the start next time.
    if (total < this.read) {
      this.read = 0;
      return;
    }
    if (entries.length === 0) return;
    this.read += entries.length;
    const sources = await this.options.sources();
    const now = this.options.now ?? Date.now;
    for (const sent of entries) this.add(await entryOf(sent, sources, now()));
  }
}
