/** The shapes the messaging half keeps and shows: chat messages, the sent log, callback outcomes. */
import type { RequestHandler, Router } from "express";
import type { UploadedFile } from "./files.js";

/** One message in a chat, as the emulator holds it (user messages pushed in, bot messages sent). */
export interface ChatMessage {
  messageId: string;
  chatId: string;
  chatType?: "group" | "p2p";
  sender: { type: "user" | "app"; id: string };
  msgType: string;
  /** The content JSON string, as currently shown (a patched card shows its latest version). */
  content: string;
  /** The parsed card, for interactive messages. */
  card?: unknown;
  /** For a file message: the file it names, as uploaded. */
  file?: { fileKey: string; fileName: string };
  parentId?: string;
  rootId?: string;
  threadId?: string;
  /** ms since the epoch. */
  createTime: number;
  updateTime: number;
}

/** A chat as the emulator knows it. */
export interface ChatRecord {
  chatId: string;
  type: "group" | "p2p";
  /** False for a group the bot was taken out of (or never in), e.g. one a card was forwarded into. */
  botIsMember: boolean;
  /** People who wrote in it (a direct chat has its one person). */
  userCount: number;
}

export type SentKind = "reply" | "create" | "patch" | "card_update" | "callback_card";

/** One thing the bot sent or changed, in the order it happened. */
export interface SentMessage {
  kind: SentKind;
  messageId: string;
  chatId: string;
  parentId?: string;
  /** The thread a reply went into: one sent with `reply_in_thread`, or a reply to a message already in a thread. */
  threadId?: string;
  msgType: string;
  content: string;
  card?: unknown;
  uuid?: string;
  at: number;
}

export interface Toast {
  type?: string;
  content?: string;
  i18n?: Record<string, string>;
}

/** What the bot's HTTP answer to a card callback was, as the emulator received it. */
export interface CallbackAnswerInput {
  token: string;
  messageId: string;
  operatorOpenId?: string;
  status: number;
  body: string;
  /** True when no answer came within Feishu's 3 seconds. */
  timedOut?: boolean;
}

/**
 * How Feishu's client treats the answer. On failure `code` is the error the user would see
 * (card-action-trigger-callback.md: 200341 timeout, 200671 non-200, 200672 bad body,
 * 200673 bad card, 200830 a 2.0 card answered with 1.0).
 */
export type CallbackOutcome =
  | { ok: true; answer: Record<string, unknown>; toast?: Toast; cardReplaced: boolean }
  | { ok: false; code: number; msg: string; answer?: unknown };

export interface CallbackRecord {
  token: string;
  messageId: string;
  operatorOpenId?: string;
  outcome: CallbackOutcome;
  at: number;
  /** Present (false) when the click never reached the bot: the card was past its interaction window. */
  delivered?: false;
}

/** A click the emulator is about to push, for the interaction-window check. */
export interface ClickInput {
  token: string;
  messageId: string;
  operatorOpenId?: string;
}

export interface Messaging {
  sent(): SentMessage[];
  messages(chatId?: string): ChatMessage[];
  /** Makes a message typed by a chat user known, so a reply to it is valid; its chat becomes known. */
  registerIncoming(m: ChatMessage): void;
  /** The message with this id, if the emulator knows it. */
  message(messageId: string): ChatMessage | undefined;
  /**
   * A copy of a card forwarded into another chat, as a user's "forward" makes one: a new message in
   * that chat, still the app's card with the same buttons. Clicks on it come from that chat, and
   * an answer changes the copy, never the original.
   */
  forward(messageId: string, chatId: string): ChatMessage;
  /** The chat's type, if the emulator knows the chat. */
  chatType(chatId: string): "group" | "p2p" | undefined;
  /** The chat, if the emulator knows it: every chat seeded, named by a pushed event or holding a message. */
  chat(chatId: string): ChatRecord | undefined;
  /**
   * Takes the bot out of a group (an unknown chat becomes a group the bot is not in): Feishu then
   * answers its chat info without the mode, refuses sends into it (230002) and delivers no message
   * events from it; clicks on a card forwarded there still reach the bot. Direct chats cannot be left.
   */
  removeBot(chatId: string): void;
  /** Applies the bot's answer to a card callback and, when it was a good one, arms the update token. */
  answerCallback(input: CallbackAnswerInput): CallbackOutcome;
  /**
   * Whether a click on this card may still reach the bot: JSON 2.0 cards are interactive for 14
   * days, 1.0 cards for 30 (card-v2-release-notes.md). A click past that is recorded in callbacks()
   * as not delivered and its outcome returned; undefined means deliver it.
   */
  refuseExpiredClick(input: ClickInput): CallbackOutcome | undefined;
  /** Every card callback answered (or refused as expired) so far, with its toast or error. */
  callbacks(): CallbackRecord[];
  /** Every file the bot uploaded (im/v1/files), with what an .xlsx holds. */
  files(): UploadedFile[];
  file(fileKey: string): UploadedFile | undefined;
  /** Reads multipart bodies (the upload's) before the gateway checks their fields: mounted beside express.json. */
  bodyParsers: RequestHandler[];
  reset(): void;
  /** Mounted by the core under /_emulator: GET /sent, GET /messages?chat_id=, GET /callbacks, GET /files/:file_key. */
  control: Router;
}
