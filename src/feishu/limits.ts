/**
 * Feishu's documented rate limits (api-rate-limits.md and the endpoint pages), as budgets the
 * limiter counts calls against, and which budgets each endpoint's calls spend.
 */
import type { RateWindow } from "./rate-limiter.js";
import type { FeishuEndpoint } from "./types.js";

/** Budgets counted once per app; `send_per_chat` is counted per chat (or per message, per card). */
export type LimitBudget =
  | "meeting_get"
  | "meeting_list_by_no"
  | "report_get_daily"
  | "reservation_list"
  | "room_list"
  | "room_level_list"
  | "room_mget"
  | "push_overview"
  | "chat_get"
  | "department_get"
  | "department_children"
  | "file_upload"
  | "send"
  | "send_per_chat";

export type FeishuLimits = Record<LimitBudget, RateWindow[]>;

const perSecond = (max: number): RateWindow => ({ max, windowMs: 1000 });
const perMinute = (max: number): RateWindow => ({ max, windowMs: 60_000 });

export const DOCUMENTED_LIMITS: Readonly<FeishuLimits> = {
  meeting_get: [perSecond(50), perMinute(1000)],
  meeting_list_by_no: [perMinute(100)],
  // get_daily's limit is "special" and unpublished: 100/min unless configured otherwise.
  report_get_daily: [perMinute(100)],
  reservation_list: [perMinute(100)],
  room_list: [perSecond(50), perMinute(1000)],
  room_level_list: [perSecond(50), perMinute(1000)],
  // vc-v1/room/mget ("批量查询会议室详情"): "1000 次/分钟、50 次/秒", as the room list.
  room_mget: [perSecond(50), perMinute(1000)],
  push_overview: [perMinute(100)],
  // "Obtain group information" (open.larksuite.com/document/uAjLw4CM/ukTMukTMukTM/reference/im-v1/chat/get):
  // 1000 per minute and 50 per second.
  chat_get: [perSecond(50), perMinute(1000)],
  // contact-v3/department/get: 1000 per minute and 50 per second (level 4 of api-rate-limits.md).
  department_get: [perSecond(50), perMinute(1000)],
  // contact-v3/department/children ("获取子部门列表", open.feishu.cn/document/server-docs/contact-v3/department/children):
  // "1000 次/分钟、50 次/秒".
  department_children: [perSecond(50), perMinute(1000)],
  // im-v1/file/create ("上传文件"): "1000 次/分钟、50 次/秒".
  file_upload: [perSecond(50), perMinute(1000)],
  // Replies, sends, patches and card updates all spend the app's one sending budget.
  send: [perSecond(50), perMinute(1000)],
  // im-message-create.md: 5 QPS per chat; message patch: 5 QPS per message.
  send_per_chat: [perSecond(5)],
};

/** One budget a call spends: its limiter bucket (unique per key) and that budget's windows. */
export interface LimitLane {
  bucket: string;
  budget: LimitBudget;
  windows: readonly RateWindow[];
}

/**
 * The budgets a call to `endpoint` spends, the keyed one first so that a call held back by its
 * own chat never blocks other chats' calls in the app-wide queue. Token and bot-info calls have
 * no documented limit and spend none.
 */
export function lanesFor(endpoint: FeishuEndpoint, limits: FeishuLimits, key: string | undefined): LimitLane[] {
  switch (endpoint) {
    case "message_reply":
    case "message_create":
    case "message_patch":
    case "card_update": {
      const shared: LimitLane = { bucket: "send", budget: "send", windows: limits.send };
      if (key === undefined) return [shared];
      return [{ bucket: `send_per_chat|${key}`, budget: "send_per_chat", windows: limits.send_per_chat }, shared];
    }
    case "tenant_token":
    case "bot_info":
      return [];
    default:
      return [{ bucket: endpoint, budget: endpoint, windows: limits[endpoint] }];
  }
}
