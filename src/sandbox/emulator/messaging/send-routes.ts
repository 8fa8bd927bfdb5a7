/**
 * POST /open-apis/im/v1/messages/:message_id/reply and POST /open-apis/im/v1/messages:
 * validated as Feishu does, idempotent by uuid for an hour, answered with the message object.
 */
import type { Request } from "express";
import type { ApiError, ApiResult, KeyedRateLimit, RouteDefinition } from "../context.js";
import { checkContent } from "./content.js";
import { botOutsideChat, frequencyLimited, invalidParameter } from "./errors.js";
import { newMessageId, newThreadId } from "./ids.js";
import { messageView } from "./message-view.js";
import { bodyOf, paramOf, type MessagingState } from "./state.js";
import type { ChatMessage } from "./types.js";

export const CHAT_SEND_LIMIT_PER_SECOND = 5;

interface Outgoing {
  msgType: string;
  content: string;
  uuid: string | undefined;
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
  if (out.msgType === "file") {
    const problem = checkFileMessage(state, out.content);
    if (problem) return { error: problem };
  }
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
    ...(out.msgType === "file" ? { file: fileOf(state, out.content) } : {}),
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
    ...(message.threadId ? { threadId: message.threadId } : {}),
    msgType: message.msgType,
    content: message.content,
    ...(check.card ? { card: check.card.card } : {}),
    ...(out.uuid !== undefined ? { uuid: out.uuid } : {}),
  });
  return { data: messageView(message, state.ctx) };
}

/**
 * A file message names a file_key this app uploaded (im-content-send.md, 文件 file). One naming an
 * .xlsx that does not open as a workbook is refused too: the emulator's stand-in for a person
 * finding the file broken, so a bot that sends one fails its tests.
 */
function checkFileMessage(state: MessagingState, content: string): ApiError | undefined {
  const fileKey = (JSON.parse(content) as Record<string, unknown>)["file_key"];
  if (typeof fileKey !== "string" || fileKey === "") return invalidParameter("invalid content, file message needs a file_key.");
  const file = state.files.get(fileKey);
  if (!file) return invalidParameter(`invalid file_key: ${fileKey}.`);
  if (file.workbookError !== undefined) return invalidParameter(`file ${file.fileName} is not a valid .xlsx workbook: ${file.workbookError}.`);
  return undefined;
}

/** The file a checked file message names. */
function fileOf(state: MessagingState, content: string): { fileKey: string; fileName: string } {
  const fileKey = String((JSON.parse(content) as Record<string, unknown>)["file_key"]);
  return { fileKey, fileName: state.files.get(fileKey)?.fileName ?? "" };
}

export function replyRoute(state: MessagingState): RouteDefinition<"message_reply"> {
  return {
    name: "message_reply",
    keyedLimits: [perChatLimit((req) => state.book.get(paramOf(req, "message_id"))?.chatId)],
    handler: (_req, { path, body }) => {
      const out: Outgoing = { msgType: body.msg_type, content: body.content, uuid: body.uuid };
      const inThread = body.reply_in_thread;
      const targetId = path.message_id;
      const parent = state.book.get(targetId);
      if (!parent) return { error: invalidParameter(`invalid message_id: ${targetId}.`) };
      if (!state.book.botIsMember(parent.chatId)) return { error: botOutsideChat() };
      // A reply to a message already in a thread stays in that thread (im-message-reply.md). A message
      // has one thread: the first reply_in_thread opens it, and the message is its root from then on.
      // In a thread, parent_id and root_id are always the thread's root message (im-message-reply.md),
      // even when that root is itself a reply to another message.
      const threadId = parent.threadId ?? (inThread === true ? newThreadId() : undefined);
      const threadRoot = parent.threadId !== undefined ? threadRootOf(state, parent.threadId) ?? parent.messageId : parent.messageId;
      const result = send(state, out, "reply", {
        chatId: parent.chatId,
        ...(parent.chatType ? { chatType: parent.chatType } : {}),
        parentId: threadId ? threadRoot : parent.messageId,
        rootId: threadId ? threadRoot : (parent.rootId ?? parent.messageId),
        ...(threadId ? { threadId } : {}),
      });
      // Only a reply that was sent now (not refused, not a repeated uuid's earlier message) opens the thread.
      const sentId = "data" in result ? (result.data as { message_id?: unknown } | undefined)?.message_id : undefined;
      const sent = typeof sentId === "string" ? state.book.get(sentId) : undefined;
      if (parent.threadId === undefined && sent?.threadId !== undefined && sent.threadId === threadId) parent.threadId = threadId;
      return result;
    },
  };
}

/** The message a thread was opened on: the first of the chat's messages in it (it joined the thread as it opened). */
function threadRootOf(state: MessagingState, threadId: string): string | undefined {
  return state.book.list().find((m) => m.threadId === threadId)?.messageId;
}

export function createRoute(state: MessagingState): RouteDefinition<"message_create"> {
  return {
    name: "message_create",
    keyedLimits: [
      perChatLimit((req) => {
        const receiveId = bodyOf(req)["receive_id"];
        return req.query["receive_id_type"] === "chat_id" && typeof receiveId === "string" ? receiveId : undefined;
      }),
    ],
    handler: (_req, { query, body }) => {
      const receiveIdType = query.receive_id_type;
      const receiveId = body.receive_id;
      const out: Outgoing = { msgType: body.msg_type, content: body.content, uuid: body.uuid };
      // The sandbox tenant has chats, not a directory: only chat ids name a known receiver.
      const chatType = receiveIdType === "chat_id" ? state.book.chatType(receiveId) : undefined;
      if (!chatType) return { error: invalidParameter("invalid receive_id.") };
      if (!state.book.botIsMember(receiveId)) return { error: botOutsideChat() };
      return send(state, out, "create", { chatId: receiveId, chatType });
    },
  };
}
