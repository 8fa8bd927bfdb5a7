/**
 * Each endpoint's documented rate limit (api-rate-limits.md and the endpoint pages) and the
 * scopes of which the app needs any one.
 */
import type { EndpointName, RateWindow } from "./context.js";
import { SCOPES } from "./defaults.js";

const perSecond = (max: number): RateWindow => ({ max, windowMs: 1000 });
const perMinute = (max: number): RateWindow => ({ max, windowMs: 60_000 });

/** Level 4 of the rate-limit table: 1000/min and 50/s. */
const LEVEL_4 = [perSecond(50), perMinute(1000)];

export const DEFAULT_LIMITS: Record<EndpointName, RateWindow[]> = {
  tenant_token: [],
  bot_info: [],
  meeting_get: LEVEL_4,
  meeting_list_by_no: [perMinute(100)],
  // "Special" and unpublished; 100/min is this emulator's choice (configurable).
  report_get_daily: [perMinute(100)],
  reservation_list: [perMinute(100)],
  room_list: LEVEL_4,
  room_level_list: LEVEL_4,
  // vc-v1/room/mget: 1000 per minute and 50 per second.
  room_mget: LEVEL_4,
  push_overview: [perMinute(100)],
  // im-v1/chat/get: 1000 per minute and 50 per second.
  chat_get: LEVEL_4,
  // contact-v3/department/get: 1000 per minute and 50 per second.
  department_get: LEVEL_4,
  // contact-v3/department/children: 1000 per minute and 50 per second.
  department_children: LEVEL_4,
  // im-v1/file/create: 1000 per minute and 50 per second.
  file_upload: LEVEL_4,
  message_reply: LEVEL_4,
  message_create: LEVEL_4,
  message_patch: LEVEL_4,
  card_update: LEVEL_4,
};

const SENDING = [SCOPES.message, SCOPES.sendAsBot, SCOPES.send];
const UPDATING = [SCOPES.message, SCOPES.sendAsBot, SCOPES.update];

export const REQUIRED_SCOPES: Record<EndpointName, readonly string[]> = {
  tenant_token: [],
  bot_info: [],
  meeting_get: [SCOPES.meeting],
  meeting_list_by_no: [SCOPES.meeting],
  report_get_daily: [SCOPES.report],
  reservation_list: [SCOPES.room],
  // vc-rooms-list.md, vc-room-levels-list.md: either scope.
  room_list: [SCOPES.room, SCOPES.roomWrite],
  room_level_list: [SCOPES.room, SCOPES.roomWrite],
  // vc-v1/room/mget: either scope, as for the room list.
  room_mget: [SCOPES.room, SCOPES.roomWrite],
  push_overview: [SCOPES.pushStats],
  // im-v1/chat/get: any one of im:chat, im:chat:read, im:chat:readonly.
  chat_get: [SCOPES.chatReadonly, SCOPES.chatRead, SCOPES.chat],
  // contact-v3/department/get: any one of the department base scope or the app-wide contact read scopes.
  department_get: [SCOPES.department, SCOPES.contactAsApp, SCOPES.contactReadonly],
  // contact-v3/department/children: any one of these five; which fields come back is the route's business.
  department_children: [
    SCOPES.contactBase,
    SCOPES.departmentOrganize,
    SCOPES.contactAccessAsApp,
    SCOPES.contactReadonly,
    SCOPES.contactAsApp,
  ],
  // im-v1/file/create: either of im:resource, im:resource:upload.
  file_upload: [SCOPES.resource, SCOPES.resourceUpload],
  message_reply: SENDING,
  message_create: SENDING,
  message_patch: UPDATING,
  card_update: UPDATING,
};
