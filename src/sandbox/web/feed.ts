/**
 * The web console's feed: every entry since the sandbox started, numbered, and the pages listening.
 * While a page listens it reads what is new in the emulator's log of what the bot sent (only the
 * new part: `?since=`), draws it, keeps it and sends it on, so a digest posted while nobody looked
 * is there when a page opens, and one posted while a page is open arrives at once.
 */
import type { EmulatorControl } from "../console/emulator.js";
import { callbackValues } from "./controls.js";
import { entryOf, parseContent, type Entry, type EntrySources, type Unnumbered } from "./entries.js";

export type Listener = (entry: Entry) => void;

/** A card the bot sent: the chat it is in and what on it can be clicked (its latest version). */
export interface CardControls {
  chatId: string;
  values: Set<string>;
}

export interface FeedOptions {
  control: Pick<EmulatorControl, "sentSince">;
  sources: () => Promise<EntrySources>;
  /** How often the emulator's log is read while a page listens. */
  pollMs?: number;
  /** How many entries are kept for pages that open later (oldest dropped first). */
  keep?: number;
  /** How many bytes of entries are kept, at most (the same). */
  keepBytes?: number;
  now?: () => number;
}

export class ConsoleFeed {
  private readonly entries: { entry: Entry; bytes: number }[] = [];
  private bytes = 0;
  private readonly cards = new Map<string, CardControls>();
  private generation: number | undefined;
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
    const bytes = JSON.stringify(numbered).length;
    this.entries.push({ entry: numbered, bytes });
    this.bytes += bytes;
    const keep = this.options.keep ?? 2_000;
    const keepBytes = this.options.keepBytes ?? 32 * 1024 * 1024;
    while (this.entries.length > 1 && (this.entries.length > keep || this.bytes > keepBytes)) this.bytes -= this.entries.shift()!.bytes;
    for (const listener of this.listeners) listener(numbered);
    return numbered;
  }

  /** What can be clicked on the card a message holds now; undefined for a message that is not a card the bot sent. */
  controls(messageId: string): CardControls | undefined {
    return this.cards.get(messageId);
  }

  /**
   * Sends the kept entries after `afterSeq`, then each new one, until the returned function is
   * called. Reads the emulator's log first, so the history is current.
   */
  async listen(listener: Listener, afterSeq = 0): Promise<() => void> {
    await this.poll();
    for (const { entry } of this.entries) if (entry.seq > afterSeq) listener(entry);
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

  /** A card's latest controls; the oldest cards are forgotten past `keep` (a minutely digest adds one a minute). */
  private remember(messageId: string, controls: CardControls): void {
    this.cards.delete(messageId);
    this.cards.set(messageId, controls);
    const keep = this.options.keep ?? 2_000;
    for (const oldest of this.cards.keys()) {
      if (this.cards.size <= keep) break;
      this.cards.delete(oldest);
    }
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.listeners.clear();
  }

  private async readNew(): Promise<void> {
    let page = await this.options.control.sentSince(this.read);
    // A reset emulator starts its log again (a new generation): read it from its start. Cards from
    // before the reset are gone from Feishu's side too, so nothing on them can be clicked.
    if ((this.generation !== undefined && page.generation !== this.generation) || page.total < this.read) {
      this.read = 0;
      this.cards.clear();
      page = await this.options.control.sentSince(0);
    }
    this.generation = page.generation;
    if (page.entries.length === 0) return;
    const sources = await this.options.sources();
    const now = this.options.now ?? Date.now;
    for (const sent of page.entries) {
      const entry = await entryOf(sent, sources, now());
      if (sent.msgType === "interactive") this.remember(sent.messageId, { chatId: sent.chatId, values: callbackValues(sent.card ?? parseContent(sent.content)) });
      this.add(entry);
      // Past this entry only once it is kept: a read that fails is read again next time.
      this.read++;
    }
  }
}
