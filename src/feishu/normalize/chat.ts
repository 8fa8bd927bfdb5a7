/** GET /open-apis/im/v1/chats/:chat_id → ChatInfo (only what the bot needs: the chat's mode). */
import type { ChatInfo, ChatMode } from "../types.js";
import { malformed, record } from "./read.js";

const ENDPOINT = "chat_get";

const MODES: Readonly<Record<string, ChatMode>> = { p2p: "p2p", group: "group", topic: "topic" };

/**
 * `data` is the response's `data` object. It carries no chat id, so the id asked for is the one
 * returned. A chat the bot is not in comes back with only its name, avatar, member count and status
 * (the page's note): no `chat_mode`, so an unknown mode.
 */
export function normalizeChat(chatId: string, data: unknown): ChatInfo {
  const chat = record(ENDPOINT, data, "data");
  return { chatId, mode: chatMode(chat.chat_mode) };
}

/** The documented modes by name; any other string is kept as unknown, a non-string is malformed. */
export function chatMode(value: unknown): ChatMode {
  if (value === undefined || value === null) return { kind: "unknown", raw: "" };
  if (typeof value !== "string") throw malformed(ENDPOINT, "data.chat_mode is not a string");
  return Object.hasOwn(MODES, value) ? MODES[value]! : { kind: "unknown", raw: value };
}
