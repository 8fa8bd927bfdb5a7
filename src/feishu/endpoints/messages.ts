/**
 * Sending cards: reply, send to a chat, patch a sent card, update a card by callback token; and a
 * file message (an export) as a reply.
 * Never cached nor coalesced: two identical sends are two messages (the uuid decides, not us).
 */
import type * as lark from "@larksuiteoapi/node-sdk";
import type { FeishuCall } from "../call.js";
import { normalizeSentMessage } from "../normalize/message.js";
import type { SentMessageRef } from "../types.js";

export interface ReplyOptions {
  /** The chat of the message answered: replies then share that chat's 5-a-second budget. */
  chatId?: string;
  /**
   * `reply_in_thread`: the reply opens (or joins) the answered message's thread rather than landing
   * in the chat's main stream (im-message-reply.md). A reply to a message already in a thread stays
   * in it either way.
   */
  inThread?: boolean;
}

/**
 * `uuid` makes the send idempotent for an hour: derive it from what the message answers. Without
 * `chatId` the per-chat limit can only count the reply under the message it answers.
 */
export function replyCard(
  client: lark.Client,
  call: FeishuCall,
  messageId: string,
  card: object,
  uuid: string,
  opts: ReplyOptions = {},
): Promise<SentMessageRef> {
  return reply(client, call, messageId, { msg_type: "interactive", content: JSON.stringify(card) }, uuid, opts);
}

/** A file message replying to `messageId`: `fileKey` from uploadFile; `uuid` as for a card reply. */
export function replyFile(
  client: lark.Client,
  call: FeishuCall,
  messageId: string,
  fileKey: string,
  uuid: string,
  opts: ReplyOptions = {},
): Promise<SentMessageRef> {
  return reply(client, call, messageId, { msg_type: "file", content: JSON.stringify({ file_key: fileKey }) }, uuid, opts);
}

/** One reply endpoint for every message type: the same limit key, thread flag and reading. */
function reply(
  client: lark.Client,
  call: FeishuCall,
  messageId: string,
  message: { msg_type: "interactive" | "file"; content: string },
  uuid: string,
  opts: ReplyOptions,
): Promise<SentMessageRef> {
  return call({
    endpoint: "message_reply",
    limitKey: opts.chatId ? `chat:${opts.chatId}` : `message:${messageId}`,
    send: (auth) =>
      client.im.v1.message.reply(
        { path: { message_id: messageId }, data: { ...message, ...(opts.inThread ? { reply_in_thread: true } : {}), uuid } },
        auth,
      ),
    read: (body) => normalizeSentMessage("message_reply", body.data),
  });
}

export function sendCard(
  client: lark.Client,
  call: FeishuCall,
  chatId: string,
  card: object,
  uuid: string,
): Promise<SentMessageRef> {
  return call({
    endpoint: "message_create",
    limitKey: `chat:${chatId}`,
    send: (auth) =>
      client.im.v1.message.create(
        {
          params: { receive_id_type: "chat_id" },
          data: { receive_id: chatId, msg_type: "interactive", content: JSON.stringify(card), uuid },
        },
        auth,
      ),
    read: (body) => normalizeSentMessage("message_create", body.data),
  });
}

/** The card being replaced must have been sent with `update_multi: true`; 5 QPS per message. */
export function patchCard(client: lark.Client, call: FeishuCall, messageId: string, card: object): Promise<void> {
  return call({
    endpoint: "message_patch",
    limitKey: `message:${messageId}`,
    send: (auth) =>
      client.im.v1.message.patch({ path: { message_id: messageId }, data: { content: JSON.stringify(card) } }, auth),
    read: () => undefined,
  });
}

/** Only after the callback was answered; a token is good for 30 minutes and two updates. */
export function updateCardByToken(client: lark.Client, call: FeishuCall, token: string, card: object): Promise<void> {
  return call({
    endpoint: "card_update",
    limitKey: `card:${token}`,
    send: (auth) =>
      client.request({ method: "POST", url: "/open-apis/interactive/v1/card/update", data: { token, card } }, auth),
    read: () => undefined,
  });
}
