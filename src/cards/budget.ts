/** Feishu refuses cards over 30 KB or with more than 200 elements (card-v2-structure.md); catch that before sending. */
import { CodedError, ERROR_CODES } from "../errors/coded.js";
import type { Card } from "./render.js";

export const MAX_CARD_BYTES = 30 * 1024;
export const MAX_CARD_ELEMENTS = 200;

export class CardBudgetError extends CodedError {
  readonly errorCode = ERROR_CODES.cardBudget;
  constructor(
    message: string,
    readonly bytes: number,
    readonly elements: number,
  ) {
    super(message);
    this.name = "CardBudgetError";
  }
}

/**
 * Size of the card as JSON (UTF-8 bytes) and its element count; throws CardBudgetError over either limit.
 * Feishu counts components and text elements alike ("如 tag 为 plain_text 的文本元素"), so every object
 * with a `tag` counts, the header's included.
 */
export function checkCardBudget(card: Card): { bytes: number; elements: number } {
  const bytes = Buffer.byteLength(JSON.stringify(card), "utf8");
  const elements = countElements(card);
  if (bytes > MAX_CARD_BYTES) {
    throw new CardBudgetError(`card is ${bytes} bytes, over the ${MAX_CARD_BYTES}-byte limit`, bytes, elements);
  }
  if (elements > MAX_CARD_ELEMENTS) {
    throw new CardBudgetError(`card has ${elements} elements, over the limit of ${MAX_CARD_ELEMENTS}`, bytes, elements);
  }
  return { bytes, elements };
}

function countElements(root: unknown): number {
  let count = 0;
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      stack.push(...node);
    } else if (typeof node === "object" && node !== null) {
      if (typeof (node as { tag?: unknown }).tag === "string") count += 1;
      stack.push(...Object.values(node));
    }
  }
  return count;
}
