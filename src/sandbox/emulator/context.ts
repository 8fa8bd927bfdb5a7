/**
 * The contract between the emulator's core (server, auth, rate limits, faults, call log, data
 * endpoints) and its messaging half (send/reply/patch/card update, event and callback pushing).
 * Types only: the core implements EmulatorContext, the messaging modules consume it.
 */
import type { Request } from "express";
import type { FieldViolation } from "./errors.js";
import type { ParsedParams } from "./parameters/rules.js";
import type { ApiParameters } from "./parameters/table.js";

/** Every Open API endpoint the emulator serves, by a stable name used in faults and call logs. */
export type EndpointName =
  | "tenant_token"
  | "bot_info"
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
  | "message_reply"
  | "message_create"
  | "message_patch"
  | "card_update";

/** A Feishu error as the wire shows it: `{code, msg}` with an HTTP status. */
export interface ApiError {
  code: number;
  msg: string;
  httpStatus: number;
  /** Extra response headers, such as x-ogw-ratelimit-reset. */
  headers?: Record<string, string>;
  /** Extra top-level fields of the error body, e.g. Feishu's `error: {field_violations: [...]}`. */
  extra?: Record<string, unknown>;
}

/** At most `max` calls per fixed window of `windowMs` on the emulator's clock. */
export interface RateWindow {
  max: number;
  windowMs: number;
}

/**
 * A limit counted per key (a chat, a message...) on top of the endpoint's app-level limit. Calls
 * whose key is undefined are not counted. Over the limit the call gets `error` (default: HTTP 429,
 * code 99991400) plus the x-ogw-ratelimit-* headers.
 */
export interface KeyedRateLimit {
  key: (req: Request) => string | undefined;
  windows: RateWindow[];
  error?: { code: number; msg: string; httpStatus: number };
}

/** What a route handler returns: `data` goes out as `{code:0, msg:"success", data}`. */
export type ApiResult = { data: unknown } | { error: ApiError };

/**
 * One endpoint's behaviour. Its method, path and parameters are declared once, in
 * parameters/table.ts: the gateway checks every call against them before the handler runs, and
 * hands the handler the checked values.
 */
export interface RouteDefinition<N extends EndpointName = EndpointName> {
  name: N;
  /** Called only after the tenant token, rate limit, injected faults and parameter checks have let the call through. */
  handler(req: Request, params: ParsedParams<ApiParameters[N]>): ApiResult | Promise<ApiResult>;
  /** The answer to a call whose parameters break their declaration; default 99992402 with the violations. */
  invalid?(violations: FieldViolation[]): ApiError;
  /** Extra per-key limits, e.g. 5 QPS per chat for sending. The app-level limit of `name` (from the
   *  documented table) always applies and needs no declaration here. */
  keyedLimits?: KeyedRateLimit[];
}

export interface EmulatorContext {
  /** The emulator's clock in ms since the epoch (injectable for tests). */
  now(): number;
  /** The credentials and bot identity the emulator accepts and reports. */
  appId: string;
  bot: { openId: string; name: string };
  /** Registers an Open API route behind tenant-token auth, the endpoint's documented rate limit,
   *  fault injection and the call log, with Feishu's JSON error shape. */
  route<N extends EndpointName>(def: RouteDefinition<N>): void;
}
