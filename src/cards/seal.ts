/**
 * Sealed button values. Feishu echoes a button's value back verbatim, but the clicker's client can
 * change it, so every callback value the bot puts on a card is sealed: the plain value (command,
 * typed args, cursor, the chat it was sent to, when the card was issued) encoded
 * once as base64url JSON, and an HMAC-SHA256 over exactly that text. A click whose seal does not
 * verify is not read at all.
 *
 * On the card: `{"s": "<payload>.<mac>"}`. Keys: BOT_STATE_KEY when set (BOT_STATE_KEY_PREVIOUS is
 * still accepted, so keys can rotate), else a key derived from the app secret.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

/** The one property of a sealed value. */
const FIELD = "s";
/** Versioned domain separation: a MAC for anything else never verifies as a button value. */
const CONTEXT = "feishu-meeting-bot/button-value/v1";
/** Feishu's callback values are small; a larger one is not ours. */
export const MAX_SEALED_LENGTH = 4096;

export interface SealKeys {
  /** BOT_STATE_KEY, when the operator sets one. */
  stateKey?: string | undefined;
  /**
   * BOT_STATE_KEY_PREVIOUS: still accepted for clicks on cards sealed before a rotation. Either a
   * former BOT_STATE_KEY or, when the state key is set for the first time, the app secret the
   * cards were sealed under.
   */
  previousStateKey?: string | undefined;
  /** The app secret, from which the key is derived when no state key is set. */
  appSecret: string;
}

export interface ButtonSeal {
  seal(value: Record<string, unknown>): Record<string, unknown>;
  /** The plain value of a sealed one, or why it is refused. Never throws. */
  open(value: unknown): { ok: true; value: Record<string, unknown> } | { ok: false; reason: "unsealed" | "bad-seal" | "malformed" };
}

const derive = (secret: string, label: string): Buffer => createHmac("sha256", secret).update(`${CONTEXT}/${label}`).digest();

export function createButtonSeal(keys: SealKeys): ButtonSeal {
  const current = keys.stateKey ? derive(keys.stateKey, "state-key") : derive(keys.appSecret, "app-secret");
  const previous = keys.previousStateKey;
  const accepted = [current, ...(previous ? [derive(previous, "state-key"), derive(previous, "app-secret")] : [])];
  const mac = (key: Buffer, payload: string): Buffer => createHmac("sha256", key).update(payload).digest();
  // Compared as canonical text: base64url's last character has spare bits, and only one spelling is ours.
  const macText = (key: Buffer, payload: string): Buffer => Buffer.from(mac(key, payload).toString("base64url"));

  return {
    seal(value) {
      const payload = Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
      return { [FIELD]: `${payload}.${mac(current, payload).toString("base64url")}` };
    },
    open(value) {
      if (typeof value !== "object" || value === null || Array.isArray(value)) return { ok: false, reason: "unsealed" };
      const text = (value as Record<string, unknown>)[FIELD];
      if (typeof text !== "string" || Object.keys(value).length !== 1) return { ok: false, reason: "unsealed" };
      if (text.length > MAX_SEALED_LENGTH) return { ok: false, reason: "malformed" };
      const match = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43})$/.exec(text);
      if (!match) return { ok: false, reason: "malformed" };
      const [, payload, given] = match as unknown as [string, string, string];
      const givenMac = Buffer.from(given);
      if (!accepted.some((key) => timingSafeEqual(macText(key, payload), givenMac))) return { ok: false, reason: "bad-seal" };
      try {
        const plain: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
        if (typeof plain !== "object" || plain === null || Array.isArray(plain)) return { ok: false, reason: "malformed" };
        return { ok: true, value: plain as Record<string, unknown> };
      } catch {
        return { ok: false, reason: "malformed" };
      }
    },
  };
}

/** For tests and the sandbox console: the plain value inside a sealed one, without checking the seal. */
export function peekSealed(value: unknown): Record<string, unknown> | undefined {
  const text = typeof value === "object" && value !== null ? (value as Record<string, unknown>)[FIELD] : undefined;
  if (typeof text !== "string") return undefined;
  try {
    return JSON.parse(Buffer.from(text.split(".")[0] ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** Where a card goes: its buttons record it, so a click is only honoured in the same chat. */
export interface ButtonPlace {
  chatId: string;
  /** Unix seconds the card was first sent: clicks past Feishu's 14 days are refused. */
  issuedAt: number;
}

/** Each button value completed with its place and sealed: the map renderView applies to a card. */
export function sealedButtonValues(seal: ButtonSeal, place: ButtonPlace): (value: Record<string, unknown>) => Record<string, unknown> {
  return (value) => seal.seal({ ...value, cid: place.chatId, issued: place.issuedAt });
}
