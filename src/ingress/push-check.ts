/**
 * The checks a push over the long connection can get. It arrives in plaintext on a socket the SDK
 * opened with the app's secret: there is no signature to check and nothing to decrypt. What is left
 * to check: that it is a well-formed event for this app, and the verification token when one is
 * configured and the push carries one (whether Feishu always sends it there is not documented).
 */
import { parseEnvelope, type Envelope } from "./envelope.js";
import { tokensEqual } from "./token.js";
import type { RefusalReason } from "./types.js";

export interface PushCheckOptions {
  appId: string;
  verificationToken?: string;
}

export type CheckedPush =
  | { ok: true; envelope: Exclude<Envelope, { kind: "url_verification" }> }
  | { ok: false; reason: RefusalReason; detail: string };

export function checkPush(payload: unknown, options: PushCheckOptions): CheckedPush {
  if (!isRecord(payload)) return refused("bad_request", "not a JSON object");
  // The long connection carries plaintext only; an encrypted body here is not Feishu's.
  if ("encrypt" in payload) return refused("bad_request", "encrypted body over the long connection");
  const parsed = parseEnvelope(payload);
  if (!parsed.ok) return refused("bad_request", parsed.reason);
  const { envelope } = parsed;
  if (envelope.kind === "url_verification") return refused("bad_request", "url_verification over the long connection");
  const appId = appIdOf(payload);
  if (appId !== options.appId) return refused("wrong_app", appId === undefined ? "no app_id" : "app_id is another app's");
  const token = options.verificationToken || undefined;
  if (token !== undefined && envelope.token !== undefined && !tokensEqual(envelope.token, token)) {
    return refused("unauthorized", "verification token mismatch");
  }
  return { ok: true, envelope };
}

/** Schema 2.0 names the app in `header.app_id`, schema 1.0 in `event.app_id`. */
function appIdOf(payload: Record<string, unknown>): string | undefined {
  const holder = isRecord(payload.header) ? payload.header : isRecord(payload.event) ? payload.event : undefined;
  const appId = holder?.app_id;
  return typeof appId === "string" ? appId : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function refused(reason: RefusalReason, detail: string): CheckedPush {
  return { ok: false, reason, detail };
}
