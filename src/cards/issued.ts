/**
 * Stamps the time a card is issued into every callback button's value. Done once on the rendered
 * card, so the many places that build button values (commands, pagers, digests) need not each know
 * the clock; a click then tells a card past Feishu's 14 days (commands/paging.ts, cardExpired).
 */
import type { Card } from "./render.js";

/** A copy of `card` whose callback behaviours' values carry `issued` (unix seconds). */
export function stampIssued(card: Card, issuedSeconds: number): Card {
  return stamp(card, Math.floor(issuedSeconds)) as Card;
}

function stamp(node: unknown, issued: number): unknown {
  if (Array.isArray(node)) return node.map((item) => stamp(item, issued));
  if (!isObject(node)) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] = key === "behaviors" && Array.isArray(value) ? value.map((b) => stampBehavior(b, issued)) : stamp(value, issued);
  }
  return out;
}

function stampBehavior(behavior: unknown, issued: number): unknown {
  if (!isObject(behavior) || behavior.type !== "callback" || !isObject(behavior.value)) return stamp(behavior, issued);
  return { ...behavior, value: { ...behavior.value, issued } };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
