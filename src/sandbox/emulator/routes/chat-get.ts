/**
 * GET /open-apis/im/v1/chats/:chat_id ("get chat info",
 * open.larksuite.com/document/uAjLw4CM/ukTMukTMukTM/reference/im-v1/chat/get): every chat the
 * emulator knows (seeded, named by a pushed event, or holding a message) answers with its true
 * `chat_mode`; any other id is 232006 (HTTP 400). A group the bot is not in answers only its name,
 * avatar, member count and status, as the page's note says, so without `chat_mode`.
 * `chat_type` is private/public (a group's visibility) and absent for direct chats, as documented.
 */
import { SCOPES } from "../defaults.js";
import { CODES, feishuError, scopeError } from "../errors.js";
import type { GatewayRoute } from "../gateway/gateway.js";
import { SANDBOX_CHATS, SANDBOX_TENANT_KEY, type ChatRecord } from "../messaging/index.js";
import type { RouteDeps } from "./deps.js";

/** The chats the emulator knows, by id. */
export type ChatLookup = (chatId: string) => ChatRecord | undefined;

const AVATAR = "https://s1-imfile.feishucdn.com/static-resource/v1/sandbox-chat-avatar~?image_size=72x72";

export function chatGetRoute(deps: RouteDeps, chats: ChatLookup): GatewayRoute<"chat_get"> {
  return {
    name: "chat_get",
    handler: (_req, { path, query }) => {
      // The page: user_id_type=user_id needs the field scope contact:user.employee_id:readonly.
      if (query.user_id_type === "user_id" && !deps.scopes.has(SCOPES.userId)) return { error: scopeError([SCOPES.userId]) };
      const chat = chats(path.chat_id);
      if (!chat) return { error: feishuError(CODES.chatIdInvalid) };
      return { data: chatToWire(chat) };
    },
  };
}

function nameOf(chat: ChatRecord): string {
  if (chat.type === "p2p") return "";
  return chat.chatId === SANDBOX_CHATS.group ? "会议助手沙盒群" : `群聊 ${chat.chatId}`;
}

/** The answer's `data`, field by field as the page lists them for each kind of chat. */
export function chatToWire(chat: ChatRecord): Record<string, unknown> {
  const userCount = String(chat.userCount);
  if (!chat.botIsMember) return { avatar: AVATAR, name: nameOf(chat), user_count: userCount, chat_status: "normal" };
  const common = {
    avatar: AVATAR,
    name: nameOf(chat),
    description: "",
    edit_permission: "all_members",
    user_manager_id_list: [],
    bot_manager_id_list: [],
    chat_mode: chat.type,
    moderation_permission: "all_members",
    external: false,
    tenant_key: SANDBOX_TENANT_KEY,
    user_count: userCount,
    bot_count: "1",
    restricted_mode_setting: {
      status: false,
      screenshot_has_permission_setting: "all_members",
      download_has_permission_setting: "all_members",
      message_has_permission_setting: "all_members",
    },
    urgent_setting: "all_members",
    video_conference_setting: "all_members",
    hide_member_count_setting: "all_members",
    chat_status: "normal",
  };
  if (chat.type === "p2p") return common;
  // The bot owns the sandbox's groups: the page leaves owner_id and owner_id_type out when a bot does.
  return {
    ...common,
    i18n_names: { zh_cn: nameOf(chat) },
    add_member_permission: "all_members",
    share_card_permission: "allowed",
    at_all_permission: "all_members",
    group_message_type: "chat",
    chat_type: "private",
    chat_tag: "inner",
    join_message_visibility: "all_members",
    leave_message_visibility: "all_members",
    membership_approval: "no_approval_required",
  };
}
