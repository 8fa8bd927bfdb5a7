/**
 * One error type for every way a Feishu call can fail, and the one function that builds it.
 * Callers decide on `retryable`, `tokenExpired` and `code`; they never look at axios or raw JSON.
 */
import { CodedError, ERROR_CODES } from "../errors/coded.js";
import type { FeishuEndpoint } from "./types.js";

/** Our own codes for failures Feishu never answered with a code of its own. */
export const NETWORK_ERROR_CODE = -1;
export const MALFORMED_RESPONSE_CODE = -2;
export const HTTP_ERROR_CODE = -3;
/** Something threw that is neither an HTTP failure nor a Feishu answer: a bug, not an outage. */
export const UNEXPECTED_ERROR_CODE = -4;

export const RATE_LIMITED_CODE = 99991400;
export const TOKEN_EXPIRED_CODE = 99991663;
export const INTERNAL_ERROR_CODE = 121001;
/** IM's "frequency limit": too many sends to one chat (or patches to one message) per second. */
export const CHAT_RATE_LIMITED_CODE = 230020;
/** "Access denied. One of the following scopes is required: [a, b]" (api-error-codes.md). */
export const SCOPE_MISSING_CODE = 99991672;
/** The VC pages' "no permission": the app's creator lacks the admin console's meeting-management permission. */
export const VC_NO_PERMISSION_CODE = 121005;
/** push_overview's "data not found" for the asked day: the app pushed nothing then (seed 004). */
export const PUSH_DATA_NOT_FOUND_CODE = 211011;

const RETRYABLE_CODES = new Set([NETWORK_ERROR_CODE, RATE_LIMITED_CODE, INTERNAL_ERROR_CODE, CHAT_RATE_LIMITED_CODE]);

export interface FeishuErrorInit {
  code: number;
  /** Feishu's `msg`, or our description; scrubbed of anything token-like before use. */
  msg: string;
  endpoint: FeishuEndpoint;
  httpStatus: number | undefined;
  logId?: string | undefined;
  rateLimitResetSeconds?: number | undefined;
}

export class FeishuError extends CodedError {
  override readonly name = "FeishuError";
  readonly errorCode = ERROR_CODES.feishuApi;
  readonly code: number;
  readonly httpStatus: number | undefined;
  /** True when the same call may succeed later: 5xx, 429/99991400, 230020, 121001, network, timeout. */
  readonly retryable: boolean;
  /** True for 99991663: fetch a new tenant token, then retry once. */
  readonly tokenExpired: boolean;
  readonly endpoint: FeishuEndpoint;
  readonly logId?: string;
  /** Seconds to wait before calling again, from x-ogw-ratelimit-reset. */
  readonly rateLimitResetSeconds?: number;
  /** Feishu's own `msg` (scrubbed), without our prefix. */
  readonly feishuMsg: string;

  constructor(init: FeishuErrorInit) {
    const msg = scrubSecrets(init.msg);
    const status = init.httpStatus === undefined ? "" : ` (HTTP ${init.httpStatus})`;
    super(`Feishu ${init.endpoint} failed: code ${init.code}${status}: ${msg}`);
    this.code = init.code;
    this.httpStatus = init.httpStatus;
    this.endpoint = init.endpoint;
    this.feishuMsg = msg;
    if (init.logId !== undefined) this.logId = init.logId;
    if (init.rateLimitResetSeconds !== undefined) this.rateLimitResetSeconds = init.rateLimitResetSeconds;
    this.tokenExpired = init.code === TOKEN_EXPIRED_CODE;
    this.retryable =
      RETRYABLE_CODES.has(init.code) ||
      init.httpStatus === 429 ||
      (init.httpStatus !== undefined && init.httpStatus >= 500);
  }
}

/** Token-looking strings are masked, in case a server message or error text echoes one. */
export function scrubSecrets(text: string): string {
  return text
    .replace(/Bearer\s+\S+/gi, "Bearer [redacted]")
    .replace(/\b[tu]-[A-Za-z0-9._-]{8,}/g, "[redacted-token]")
    .replace(/("?app_secret"?\s*[:=]\s*"?)[^"&,\s}]+/gi, "$1[redacted]");
}

/** What the SDK resolves with: the response body, `{code, msg, data}`. */
export interface FeishuEnvelope {
  code?: number | undefined;
  msg?: string | undefined;
  data?: unknown;
}

/**
 * Turns an answer that came back (HTTP 200) into a FeishuError when its code is not 0.
 * Returns undefined for a success.
 */
