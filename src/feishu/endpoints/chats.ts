/**
 * GET /open-apis/im/v1/chats/:chat_id ("get chat info"): whether a chat is a direct chat, a group or
 * a topic group. A card callback names the clicked message's chat (open_chat_id) but not its type,
 * so Feishu is asked, never the button's value.
 *
 * Facts (open.larksuite.com/document/uAjLw4CM/ukTMukTMukTM/reference/im-v1/chat/get, and the SDK
 * 1.74 declaration of `im.v1.chat.get`): path `chat_id`, optional query `user_id_type` (only shapes
 * owner ids, which the bot does not read, so it is not sent); any one of the scopes `im:chat`,
 * `im:chat:read`, `im:chat:readonly`; 1000/min and 50/s; the bot must be in the chat for the full
 * answer (otherwise only name, avatar, member count and status, without `chat_mode`). Errors, all
 * HTTP 400: 232006 invalid chat_id, 232011 operator not in the chat, 232010 another tenant's chat,
 * 232025 bot ability off, 232033 external chat without the scope, 232034 app not installed.
 */
import type * as lark from "@larksuiteoapi/node-sdk";
import type { FeishuCall } from "../call.js";
import { chatTtl } from "../cache-policy.js";
import { normalizeChat } from "../normalize/chat.js";
import type { ChatInfo } from "../types.js";

export function getChat(client: lark.Client, call: FeishuCall, chatId: string): Promise<ChatInfo> {
  return call({
    endpoint: "chat_get",
    // The SDK puts the id into the path as it is: encoded, an id can only ever name one chat.
    send: (auth) => client.im.v1.chat.get({ path: { chat_id: encodeURIComponent(chatId) } }, auth),
    read: (body) => normalizeChat(chatId, body.data),
    cache: { params: { chatId }, ttl: chatTtl },
  });
}
