/** Reading a card's buttons in end-to-end tests: every button anywhere in the card JSON, its label and its value. */

export type CardElement = Record<string, unknown> & { tag: string };

export function buttons(node: unknown): CardElement[] {
  if (Array.isArray(node)) return node.flatMap(buttons);
  if (typeof node !== "object" || node === null) return [];
  const element = node as CardElement;
  return element.tag === "button" ? [element] : Object.values(element).flatMap(buttons);
}

export const buttonLabel = (button: CardElement) => (button.text as { content?: string } | undefined)?.content ?? "";

/** The value a click on the button sends back (its first callback behaviour's). */
export const buttonValue = (button: CardElement) => (button.behaviors as Array<{ value: Record<string, unknown> }>)[0]!.value;
