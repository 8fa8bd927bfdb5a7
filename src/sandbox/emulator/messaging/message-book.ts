/**
 * The emulator's chats and messages: which chats exist (two seeded, plus any a pushed event or a
 * message named) and whether the bot is in each, every message in order, and the uuids that make a
 * send idempotent for an hour.
 */
import type { ChatMessage } from "./types.js";

export const SANDBOX_CHATS = { group: "oc_sandbox_group", p2p: "oc_sandbox_p2p" } as const;

/** im-message-create.md: the same uuid sends at most one message within one hour. */
export const UUID_WINDOW_MS = 60 * 60 * 1000;

export interface MessageBook {
  chatType(chatId: string): "group" | "p2p" | undefined;
  /** Throws when the chat is already known with the other type. */
  addChat(chatId: string, type: "group" | "p2p"): void;
  /** False for a chat the bot is not in (or an unknown one). */
  botIsMember(chatId: string): boolean;
  /** The bot leaves (or was never in) a group; an unknown chat becomes a group without the bot. */
  removeBot(chatId: string): void;
  add(message: ChatMessage): void;
  get(messageId: string): ChatMessage | undefined;
  list(chatId?: string): ChatMessage[];
  /** The message an earlier call with this uuid sent, if that was within the hour. */
  sentWithUuid(uuid: string, now: number): ChatMessage | undefined;
  rememberUuid(uuid: string, messageId: string, at: number): void;
  reset(): void;
}

export function createMessageBook(): MessageBook {
  const chats = new Map<string, "group" | "p2p">();
  /** Known chats the bot is not in. */
  const outside = new Set<string>();
  const byId = new Map<string, ChatMessage>();
  const uuids = new Map<string, { messageId: string; at: number }>();

  const seed = (): void => {
    chats.set(SANDBOX_CHATS.group, "group");
    chats.set(SANDBOX_CHATS.p2p, "p2p");
  };
  seed();

  return {
    chatType: (chatId) => chats.get(chatId),
    addChat: (chatId, type) => {
      // Feishu never changes a chat's type: an event claiming otherwise cannot come from it.
      const known = chats.get(chatId);
      if (known !== undefined && known !== type) throw new Error(`${chatId} is a ${known} chat: no event can say it is a ${type} one`);
      chats.set(chatId, type);
    },
    botIsMember: (chatId) => chats.has(chatId) && !outside.has(chatId),
    removeBot: (chatId) => {
      const type = chats.get(chatId);
      if (type === "p2p") throw new Error(`${chatId} is a direct chat with the bot: the bot cannot leave it`);
      if (type === undefined) chats.set(chatId, "group");
      outside.add(chatId);
    },
    add: (message) => {
      byId.set(message.messageId, message);
      if (!chats.has(message.chatId)) chats.set(message.chatId, message.chatType ?? "group");
    },
    get: (messageId) => byId.get(messageId),
    // A Map iterates in insertion order, which is the order messages were sent.
    list: (chatId) => [...byId.values()].filter((m) => chatId === undefined || m.chatId === chatId),
    sentWithUuid: (uuid, now) => {
      const entry = uuids.get(uuid);
      if (!entry || now - entry.at >= UUID_WINDOW_MS) return undefined;
      return byId.get(entry.messageId);
    },
    rememberUuid: (uuid, messageId, at) => {
      uuids.set(uuid, { messageId, at });
    },
    reset: () => {
      chats.clear();
      outside.clear();
      byId.clear();
      uuids.clear();
      seed();
    },
  };
}
