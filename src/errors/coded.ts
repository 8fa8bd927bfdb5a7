/**
 * One error base with a stable code, as Bolt's CodedError: whatever fails, the layer that turns it
 * into words (commands/errorView.ts for cards, the start-up for config) chooses by this code rather
 * than by class or message. A Feishu failure is one kind; its own numeric Feishu code rides beside.
 */
export const ERROR_CODES = {
  /** A Feishu Open API call failed (FeishuError carries Feishu's own code, status, retryable). */
  feishuApi: "feishu_api_error",
  /** A command's arguments cannot be used: the user gets the command's usage card. */
  usage: "usage_error",
  /** A rendered card is over Feishu's 30 KB / 200 elements. */
  cardBudget: "card_budget_error",
  /** The configuration stops the start. */
  config: "config_error",
  /** The state store failed (SQLite busy past its timeout, Redis unreachable, a file it cannot open). */
  store: "store_error",
  /** Anything else: a bug, not an outage. */
  unexpected: "unexpected_error",
} as const;

export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

export abstract class CodedError extends Error {
  abstract readonly errorCode: ErrorCode;
}

/** The stable code of anything thrown; `unexpected_error` for what is not a CodedError. */
export function errorCodeOf(error: unknown): ErrorCode {
  return error instanceof CodedError ? error.errorCode : ERROR_CODES.unexpected;
}