export function errorFromEnvelope(endpoint: FeishuEndpoint, body: unknown): FeishuError | undefined {
  if (!isRecord(body)) {
    return new FeishuError({
      code: MALFORMED_RESPONSE_CODE,
      msg: "the response body is not a JSON object",
      endpoint,
      httpStatus: 200,
    });
  }
  const code = body.code;
  if (code === 0) return undefined;
  if (typeof code !== "number") {
    return new FeishuError({
      code: MALFORMED_RESPONSE_CODE,
      msg: "the response body has no numeric code",
      endpoint,
      httpStatus: 200,
    });
  }
  return new FeishuError({
    code,
    msg: typeof body.msg === "string" ? body.msg : "",
    endpoint,
    httpStatus: 200,
    logId: logIdOf(body, undefined),
  });
}

/**
 * Turns anything a call threw into a FeishuError: an axios error with or without a response,
 * the SDK's plain Error for a token fetch answered with code ≠ 0, or an unexpected throw.
 */
export function errorFromThrown(endpoint: FeishuEndpoint, thrown: unknown): FeishuError {
  if (thrown instanceof FeishuError) return thrown;
  if (isAxiosLike(thrown)) return fromAxios(endpoint, thrown);
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  const token = /^failed to get (\w+), code: (-?\d+), msg: (.*)$/s.exec(message);
  if (token) {
    return new FeishuError({
      code: Number(token[2]),
      msg: `${token[1]}: ${token[3] ?? ""}`,
      endpoint: "tenant_token",
      httpStatus: 200,
    });
  }
  return new FeishuError({ code: UNEXPECTED_ERROR_CODE, msg: message, endpoint, httpStatus: undefined });
}

interface AxiosLike {
  isAxiosError: true;
  message: string;
  code?: string | undefined;
  config?: { url?: string | undefined } | undefined;
  response?: { status: number; data?: unknown; headers?: unknown } | undefined;
}

function isAxiosLike(value: unknown): value is AxiosLike {
  return isRecord(value) && value.isAxiosError === true;
}

function fromAxios(endpoint: FeishuEndpoint, error: AxiosLike): FeishuError {
  // A failed token fetch surfaces from whichever call needed the token; name the real culprit.
  const where = isTokenUrl(error.config?.url) ? "tenant_token" : endpoint;
  const response = error.response;
  if (!response) {
    const timedOut = error.code === "ECONNABORTED" || error.code === "ETIMEDOUT" || error.code === "ERR_CANCELED";
    const reason = timedOut ? "timed out" : "network error";
    return new FeishuError({
      code: NETWORK_ERROR_CODE,
      msg: `${reason}: ${error.code ?? ""} ${error.message}`.trim(),
      endpoint: where,
      httpStatus: undefined,
    });
  }
  const body = response.data;
  const headers = headerReader(response.headers);
  const reset = Number(headers("x-ogw-ratelimit-reset"));
  const rateLimitResetSeconds = headers("x-ogw-ratelimit-reset") !== undefined && Number.isFinite(reset) ? reset : undefined;
  const logId = logIdOf(body, headers("x-tt-logid"));
  if (isRecord(body) && typeof body.code === "number") {
    return new FeishuError({
      code: body.code,
      msg: typeof body.msg === "string" ? body.msg : "",
      endpoint: where,
      httpStatus: response.status,
      logId,
      rateLimitResetSeconds,
    });
  }
  return new FeishuError({
    code: response.status === 429 ? RATE_LIMITED_CODE : HTTP_ERROR_CODE,
    msg: `HTTP ${response.status} without a Feishu error body`,
    endpoint: where,
    httpStatus: response.status,
    logId,
    rateLimitResetSeconds,
  });
}

function isTokenUrl(url: string | undefined): boolean {
  return url !== undefined && url.includes("/open-apis/auth/v3/");
}

/** Reads a header from axios's AxiosHeaders or a plain object, case-insensitively. */
function headerReader(headers: unknown): (name: string) => string | undefined {
  return (name) => {
    if (!isRecord(headers)) return undefined;
    const get = headers.get;
    const value =
      typeof get === "function" ? (get as (n: string) => unknown).call(headers, name) : headers[name.toLowerCase()];
    if (typeof value === "string" && value !== "") return value;
    if (typeof value === "number") return String(value);
    return undefined;
  };
}

/** Feishu puts the log id in `error.log_id` of the body and in the x-tt-logid header. */
function logIdOf(body: unknown, header: string | undefined): string | undefined {
  if (isRecord(body) && isRecord(body.error) && typeof body.error.log_id === "string") return body.error.log_id;
  return header;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}
