/** Sending cards: reply, send to a chat, patch a sent card, update a card by callback token. */
import type * as lark from "@larksuiteoapi/node-sdk";
import type { FeishuCall } from "../call.js";
import { normalizeSentMessage } from "../normalize/message.js";
import type { SentMessageRef } from "../types.js";

/** `uuid` makes the send idempotent for an hour: derive it from what the message answers. */
export function replyCard(
  client: lark.Client,
  call: FeishuCall,
  messageId: string,
  card: object,
  uuid: string,
): Promise<SentMessageRef> {
  return call(
    "message_reply",
    () =>
      client.im.v1.message.reply({
        path: { message_id: messageId },
        data: { msg_type: "interactive", content: JSON.stringify(card), uuid },
      }),
    (body) => normalizeSentMessage("message_reply", body.data),
  );
}

export function sendCard(
  client: lark.Client,
  call: FeishuCall,
  chatId: string,
  card: object,
  uuid: string,
): Promise<SentMessageRef> {
  return call(
    "message_create",
    () =>
      client.im.v1.message.create({
        params: { receive_id_type: "chat_id" },
        data: { receive_id: chatId, msg_type: "interactive", content: JSON.stringify(card), uuid },
      }),
    (body) => normalizeSentMessage("message_create", body.data),
  );
}

/** The card being replaced must have been sent with `update_multi: true`. */
export function patchCard(client: lark.Client, call: FeishuCall, messageId: string, card: object): Promise<void> {
  return call(
    "message_patch",
    () => client.im.v1.message.patch({ path: { message_id: messageId }, data: { content: JSON.stringify(card) } }),
    () => undefined,
  );
}

/** Only after the callback was answered; a token is good for 30 minutes and two updates. */
export function updateCardByToken(client: lark.Client, call: FeishuCall, token: string, card: object): Promise<void> {
  return call(
    "card_update",
    () => client.request({ method: "POST", url: "/open-apis/interactive/v1/card/update", data: { token, card } }),
    () => undefined,
  );
}
