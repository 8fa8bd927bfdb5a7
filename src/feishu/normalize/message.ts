/** im/v1 message create / reply → SentMessageRef. */
import type { SentMessageRef } from "../types.js";
import { record, requiredText, text } from "./read.js";

export function normalizeSentMessage(endpoint: "message_reply" | "message_create", data: unknown): SentMessageRef {
  const message = record(endpoint, data, "data");
  return { messageId: requiredText(endpoint, message.message_id, "data.message_id"), chatId: text(message.chat_id) };
}
