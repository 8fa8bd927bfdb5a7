/**
 * Judges the bot's HTTP answer to a card callback as Feishu's client does
 * (card-action-trigger-callback.md): HTTP 200 within 3 s, a JSON object body, an optional toast,
 * and an optional card of type raw (a card JSON) or template. A card clicked in JSON 2.0 must be
 * answered with 2.0.
 */
import { checkCard, schemaOf, type ParsedCard } from "./card-validator.js";
import { describeCardProblem } from "./errors.js";
import type { CallbackAnswerInput, CallbackOutcome, ChatMessage, Toast } from "./types.js";

export const CallbackClientError = {
  timeout: 200341,
  badStatus: 200671,
  badBody: 200672,
  badCard: 200673,
  v2ToV1: 200830,
  /**
   * A click on a card past its interaction window. Feishu's client only shows a prompt ("this card
   * was sent more than N days ago and can no longer be interacted with", card-callback-handling.md)
   * and documents no code for it, so the emulator records 230031, Feishu's code for the same
   * 14-day limit on updating a message (message-patch-card.md).
   */
  expired: 230031,
} as const;

const TOAST_TYPES = new Set(["info", "success", "error", "warning"]);

export interface Judgement {
  outcome: CallbackOutcome;
  /** The card that replaces the clicked one, when the answer carried one. */
  card?: ParsedCard;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const failure = (code: number, msg: string, answer?: unknown): Judgement => ({
  outcome: { ok: false, code, msg, ...(answer === undefined ? {} : { answer }) },
});

export function judgeCallbackAnswer(input: CallbackAnswerInput, clicked: ChatMessage): Judgement {
  if (input.timedOut) return failure(CallbackClientError.timeout, "the callback was not answered within 3 s");
  if (input.status !== 200) return failure(CallbackClientError.badStatus, `the callback was answered with HTTP ${input.status}`);
  let answer: unknown;
  try {
    answer = JSON.parse(input.body);
  } catch {
    return failure(CallbackClientError.badBody, "the answer is not JSON");
  }
  if (!isObject(answer)) return failure(CallbackClientError.badBody, "the answer is not a JSON object", answer);

  const toast = readToast(answer["toast"]);
  if (toast === "invalid") return failure(CallbackClientError.badBody, "the toast is malformed", answer);

  const card = answer["card"];
  if (card === undefined) {
    return { outcome: { ok: true, answer, ...(toast ? { toast } : {}), cardReplaced: false } };
  }
  const parsed = readCard(card, clicked);
  if ("code" in parsed) return failure(parsed.code, parsed.msg, answer);
  return { outcome: { ok: true, answer, ...(toast ? { toast } : {}), cardReplaced: true }, card: parsed };
}

function readToast(toast: unknown): Toast | undefined | "invalid" {
  if (toast === undefined) return undefined;
  if (!isObject(toast)) return "invalid";
  const { type, content, i18n } = toast;
  if (type !== undefined && (typeof type !== "string" || !TOAST_TYPES.has(type))) return "invalid";
  if (content !== undefined && typeof content !== "string") return "invalid";
  if (i18n !== undefined && (!isObject(i18n) || !Object.values(i18n).every((v) => typeof v === "string"))) {
    return "invalid";
  }
  return {
    ...(type === undefined ? {} : { type }),
    ...(content === undefined ? {} : { content }),
    ...(i18n === undefined ? {} : { i18n: i18n as Record<string, string> }),
  };
}

function readCard(card: unknown, clicked: ChatMessage): ParsedCard | { code: number; msg: string } {
  if (!isObject(card) || !isObject(card["data"])) {
    return { code: CallbackClientError.badCard, msg: "card must be {type, data}" };
  }
  const data = card["data"];
  if (card["type"] === "template") {
    const check = checkCard({ type: "template", data });
    return check.ok ? check.parsed : { code: CallbackClientError.badCard, msg: describeCardProblem(check.problem) };
  }
  if (card["type"] !== "raw") return { code: CallbackClientError.badCard, msg: "card.type must be raw or template" };
  const check = checkCard(data);
  if (!check.ok) return { code: CallbackClientError.badCard, msg: describeCardProblem(check.problem) };
  if (schemaOf(clicked.card) === "2.0" && check.parsed.schema !== "2.0") {
    return { code: CallbackClientError.v2ToV1, msg: "a JSON 2.0 card cannot be updated to a JSON 1.0 card" };
  }
  return check.parsed;
}
