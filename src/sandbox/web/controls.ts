/**
 * What can be clicked on a card: the callback values of its buttons and pickers. Feishu's client
 * calls back only with a value a component of that very card holds, so the console sends nothing else.
 */

/** Each callback value on the card, as JSON text (the form the page sends it back in, parsed). */
export function callbackValues(card: unknown): Set<string> {
  const values = new Set<string>();
  const visit = (node: unknown, depth: number): void => {
    if (depth > 32 || typeof node !== "object" || node === null) return;
    if (Array.isArray(node)) return node.forEach((child) => visit(child, depth + 1));
    const record = node as Record<string, unknown>;
    if (Array.isArray(record.behaviors)) {
      for (const behaviour of record.behaviors as unknown[]) {
        const { type, value } = (behaviour ?? {}) as { type?: unknown; value?: unknown };
        if (type === "callback" && typeof value === "object" && value !== null) values.add(JSON.stringify(value));
      }
    }
    for (const child of Object.values(record)) visit(child, depth + 1);
  };
  visit(card, 0);
  return values;
}

/** The value a page sent, as comparable JSON text; undefined when it nests deeper than any card's value could. */
export function valueKey(value: unknown, maxDepth = 8): string | undefined {
  const within = (node: unknown, depth: number): boolean =>
    typeof node !== "object" || node === null ? true : depth < maxDepth && Object.values(node).every((child) => within(child, depth + 1));
  return within(value, 0) ? JSON.stringify(value) : undefined;
}
