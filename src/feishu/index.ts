/** The Feishu gateway's public surface. Nothing outside src/feishu touches the SDK or raw JSON. */
export { createLarkClient } from "./client.js";
export { createFeishuGateway, type FeishuGateway, type FeishuGatewayOptions } from "./gateway.js";
export { DEFAULT_SHARED_KEY_PREFIX, type SharedStateOptions } from "./call.js";
export { DEFAULT_RETRY, type RetryPolicy } from "./retry.js";
export { DOCUMENTED_LIMITS, type FeishuLimits } from "./limits.js";
export {
  FeishuError,
  HTTP_ERROR_CODE,
  INTERNAL_ERROR_CODE,
  MALFORMED_RESPONSE_CODE,
  NETWORK_ERROR_CODE,
  CHAT_RATE_LIMITED_CODE,
  PUSH_DATA_NOT_FOUND_CODE,
  RATE_LIMITED_CODE,
  SCOPE_MISSING_CODE,
  TOKEN_EXPIRED_CODE,
  UNEXPECTED_ERROR_CODE,
  VC_NO_PERMISSION_CODE,
} from "./errors.js";
export type { PushOverviewQuery } from "./endpoints/app-usage.js";
export type { GetMeetingOptions, ListMeetingsByNoQuery } from "./endpoints/meetings.js";
export type { ReplyOptions } from "./endpoints/messages.js";
export type { DailyReportQuery } from "./endpoints/reports.js";
export type { ReservationQuery } from "./endpoints/rooms.js";
export * from "./types.js";
