/**
 * POST /open-apis/im/v1/messages/:message_id/reply and POST /open-apis/im/v1/messages:
 * validated as Feishu does, idempotent by uuid for an hour, answered with the message object.
 */
import type { Request } from "express";
import type { ApiError, ApiResult, KeyedRateLimit, RouteDefinition } from "../context.js";
import { checkContent } from "./content.js";
import { fieldValidationFailed, frequencyLimited, invalidParameter } from "./errors.js";
import { newMessageId, newThreadId } from "./ids.js";
import { messageView } from "./message-view.js";
import { bodyOf, paramOf, type MessagingState } from "./state.js";
import type { ChatMessage } from "./types.js";

export const UUID_MAX_LENGTH = 50;
export const CHAT_SEND_LIMIT_PER_SECOND = 5;
const RECEIVE_ID_TYPES = new Set(["open_id", "union_id", "user_id", "email", "chat_id"]);

interface Outgoing {
  msgType: string;
  content: string;
  uuid: string | undefined;
}

/** The fields both endpoints share, or the gateway's refusal. */
function readOutgoing(body: Record<string, unknown>): Outgoing | { error: ApiError } {
  const { msg_type: msgType, content, uuid } = body;
  if (typeof msgType !== "string" || msgType === "") {
    return { error: fieldValidationFailed("msg_type", "msg_type is required") };
  }
  if (typeof content !== "string") return { error: fieldValidationFailed("content", "content must be a string") };
  if (uuid !== undefined && (typeof uuid !== "string" || uuid.length > UUID_MAX_LENGTH)) {
    return { error: fieldValidationFailed("uuid", `the max len is ${UUID_MAX_LENGTH}`) };
  }
  return { msgType, content, uuid: uuid === "" ? undefined : uuid };
}

/** im-message-create.md: 5 QPS per chat, shared by the bots in it. */
function perChatLimit(chatOf: (req: Request) => string | undefined): KeyedRateLimit {
  return {
    key: chatOf,
    windows: [{ max: CHAT_SEND_LIMIT_PER_SECOND, windowMs: 1000 }],
    error: { ...frequencyLimited() },
  };
}

function send(
  state: MessagingState,
  out: Outgoing,
  kind: "reply" | "create",
  place: Pick<ChatMessage, "chatId" | "chatType" | "parentId" | "rootId" | "threadId">,
): ApiResult {
  const check = checkContent(out.msgType, out.content);
  if (!check.ok) return { error: check.error };
  const now = state.ctx.now();
  if (out.uuid !== undefined) {
    const original = state.book.sentWithUuid(out.uuid, now);
    if (original) return { data: messageView(original, state.ctx) };
  }
  const message: ChatMessage = {
    messageId: newMessageId(),
    ...place,
    sender: { type: "app", id: state.ctx.appId },
    msgType: out.msgType,
    content: out.content,
    ...(check.card ? { card: check.card.card } : {}),
    createTime: now,
    updateTime: now,
  };
  state.book.add(message);
  if (out.uuid !== undefined) state.book.rememberUuid(out.uuid, message.messageId, now);
  state.record({
    kind,
    messageId: message.messageId,
    chatId: message.chatId,
    ...(message.parentId ? { parentId: message.parentId } : {}),
    msgType: message.msgType,
    content: message.content,
    ...(check.card ? { card: check.card.card } : {}),
    ...(out.uuid !== undefined ? { uuid: out.uuid } : {}),
  });
  return { data: messageView(message, state.ctx) };
}

export function replyRoute(state: MessagingState): RouteDefinition {
  return {
    name: "message_reply",
    method: "POST",
    path: "/open-apis/im/v1/messages/:message_id/reply",
    keyedLimits: [perChatLimit((req) => state.book.get(paramOf(req, "message_id"))?.chatId)],
    handler: (req: Request) => {
      const body = bodyOf(req);
      const out = readOutgoing(body);
      if ("error" in out) return out;
      const inThread = body["reply_in_thread"];
      if (inThread !== undefined && typeof inThread !== "boolean") {
        return { error: fieldValidationFailed("reply_in_thread", "reply_in_thread must be a boolean") };
      }
      const targetId = paramOf(req, "message_id");
      const parent = state.book.get(targetId);
      if (!parent) return { error: invalidParameter(`invalid message_id: ${targetId}.`) };
      // A reply to a message already in a thread stays in that thread (im-message-reply.md).
      const threadId = parent.threadId ?? (inThread === true ? newThreadId() : undefined);
      return send(state, out, "reply", {
        chatId: parent.chatId,
        ...(parent.chatType ? { chatType: parent.chatType } : {}),
        parentId: parent.threadId && parent.rootId ? parent.rootId : parent.messageId,
        rootId: parent.rootId ?? parent.messageId,
        ...(threadId ? { threadId } : {}),
      });
    },
  };
}

export function createRoute(state: MessagingState): RouteDefinition {
  return {
    name: "message_create",
    method: "POST",
    path: "/open-apis/im/v1/messages",
    keyedLimits: [
      perChatLimit((req) => {
        const receiveId = bodyOf(req)["receive_id"];
        return req.query["receive_id_type"] === "chat_id" && typeof receiveId === "string" ? receiveId : undefined;
      }),
    ],
    handler: (req: Request) => {
      const body = bodyOf(req);
      const receiveIdType = req.query["receive_id_type"];
      if (typeof receiveIdType !== "string" || !RECEIVE_ID_TYPES.has(receiveIdType)) {
        return { error: fieldValidationFailed("receive_id_type", "receive_id_type is required and must be a known type") };
      }
      const receiveId = body["receive_id"];
      if (typeof receiveId !== "string" || receiveId === "") {
        return { error: fieldValidationFailed("receive_id", "receive_id is required") };
      }
      const out = readOutgoing(body);
      if ("error" in out) return out;
      // The sandbox tenant has chats, not a directory: only chat ids name a known receiver.
      const chatType = receiveIdType === "chat_id" ? state.book.chatType(receiveId) : undefined;
      if (!chatType) return { error: invalidParameter("invalid receive_id.") };
      return send(state, out, "create", { chatId: receiveId, chatType });
    },
  };
}
