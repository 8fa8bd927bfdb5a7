/** A message as the send and reply endpoints answer it (im-message-create.md, response body). */
import type { EmulatorContext } from "../context.js";
import { SANDBOX_TENANT_KEY } from "./state.js";
import type { ChatMessage } from "./types.js";

export function messageView(message: ChatMessage, ctx: EmulatorContext): Record<string, unknown> {
  const fromApp = message.sender.type === "app";
  return {
    message_id: message.messageId,
    ...(message.rootId ? { root_id: message.rootId } : {}),
    ...(message.parentId ? { parent_id: message.parentId } : {}),
    ...(message.threadId ? { thread_id: message.threadId } : {}),
    msg_type: message.msgType,
    create_time: String(message.createTime),
    update_time: String(message.updateTime),
    deleted: false,
    updated: message.updateTime !== message.createTime,
    chat_id: message.chatId,
    sender: {
      id: fromApp ? ctx.appId : message.sender.id,
      id_type: fromApp ? "app_id" : "open_id",
      sender_type: message.sender.type,
      tenant_key: SANDBOX_TENANT_KEY,
    },
    body: { content: message.content },
  };
}
