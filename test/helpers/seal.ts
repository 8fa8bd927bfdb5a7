/**
 * Sealed button values in tests (src/cards/seal.ts). Every callback value the bot puts on a card is
 * `{"s": "<payload>.<mac>"}`; tests read what is inside with `plainValue`, and build a click the bot
 * accepts with `sealedValue`, sealed with the very config the bot under test was started with
 * (for a sandbox: `sandbox.config`).
 */
import { createButtonSeal, peekSealed, sealedButtonValues } from "../../src/cards/seal.js";
import type { FeishuConfig } from "../../src/config/types.js";

type WithFeishu = { feishu: FeishuConfig };

/** Where a hand-built click's card was sent: `chatId` must be the chat the click comes from. */
export interface SealPlace {
  chatId: string;
  /** Unix seconds the card was issued; now (by the machine's clock) unless told. */
  issuedAt?: number;
}

/** `plain` as the bot seals it for a card sent to `place`: with cid and issued added. */
export function sealedValue(config: WithFeishu, plain: Record<string, unknown>, place: SealPlace): Record<string, unknown> {
  const { chatId, issuedAt = Math.floor(Date.now() / 1000) } = place;
  return sealedButtonValues(createButtonSeal(config.feishu), { chatId, issuedAt })(plain);
}

/**
 * `payload` sealed exactly as given, nothing added: for tests of what the bot makes of a genuine
 * value's own fields (an odd `issued`, a value naming no command). It must carry `cid` and `issued`
 * itself for the bot to run it.
 */
export function sealedAsIs(config: WithFeishu, payload: Record<string, unknown>): Record<string, unknown> {
  return createButtonSeal(config.feishu).seal(payload);
}

/** The plain payload of a sealed button value; throws (failing the test) when the value is not sealed. */
export function plainValue(value: unknown): Record<string, unknown> {
  const plain = peekSealed(value);
  if (!plain) throw new Error(`not a sealed button value: ${JSON.stringify(value)}`);
  return plain;
}

/** Every callback behaviour's value on a card (or any part of one), as sent: sealed when the bot sent it. */
export function callbackValues(node: unknown): unknown[] {
  if (Array.isArray(node)) return node.flatMap(callbackValues);
  if (typeof node !== "object" || node === null) return [];
  const here = node as Record<string, unknown>;
  const own = here.type === "callback" && "value" in here ? [here.value] : [];
  return [...own, ...Object.values(here).flatMap(callbackValues)];
}
