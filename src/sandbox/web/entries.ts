/**
 * What the page shows, one entry per thing said in a chat: a message typed on the page, or a card,
 * text or file the bot sent or changed (the emulator's /_emulator/sent log), its card already drawn
 * as HTML. Entries are numbered in the order they happened, so a page that reconnects asks for the
 * ones after the last it applied.
 */
import type { SentEntry, UploadedFileInfo } from "../console/emulator.js";
import { cardToHtml } from "./card-html/index.js";

interface Base {
  seq: number;
  messageId: string;
  chatId: string;
  at: number;
}

export type Entry =
  | (Base & { type: "typed"; text: string; sender: { openId: string; name: string } })
  | (Base & { type: "card"; update: boolean; html: string; replyTo?: string; origin: "reply" | "posted" })
  | (Base & { type: "text"; text: string; replyTo?: string })
  | (Base & { type: "file"; fileName: string; sheets?: number; rows?: number; replyTo?: string });

/** An entry before it has its place in the feed. */
export type Unnumbered = WithoutSeq<Entry>;
type WithoutSeq<E> = E extends Entry ? Omit<E, "seq"> : never;

/** The kinds of log entry that change a card already in the chat rather than add one. */
const CHANGES = new Set(["patch", "card_update", "callback_card"]);

export interface EntrySources {
  names: ReadonlyMap<string, string>;
  /** The tenant's time zone, for dates on cards. */
  timeZone?: string;
  /** What an uploaded file holds, for a file message's line; undefined when the emulator does not know it. */
  file: (fileKey: string) => Promise<UploadedFileInfo | undefined>;
}

/** `at` is the time to show when the log does not say when the bot sent it. */
export async function entryOf(sent: SentEntry, sources: EntrySources, at: number): Promise<Unnumbered> {
  const base = { messageId: sent.messageId, chatId: sent.chatId, at: sent.at ?? at, ...(sent.parentId !== undefined ? { replyTo: sent.parentId } : {}) };
  const content = parseContent(sent.content);
  if (sent.msgType === "interactive") {
    return {
      ...base,
      type: "card",
      update: CHANGES.has(sent.kind),
      origin: sent.kind === "create" ? "posted" : "reply",
      html: cardToHtml(sent.card ?? content, { names: sources.names, ...(sources.timeZone ? { timeZone: sources.timeZone } : {}) }),
    };
  }
  if (sent.msgType === "file") {
    const fileKey = (content as { file_key?: unknown } | undefined)?.file_key;
    const info = typeof fileKey === "string" ? await sources.file(fileKey).catch(() => undefined) : undefined;
    const sheets = info?.workbook?.sheets;
    return {
      ...base,
      type: "file",
      fileName: info?.fileName ?? String(fileKey ?? "file"),
      ...(sheets ? { sheets: sheets.length, rows: sheets.reduce((n, sheet) => n + Math.max(0, sheet.rows.length - 1), 0) } : {}),
    };
  }
  const text = (content as { text?: unknown } | undefined)?.text;
  return { ...base, type: "text", text: typeof text === "string" ? text : sent.content };
}

/** A message's content JSON; undefined when it is not JSON. */
export function parseContent(content: string): unknown {
  try {
    return JSON.parse(content) as unknown;
  } catch {
    return undefined;
  }
}
