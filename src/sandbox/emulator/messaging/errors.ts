/**
 * The Feishu errors the messaging endpoints answer with, worded as the wire shows them.
 * Codes and statuses come from the im-message-create/reply, message-patch-card and
 * card-delayed-update pages; where a page names no HTTP status, 400 is used like the IM v1 APIs.
 */
import type { ApiError } from "../context.js";

const BAD_REQUEST = 400;

function apiError(code: number, msg: string): ApiError {
  return { code, msg, httpStatus: BAD_REQUEST };
}

/** The gateway's own check of required fields and declared bounds (e.g. uuid ≤ 50 chars). */
export function fieldValidationFailed(field: string, description: string): ApiError {
  return {
    ...apiError(99992402, "field validation failed"),
    extra: { error: { field_violations: [{ field, description }] } },
  };
}

/** 230001, with the `ext=` detail Feishu appends. */
export function invalidParameter(ext: string): ApiError {
  return apiError(230001, `Your request contains an invalid request parameter, ext=${ext}`);
}

/** im-message-create.md, im-message-reply.md: the chat is a group the bot is not in. */
export function botOutsideChat(): ApiError {
  return apiError(230002, "The bot can not be outside the group.");
}

export function contentTooLong(): ApiError {
  return apiError(230025, "The length of the message content reaches its limit.");
}

export function frequencyLimited(): ApiError {
  return apiError(230020, "This operation triggers the frequency limit.");
}

export function tooOldToModify(): ApiError {
  return apiError(230031, "Message can only be modified within 14 days after sending.");
}

/** Sub-codes of 230099 as listed on the send/reply/patch pages. */
export const CardErrCode = {
  elementLimit: 11310,
  parse: 200621,
  chartSpec: 200550,
  unsupportedInV2: 200861,
  tableRows: 200914,
} as const;

export interface CardProblem {
  errCode: number;
  errMsg: string;
  /** Where in the card, as Feishu writes it: "ROOT -> body -> elements -> [2](tag: chart)". */
  path?: string;
}

export function cardContentFailed(problem: CardProblem): ApiError {
  const path = problem.path ? ` ErrPath: ${problem.path};` : "";
  return apiError(
    230099,
    `Failed to create card content, ext=ErrCode: ${problem.errCode};${path} ErrMsg: ${problem.errMsg}; `,
  );
}

/** A card problem in one line, where it is first: "ROOT -> body -> elements -> [1](tag: table): rows is required". */
export function describeCardProblem(problem: CardProblem): string {
  return problem.path ? `${problem.path}: ${problem.errMsg}` : problem.errMsg;
}

/** Error codes of POST /open-apis/interactive/v1/card/update (card-delayed-update.md). */
export const CardUpdateError = {
  cardFormat: (detail: string) => apiError(11311, `card format is invalid: ${detail}`),
  cardParam: (detail: string) => apiError(10002, `card param is invalid: ${detail}`),
  tokenFormat: () => apiError(300020, "token format is invalid"),
  tokenExpired: () => apiError(300030, "token is invalid or expired"),
  tokenExhausted: () => apiError(300040, "token has reached its usage limit"),
  openIdsRequired: () => apiError(300090, "open_ids is required for a card whose update_multi is false"),
} as const;
