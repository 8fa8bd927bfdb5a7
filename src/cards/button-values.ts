/**
 * Rewrites every callback button's value on a rendered card. Done once on the finished card, so the
 * many places that build button values (commands, pagers, digests) need not each know the clock,
 * the chat or the seal (cards/seal.ts).
 */
import type { Card } from "./render.js";

export type ButtonValueMap = (value: Record<string, unknown>) => Record<string, unknown>;

/** A copy of `card` whose callback behaviours' values went through `map`; nothing else changes. */
export function mapCallbackValues(card: Card, map: ButtonValueMap): Card {
  return walk(card, map) as Card;
}

function walk(node: unknown, map: ButtonValueMap): unknown {
  if (Array.isArray(node)) return node.map((item) => walk(item, map));
  if (!isObject(node)) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] = key === "behaviors" && Array.isArray(value) ? value.map((b) => mapBehavior(b, map)) : walk(value, map);
  }
  return out;
}

function mapBehavior(behavior: unknown, map: ButtonValueMap): unknown {
  if (!isObject(behavior) || behavior.type !== "callback" || !isObject(behavior.value)) return walk(behavior, map);
  return { ...behavior, value: map(behavior.value) };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
