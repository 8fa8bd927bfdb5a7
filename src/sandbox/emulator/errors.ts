/**
 * Feishu error codes the emulator answers with, their message and HTTP status as the pages give
 * them (seed pages, api-error-codes.md, api-rate-limits.md, the im-v1/chat/get page). Codes with no
 * documented status are answered 400, Feishu's usual status for a rejected request.
 */
import type { ApiError } from "./context.js";

interface Known {
  httpStatus: number;
  msg: string;
}

export const CODES = {
  rateLimited: 99991400,
  tokenMissing: 99991661,
  tenantTokenInvalid: 99991663,
  userTokenInvalid: 99991668,
  tokenMalformed: 99991671,
  scopeMissing: 99991672,
  fieldValidation: 99992402,
  invalidParam: 10003,
  appSecretInvalid: 10014,
  vcInternal: 121001,
  vcNotSupported: 121002,
  vcParam: 121003,
  vcNotFound: 121004,
  vcNoPermission: 121005,
  vcStartTime: 126005,
  vcEndTime: 126006,
  pushEdition: 211004,
  pushAppId: 211005,
  pushDepartment: 211006,
  pushDateFormat: 211007,
  pushCycleType: 211009,
  pushDateRange: 211010,
  pushNoData: 211011,
  imFrequency: 230020,
  chatIdInvalid: 232006,
  chatOtherTenant: 232010,
  chatOperatorOutside: 232011,
  chatBotDisabled: 232025,
  chatExternal: 232033,
  chatAppUnavailable: 232034,
  /** api-error-codes.md: the department is not within the app's contact range (or not the tenant's at all). */
  noDepartmentAuthority: 40004,
  /** contact-v3/department/children's error table. */
  pageSizeInvalid: 40011,
  pageTokenInvalid: 40012,
  internal: 1500,
} as const;

const KNOWN: Record<number, Known> = {
  [CODES.rateLimited]: { httpStatus: 429, msg: "request trigger frequency limit" },
  [CODES.tokenMissing]: {
    httpStatus: 400,
    msg: "Missing access token for authorization. Please make a request with token attached.",
  },
  [CODES.tenantTokenInvalid]: {
    httpStatus: 400,
    msg: "Invalid access token for authorization. Please make a request with token attached.",
  },
  [CODES.userTokenInvalid]: {
    httpStatus: 400,
    msg: "Invalid access token for authorization. Please make a request with token attached.",
  },
  [CODES.tokenMalformed]: { httpStatus: 400, msg: "Invalid token: must start with t-/u-" },
  [CODES.scopeMissing]: { httpStatus: 400, msg: "Access denied. One of the following scopes is required" },
  [CODES.fieldValidation]: { httpStatus: 400, msg: "field validation failed" },
  [CODES.invalidParam]: { httpStatus: 200, msg: "invalid param" },
  [CODES.appSecretInvalid]: { httpStatus: 200, msg: "app secret invalid" },
  [CODES.vcInternal]: { httpStatus: 500, msg: "internal error" },
  [CODES.vcNotSupported]: { httpStatus: 400, msg: "not support" },
  [CODES.vcParam]: { httpStatus: 400, msg: "param error" },
  [CODES.vcNotFound]: { httpStatus: 404, msg: "data not exist" },
  [CODES.vcNoPermission]: { httpStatus: 403, msg: "no permission" },
  [CODES.vcStartTime]: { httpStatus: 400, msg: "start time error (cannot larger than now or smaller than 0)" },
  [CODES.vcEndTime]: {
    httpStatus: 400,
    msg: "end time cannot exceed start time for one day or smaller than start time",
  },
  [CODES.pushEdition]: { httpStatus: 403, msg: "no authority for quota limit" },
  [CODES.pushAppId]: { httpStatus: 400, msg: "invalid app id" },
  [CODES.pushDepartment]: { httpStatus: 400, msg: "invalid department id" },
  [CODES.pushDateFormat]: { httpStatus: 400, msg: "invalid date format" },
  [CODES.pushCycleType]: { httpStatus: 400, msg: "invalid cycle type" },
  [CODES.pushDateRange]: { httpStatus: 403, msg: "invalid date range" },
  [CODES.pushNoData]: { httpStatus: 404, msg: "data not found" },
  [CODES.imFrequency]: { httpStatus: 400, msg: "This operation triggers the frequency limit." },
  // im-v1/chat/get's error table: every code answered with HTTP 400.
  [CODES.chatIdInvalid]: { httpStatus: 400, msg: "Your request specifies a chat_id which is invalid." },
  [CODES.chatOtherTenant]: { httpStatus: 400, msg: "Operator and chat can NOT be in different tenants." },
  [CODES.chatOperatorOutside]: { httpStatus: 400, msg: "Operator can NOT be out of the chat." },
  [CODES.chatBotDisabled]: { httpStatus: 400, msg: "Bot ability is not activated." },
  [CODES.chatExternal]: {
    httpStatus: 400,
    msg: "The operator or invited bots does NOT have the authority to manage external chats without the scope.",
  },
  [CODES.chatAppUnavailable]: { httpStatus: 400, msg: "The app is unavailable or inactivated by the tenant." },
  [CODES.noDepartmentAuthority]: { httpStatus: 400, msg: "no dept authority error" },
  [CODES.pageSizeInvalid]: { httpStatus: 400, msg: "page size is invalid" },
  [CODES.pageTokenInvalid]: { httpStatus: 400, msg: "page token is invalid error" },
  [CODES.internal]: { httpStatus: 500, msg: "internal error" },
};

/** The error for `code` with its documented status and message; anything may be overridden. */
export function feishuError(code: number, overrides: Partial<Omit<ApiError, "code">> = {}): ApiError {
  const known = KNOWN[code];
  return {
    code,
    msg: overrides.msg ?? known?.msg ?? "error",
    httpStatus: overrides.httpStatus ?? known?.httpStatus ?? 400,
    ...(overrides.headers ? { headers: overrides.headers } : {}),
    ...(overrides.extra ? { extra: overrides.extra } : {}),
  };
}

export interface FieldViolation {
  field: string;
  value?: string;
  description: string;
}

/** The gateway's answer when a parameter breaks its declared type, enum or bounds. */
export function fieldValidationError(violations: FieldViolation[]): ApiError {
  return feishuError(CODES.fieldValidation, { extra: { error: { field_violations: violations } } });
}

export function scopeError(anyOf: readonly string[]): ApiError {
  return feishuError(CODES.scopeMissing, {
    msg: `Access denied. One of the following scopes is required: [${anyOf.join(", ")}].`,
    extra: {
      error: {
        permission_violations: anyOf.map((subject) => ({ type: "action_scope_required", subject })),
      },
    },
  });
}
