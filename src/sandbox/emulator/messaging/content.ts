/**
 * Validates a message's msg_type and content string as the send, reply and patch endpoints do:
 * known type, size bound (text 150 KB, cards and rich text 30 KB), a JSON string, and for
 * interactive messages a card the emulator can parse.
 */
import type { ApiError } from "../context.js";
import { checkCard, type ParsedCard } from "./card-validator.js";
import { CardErrCode, cardContentFailed, contentTooLong, invalidParameter } from "./errors.js";

export const MSG_TYPES = new Set([
  "text",
  "post",
  "image",
  "file",
  "audio",
  "media",
  "sticker",
  "interactive",
  "share_chat",
  "share_user",
  "system",
]);

export const CONTENT_LIMITS = { textBytes: 150 * 1024, cardBytes: 30 * 1024 } as const;

export type ContentCheck = { ok: true; card?: ParsedCard } | { ok: false; error: ApiError };

const failed = (error: ApiError): ContentCheck => ({ ok: false, error });

export function checkContent(msgType: string, content: string): ContentCheck {
  if (!MSG_TYPES.has(msgType)) return failed(invalidParameter("invalid msg_type."));
  const limit = msgType === "text" ? CONTENT_LIMITS.textBytes : CONTENT_LIMITS.cardBytes;
  if (Buffer.byteLength(content, "utf8") > limit) return failed(contentTooLong());

  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    if (msgType === "interactive") {
      return failed(cardContentFailed({ errCode: CardErrCode.parse, errMsg: "parse card json err, please check whether the card json is correct" }));
    }
    return failed(invalidParameter("invalid content, content must be a JSON string."));
  }
  if (msgType === "interactive") {
    const check = checkCard(parsed);
    return check.ok ? { ok: true, card: check.parsed } : failed(cardContentFailed(check.problem));
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    return failed(invalidParameter("invalid content, content must be a JSON object."));
  }
  if (msgType === "text" && typeof (parsed as Record<string, unknown>)["text"] !== "string") {
    return failed(invalidParameter("invalid content, text message needs a text field."));
  }
  return { ok: true };
}
