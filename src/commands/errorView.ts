import type { Locale } from "../config/types.js";
import type { CommandName, ErrorView } from "./types.js";
import { ERROR_CODES, errorCodeOf } from "../errors/coded.js";
import { HTTP_ERROR_CODE, MALFORMED_RESPONSE_CODE, NETWORK_ERROR_CODE, type FeishuError } from "../feishu/errors.js";
import { UsageError, type UsageView } from "./usage.js";
import type { FeishuEndpoint } from "../feishu/types.js";
import { ENDPOINT_ERROR_TEXTS, ERROR_TEXTS, FALLBACK, type ErrorText } from "./errorTexts.js";

/** A command's usage line and examples, for the usage card of a usage mistake. */
export interface UsageInfo {
  usage: Record<Locale, string>;
  examples?: readonly string[];
}

/**
 * The one place a failure becomes what the user reads, chosen by the error's stable code
 * (errors/coded.ts). Commands throw; a usage mistake becomes the command's usage card when its
 * usage is known, anything else an error card, so no command formats its own errors.
 */
export function viewForError(
  error: unknown,
  locale: Locale,
  usageOf: (command: CommandName) => UsageInfo | undefined,
): ErrorView | UsageView {
  if (errorCodeOf(error) === ERROR_CODES.usage && error instanceof UsageError) {
    const info = usageOf(error.command);
    if (info) {
      return { kind: "usage", command: error.command, problem: error.problem[locale], usage: info.usage[locale], examples: [...(info.examples ?? [])] };
    }
  }
  return errorView(error, locale);
}

/** The error card for anything thrown, by its code; a usage mistake without its command's usage says what was wrong. */
export function errorView(error: unknown, locale: Locale): ErrorView {
  switch (errorCodeOf(error)) {
    case ERROR_CODES.feishuApi:
      return feishuErrorView(error as FeishuError, locale);
    case ERROR_CODES.usage:
      return { ...fromText(FALLBACK.usage, locale, { retryable: false }), message: (error as UsageError).problem[locale] };
    case ERROR_CODES.store:
      return fromText(FALLBACK.busy, locale, { retryable: true });
    default:
      return fromText(FALLBACK.internal, locale, { retryable: false });
  }
}

function feishuErrorView(error: FeishuError, locale: Locale): ErrorView {

  const params = { scope: SCOPES[error.endpoint], seconds: String(error.rateLimitResetSeconds ?? 60) };
  // Some codes mean something else from one endpoint (121005 from meeting get: not your organisation's).
  const text = ENDPOINT_ERROR_TEXTS[error.endpoint]?.[error.code] ?? ERROR_TEXTS[error.code] ?? fallbackFor(error);
  const view = fromText(text, locale, { retryable: error.retryable, params });
  // Feishu's own code and words help an administrator search its docs; they are shown, escaped, last.
  if (error.code > 0) view.message = `${view.message} (${error.code}${error.feishuMsg ? ` ${error.feishuMsg}` : ""})`;
  return view;
}

/** The scope each endpoint needs, named on the card when Feishu says a scope is missing. */
const SCOPES: Record<FeishuEndpoint, string> = {
  tenant_token: "",
  bot_info: "",
  meeting_get: "vc:meeting:readonly",
  meeting_list_by_no: "vc:meeting:readonly",
  reservation_list: "vc:room:readonly",
  room_list: "vc:room:readonly",
  room_level_list: "vc:room:readonly",
  room_mget: "vc:room:readonly",
  report_get_daily: "vc:report:readonly",
  push_overview: "application:application.app_message_stats.overview:readonly",
  // im-v1/file/create: im:resource or im:resource:upload; the first is the one the README names.
  file_upload: "im:resource",
  message_reply: "im:message:send_as_bot",
  message_create: "im:message:send_as_bot",
  message_patch: "im:message:send_as_bot",
  card_update: "im:message:send_as_bot",
  chat_get: "im:chat:readonly",
  department_get: "contact:department.base:readonly",
  department_children: "contact:department.organize:readonly",
};

function fallbackFor(error: FeishuError): ErrorText {
  if (error.code === NETWORK_ERROR_CODE) return FALLBACK.unreachable;
  if (error.code === HTTP_ERROR_CODE || error.code === MALFORMED_RESPONSE_CODE || error.retryable) return FALLBACK.busy;
  return FALLBACK.refused;
}

function fromText(
  text: ErrorText,
  locale: Locale,
  opts: { retryable: boolean; params?: Record<string, string> },
): ErrorView {
  const fill = (s: string) => s.replace(/\{(\w+)\}/g, (whole, name: string) => opts.params?.[name] ?? whole);
  const words = text[locale];
  return {
    kind: "error",
    title: fill(words.title),
    message: fill(words.message),
    ...(words.hint ? { hint: fill(words.hint) } : {}),
    retryable: opts.retryable,
  };
}
