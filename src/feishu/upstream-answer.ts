/**
 * A Feishu answer as the metrics' `code` label: "0", Feishu's own code, or the class of a failure
 * Feishu gave no code for. Classes rather than raw statuses or messages keep the label set small.
 */
import { HTTP_ERROR_CODE, MALFORMED_RESPONSE_CODE, NETWORK_ERROR_CODE, RATE_LIMITED_CODE, type FeishuError } from "./errors.js";

export interface UpstreamAnswer {
  code: string;
  /** Feishu said slow down: HTTP 429, or 99991400 (sent with a 400 by some older APIs). */
  rateLimited: boolean;
}

export const ANSWERED_OK: UpstreamAnswer = Object.freeze({ code: "0", rateLimited: false });

export function upstreamAnswer(error: FeishuError | undefined): UpstreamAnswer {
  if (!error) return ANSWERED_OK;
  return { code: codeLabel(error), rateLimited: error.httpStatus === 429 || error.code === RATE_LIMITED_CODE };
}

function codeLabel(error: FeishuError): string {
  if (error.code > 0) return String(error.code);
  switch (error.code) {
    case NETWORK_ERROR_CODE:
      return "network";
    case MALFORMED_RESPONSE_CODE:
      return "malformed";
    case HTTP_ERROR_CODE:
      return error.httpStatus === undefined ? "http" : `http_${Math.floor(error.httpStatus / 100)}xx`;
    default:
      return "unexpected";
  }
}
