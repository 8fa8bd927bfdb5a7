/**
 * Every parameter of every endpoint the bot calls, as Feishu's official schema declares it. The
 * SDK's TypeScript declarations (`@larksuiteoapi/node-sdk` 1.74) are the machine-readable truth for
 * what is required and its type (test/sandbox/emulator/sdk-parameters.test.ts holds this table to
 * them); bounds and defaults come from the pages. PARAMETERS.md beside the emulator is made from it.
 */
import type { EndpointName } from "../context.js";
import type { EndpointParameters } from "./rules.js";

const USER_ID_TYPES = ["user_id", "union_id", "open_id"] as const;
const RECEIVE_ID_TYPES = ["user_id", "union_id", "open_id", "email", "chat_id"] as const;
const UUID_MAX_LENGTH = 50;

const unixTime = (ours: string) => ({ type: "string", required: true, source: "sdk", ours }) as const;
const pageToken = { type: "string", source: "sdk", ours: "the previous page's page_token" } as const;

export const API_PARAMETERS = {
  tenant_token: {
    method: "POST",
    path: "/open-apis/auth/v3/tenant_access_token/internal",
    sdk: "auth.v3.tenantAccessToken.internal",
    page: "api-access-tokens.md",
    purpose: "the tenant access token",
    body: {
      app_id: { type: "string", required: true, source: "sdk", ours: "FEISHU_APP_ID" },
      app_secret: { type: "string", required: true, source: "sdk", ours: "FEISHU_APP_SECRET" },
    },
  },
  bot_info: {
    method: "GET",
    path: "/open-apis/bot/v3/info",
    page: "im-message-receive-event.md (the bot's own open_id)",
    purpose: "the bot's open_id, to recognise its @mention",
  },
  meeting_get: {
    method: "GET",
    path: "/open-apis/vc/v1/meetings/:meeting_id",
    sdk: "vc.v1.meeting.get",
    page: "seeds/001",
    purpose: "/meeting <id>",
    path_params: { meeting_id: { type: "string", required: true, source: "seed", ours: "the meeting id" } },
    query: {
      with_participants: { type: "bool", default: false, source: "sdk", ours: "true for the detail card" },
      with_meeting_ability: { type: "bool", default: false, source: "sdk", ours: "true for the detail card" },
      user_id_type: { type: "enum", values: USER_ID_TYPES, default: "open_id", source: "sdk", ours: "open_id" },
      query_mode: { type: "int", source: "sdk", ours: "not sent" },
    },
  },
  meeting_list_by_no: {
    method: "GET",
    path: "/open-apis/vc/v1/meetings/list_by_no",
    sdk: "vc.v1.meeting.listByNo",
    page: "seeds/003",
    purpose: "/meeting <9-digit number>",
    query: {
      meeting_no: { type: "string", required: true, source: "sdk", ours: "the 9-digit number" },
      start_time: unixTime("the window's start, within the last 90 × 86,400 s"),
      end_time: unixTime("the window's end, at most now"),
      page_token: pageToken,
      page_size: { type: "int", min: 1, max: 50, default: 20, source: "seed", ours: "50" },
    },
  },
  report_get_daily: {
    method: "GET",
    path: "/open-apis/vc/v1/reports/get_daily",
    sdk: "vc.v1.report.getDaily",
    page: "seeds/000",
    purpose: "/report",
    query: {
      start_time: unixTime("the first whole day's start, within the last 90 × 86,400 s"),
      end_time: unixTime("the last whole day's end (yesterday at the latest)"),
      unit: { type: "int", default: 0, source: "sdk", ours: "only when report.unit is configured" },
    },
  },
  reservation_list: {
    method: "GET",
    path: "/open-apis/vc/v1/resource_reservation_list",
    sdk: "vc.v1.resourceReservationList.get",
    page: "seeds/002 (its required column is lost: the SDK decides)",
    purpose: "/rooms and the digest's rooms section",
    query: {
      room_level_id: {
        type: "string",
        required: true,
        source: "sdk",
        ours: "rooms.room_level_id, else the tenant's root level (room_levels), else a non-omb_ id (the tenant level)",
      },
      need_topic: { type: "bool", default: false, source: "sdk", ours: "true" },
      start_time: unixTime("the day's start (at most one day, not in the future)"),
      end_time: unixTime("the day's end, or now for today"),
      room_ids: { type: "string[]", required: true, source: "sdk", ours: "the level's rooms (GET /vc/v1/rooms), 100 a call" },
      is_exclude: { type: "bool", default: false, source: "sdk", ours: "false: only the listed rooms" },
      page_size: { type: "int", min: 20, max: 100, default: 20, source: "seed", ours: "100" },
      page_token: pageToken,
    },
  },
  room_list: {
    method: "GET",
    path: "/open-apis/vc/v1/rooms",
    sdk: "vc.v1.room.list",
    page: "vc-rooms-list.md",
    purpose: "the rooms of a level: room_ids for reservations and /rooms",
    query: {
      page_size: { type: "int", min: 1, max: 100, default: 20, source: "doc", ours: "100" },
      page_token: pageToken,
      room_level_id: { type: "string", source: "sdk", ours: "each level of the tree, from the root down" },
      user_id_type: { type: "enum", values: USER_ID_TYPES, default: "open_id", source: "sdk", ours: "not sent" },
    },
  },
  room_level_list: {
    method: "GET",
    path: "/open-apis/vc/v1/room_levels",
    sdk: "vc.v1.roomLevel.list",
    page: "vc-room-levels-list.md",
    purpose: "the tenant's root level and the level tree",
    query: {
      room_level_id: { type: "string", source: "sdk", ours: "empty for the tenant's top levels, then each level" },
      page_size: { type: "int", min: 1, max: 100, default: 20, source: "doc", ours: "100" },
      page_token: pageToken,
    },
  },
  room_mget: {
    method: "POST",
    path: "/open-apis/vc/v1/rooms/mget",
    sdk: "vc.v1.room.mget",
    page: "open.feishu.cn/document/server-docs/vc-v1/room/mget (no maximum documented; the emulator allows 100)",
    purpose: "/meeting <id>: the names of the rooms taking part",
    query: {
      user_id_type: { type: "enum", values: USER_ID_TYPES, default: "open_id", source: "sdk", ours: "not sent" },
    },
    body: {
      room_ids: { type: "string[]", required: true, source: "sdk", ours: "the rooms taking part, 100 a call" },
    },
  },
  push_overview: {
    method: "POST",
    path: "/open-apis/application/v6/applications/:app_id/app_usage/message_push_overview",
    sdk: "application.v6.applicationAppUsage.messagePushOverview",
    page: "seeds/004",
    purpose: "/pushstats",
    path_params: { app_id: { type: "string", required: true, source: "sdk", ours: "FEISHU_APP_ID" } },
    query: {
      department_id_type: {
        type: "enum",
        values: ["department_id", "open_department_id"],
        default: "open_department_id",
        source: "sdk",
        ours: "from the id's form, only with a department",
      },
    },
    body: {
      date: { type: "string", required: true, source: "sdk", ours: "a day; a Monday for a week; the 1st for a month" },
      cycle_type: { type: "int", required: true, source: "sdk", ours: "1 day, 2 week, 3 month" },
      department_id: { type: "string", source: "sdk", ours: "the department asked for, if any" },
    },
  },
  chat_get: {
    method: "GET",
    path: "/open-apis/im/v1/chats/:chat_id",
    sdk: "im.v1.chat.get",
    page: "open.larksuite.com/document/uAjLw4CM/ukTMukTMukTM/reference/im-v1/chat/get (card-faq.md §9 points to it)",
    purpose: "whether a clicked card's chat is a direct chat (its chat_mode), from Feishu rather than the button",
    path_params: { chat_id: { type: "string", required: true, source: "sdk", ours: "the callback's open_chat_id" } },
    query: {
      user_id_type: { type: "enum", values: USER_ID_TYPES, default: "open_id", source: "sdk", ours: "not sent" },
    },
  },
  department_get: {
    method: "GET",
    path: "/open-apis/contact/v3/departments/:department_id",
    sdk: "contact.v3.department.get",
    page: "open.feishu.cn/document/uAjLw4CM/ukTMukTMukTM/reference/contact-v3/department/get",
    purpose: "/pushstats: the name of the department asked about",
    path_params: { department_id: { type: "string", required: true, source: "sdk", ours: "the department typed or on the button" } },
    query: {
      user_id_type: { type: "enum", values: USER_ID_TYPES, default: "open_id", source: "sdk", ours: "not sent" },
      department_id_type: {
        type: "enum",
        values: ["department_id", "open_department_id"],
        default: "open_department_id",
        source: "sdk",
        ours: "from the id's form",
      },
    },
  },
  department_children: {
    method: "GET",
    path: "/open-apis/contact/v3/departments/:department_id/children",
    sdk: "contact.v3.department.children",
    page: "open.feishu.cn/document/server-docs/contact-v3/department/children",
    purpose: "/pushstats <department name>: the directory, to find the department by its name",
    path_params: { department_id: { type: "string", required: true, source: "sdk", ours: "0, the tenant's root" } },
    query: {
      user_id_type: { type: "enum", values: USER_ID_TYPES, default: "open_id", source: "sdk", ours: "not sent" },
      department_id_type: {
        type: "enum",
        values: ["department_id", "open_department_id"],
        default: "open_department_id",
        source: "sdk",
        ours: "open_department_id",
      },
      fetch_child: { type: "bool", default: false, source: "sdk", ours: "true: every level" },
      page_size: { type: "int", min: 1, max: 50, default: 10, source: "doc", ours: "50" },
      page_token: pageToken,
    },
  },
  file_upload: {
    method: "POST",
    path: "/open-apis/im/v1/files",
    sdk: "im.v1.file.create",
    page: "open.feishu.cn im-v1/file/create (上传文件)",
    purpose: "an Export button's .xlsx, before its file message",
    // multipart/form-data: text parts are read as text (an int as its digits), the file part as bytes.
    body: {
      file_type: { type: "enum", values: ["opus", "mp4", "pdf", "doc", "xls", "ppt", "stream"], required: true, source: "sdk", ours: "xls" },
      file_name: { type: "string", required: true, source: "sdk", ours: "the export's name, ending in .xlsx" },
      duration: { type: "int", min: 0, source: "sdk", ours: "never sent (audio and video only)" },
      file: { type: "file", required: true, source: "sdk", ours: "the workbook's bytes" },
    },
  },
  message_reply: {
    method: "POST",
    path: "/open-apis/im/v1/messages/:message_id/reply",
    sdk: "im.v1.message.reply",
    page: "im-message-reply.md",
    purpose: "the answer to a command",
    path_params: { message_id: { type: "string", required: true, source: "sdk", ours: "the command's message" } },
    body: {
      content: { type: "string", required: true, source: "sdk", ours: "the card as a JSON string" },
      msg_type: { type: "string", required: true, source: "sdk", ours: "interactive" },
      reply_in_thread: { type: "bool", default: false, source: "sdk", ours: "true for a drill-down button's answer (in the card's thread)" },
      uuid: { type: "string", maxLength: UUID_MAX_LENGTH, source: "sdk", ours: "derived from the message id" },
    },
  },
  message_create: {
    method: "POST",
    path: "/open-apis/im/v1/messages",
    sdk: "im.v1.message.create",
    page: "im-message-create.md",
    purpose: "digests",
    query: {
      receive_id_type: { type: "enum", values: RECEIVE_ID_TYPES, required: true, source: "sdk", ours: "chat_id" },
    },
    body: {
      receive_id: { type: "string", required: true, source: "sdk", ours: "the digest's chat" },
      msg_type: { type: "string", required: true, source: "sdk", ours: "interactive" },
      content: { type: "string", required: true, source: "sdk", ours: "the card as a JSON string" },
      uuid: { type: "string", maxLength: UUID_MAX_LENGTH, source: "sdk", ours: "derived from the digest's period and chat" },
    },
  },
  message_patch: {
    method: "PATCH",
    path: "/open-apis/im/v1/messages/:message_id",
    sdk: "im.v1.message.patch",
    page: "message-patch-card.md",
    purpose: "replacing a sent card",
    path_params: { message_id: { type: "string", required: true, source: "sdk", ours: "the card's message" } },
    body: { content: { type: "string", required: true, source: "sdk", ours: "the card as a JSON string" } },
  },
  card_update: {
    method: "POST",
    path: "/open-apis/interactive/v1/card/update",
    page: "card-delayed-update.md",
    purpose: "a slow click's card, after the callback's answer",
    body: {
      token: { type: "string", required: true, source: "doc", ours: "the callback's update token" },
      card: { type: "object", required: true, source: "doc", ours: "the card object" },
    },
  },
} as const satisfies Record<EndpointName, EndpointParameters>;

export type ApiParameters = typeof API_PARAMETERS;
