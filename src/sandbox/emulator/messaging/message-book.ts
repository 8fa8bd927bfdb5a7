/**
 * The emulator's chats and messages: which chats exist (two seeded, plus any a pushed event
 * named), every message in order, and the uuids that make a send idempotent for an hour.
 */
import type { ChatMessage } from "./types.js";

export const SANDBOX_CHATS = { group: "oc_sandbox_group", p2p: "oc_sandbox_p2p" } as const;

/** im-message-create.md: the same uuid sends at most one message within one hour. */
export const UUID_WINDOW_MS = 60 * 60 * 1000;

export interface MessageBook {
  chatType(chatId: string): "group" | "p2p" | undefined;
  addChat(chatId: string, type: "group" | "p2p"): void;
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
      chats.set(chatId, type);
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
      byId.clear();
      uuids.clear();
      seed();
    },
  };
}
