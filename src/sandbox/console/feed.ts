/**
 * Everything the bot sends or changes, printed in the order the emulator saw it: a reply, a digest,
 * a reply in a card's thread, a card patched or replaced by a click. The console waits on the feed
 * for the answer it expects; whatever else arrives meanwhile is printed too, under its own number.
 */
import type { TextOptions } from "../../cards/text.js";
import { cardBlock, type CardBook } from "./cards.js";
import type { EmulatorControl, SentEntry } from "./emulator.js";

export interface FeedOptions {
  control: Pick<EmulatorControl, "sent" | "file">;
  book: CardBook;
  write: (text: string) => void;
  /** How a chat is named on a card's label line. */
  chatLabel: (chatId: string) => string;
  /** What was typed, by the message id it was delivered as, to say what a reply answers. */
  typed: ReadonlyMap<string, string>;
  text: TextOptions;
}

const CHANGES = new Set(["patch", "card_update", "callback_card"]);

/** What waiting needs of an entry printed; its card is not kept, so a long session stays small. */
export type Seen = Pick<SentEntry, "kind" | "messageId" | "chatId" | "parentId">;

export class Feed {
  private seen: number | undefined;
  private readonly log: Seen[] = [];
  private inFlight: Promise<void> | undefined;

  constructor(private readonly options: FeedOptions) {}

  /** Reads the emulator's log and prints what is new; one read at a time. The first read only marks where the console started. */
  poll(): Promise<void> {
    this.inFlight ??= this.read().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  /** A position in the feed: entries printed after it are what followed an action taken now. */
  async mark(): Promise<number> {
    await this.poll();
    return this.log.length;
  }

  /** Polls until an entry after `since` matches, or `timeoutMs` passes. */
  async until(since: number, match: (entry: Seen) => boolean, timeoutMs: number): Promise<Seen | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.poll();
      const found = this.log.slice(since).find(match);
      if (found || Date.now() >= deadline) return found;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  private async read(): Promise<void> {
    const entries = await this.options.control.sent();
    // A reset emulator starts its log again.
    if (this.seen !== undefined && entries.length < this.seen) this.seen = 0;
    const fresh = this.seen === undefined ? [] : entries.slice(this.seen);
    this.seen = entries.length;
    for (const entry of fresh) {
      this.log.push({ kind: entry.kind, messageId: entry.messageId, chatId: entry.chatId, ...(entry.parentId !== undefined ? { parentId: entry.parentId } : {}) });
      if (entry.msgType === "file") await this.printFile(entry);
      else this.print(entry);
    }
  }

  private print(entry: SentEntry): void {
    const { book, write, chatLabel, text } = this.options;
    const chat = chatLabel(entry.chatId);
    if (entry.msgType !== "interactive") {
      write(`\n[message · ${chat}] ${messageText(entry.content)}`);
      return;
    }
    const card = entry.card ?? safeParse(entry.content);
    const numbered = book.show(entry.messageId, entry.chatId, card);
    const how = CHANGES.has(entry.kind) ? "updated" : this.origin(entry);
    write(`\n${cardBlock(`[card ${numbered.number} · ${chat} · ${how}]`, numbered, card, text)}`);
  }

  /** A file message as one line: `[file 会议列表 ….xlsx · 2 sheets · 57 rows · chat · where]`, rows below each sheet's header. */
  private async printFile(entry: SentEntry): Promise<void> {
    const fileKey = (safeParse(entry.content) as { file_key?: unknown }).file_key;
    const info = typeof fileKey === "string" ? await this.options.control.file?.(fileKey).catch(() => undefined) : undefined;
    const sheets = info?.workbook?.sheets;
    const parts = [
      `file ${info?.fileName ?? String(fileKey)}`,
      ...(sheets
        ? [`${sheets.length} ${sheets.length === 1 ? "sheet" : "sheets"}`, `${sheets.reduce((n, s) => n + Math.max(0, s.rows.length - 1), 0)} rows`]
        : []),
      this.options.chatLabel(entry.chatId),
      this.origin(entry),
    ];
    this.options.write(`\n[${parts.join(" · ")}]`);
  }

  private origin(entry: SentEntry): string {
    if (entry.kind === "create") return "posted by the bot";
    const parent = entry.parentId;
    if (parent === undefined) return "reply";
    const typed = this.options.typed.get(parent);
    if (typed !== undefined) return `reply to "${typed}"`;
    const card = this.options.book.byMessageId(parent);
    return card ? `in the thread of card ${card.number}` : "reply";
  }
}

function messageText(content: string): string {
  const parsed = safeParse(content);
  return typeof parsed === "object" && parsed !== null && typeof (parsed as { text?: unknown }).text === "string" ? (parsed as { text: string }).text : content;
}

function safeParse(content: string): unknown {
  try {
    return JSON.parse(content);
  } catch {
    return { text: content };
  }
}
