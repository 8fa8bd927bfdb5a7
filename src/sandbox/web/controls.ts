/**
 * What can be clicked on a card: the callback values of its buttons and pickers. Feishu's client
 * calls back only with a value a component of that very card holds, so the console sends nothing else.
 */
import { callbackButtons } from "../console/cards.js";
import { cardPickers } from "../console/pickers.js";

/**
 * Each callback value on the card, as JSON text (the form the page sends it back in, parsed): its
 * buttons' and pickers', found as the text console finds them.
 */
export function callbackValues(card: unknown): Set<string> {
  return new Set([...callbackButtons(card), ...cardPickers(card)].map((control) => JSON.stringify(control.value)));
}

/** The value a page sent, as comparable JSON text; undefined when it nests deeper than any card's value could. */
export function valueKey(value: unknown, maxDepth = 8): string | undefined {
  const within = (node: unknown, depth: number): boolean =>
    typeof node !== "object" || node === null ? true : depth < maxDepth && Object.values(node).every((child) => within(child, depth + 1));
  return within(value, 0) ? JSON.stringify(value) : undefined;
}
