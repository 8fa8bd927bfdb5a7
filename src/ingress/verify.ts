import { parseJsonObject, readOuterBody } from "./body.js";
import { decryptPayload, deriveKey, DecryptError } from "./decrypt.js";
import { parseEnvelope, type Envelope } from "./envelope.js";
import { verifySignature, type SignatureHeaders } from "./signature.js";
import { tokensEqual } from "./token.js";
import { isFlatJsonObject, isUnsigned, mayCarryToken, UNSIGNED_BODY_LIMIT_BYTES } from "./unsigned.js";

export interface VerifierOptions {
  encryptKey: string | undefined;
  verificationToken: string | undefined;
  maxClockSkewSeconds: number;
  /**
   * The largest unsigned body opened (UNSIGNED_BODY_LIMIT_BYTES by default): with an Encrypt Key,
   * a larger one is refused with 413; without one, a larger one must contain the verification
   * token's bytes before it is parsed.
   */
  unsignedLimitBytes?: number;
}

export interface RawRequest {
  rawBody: Buffer;
  headers: SignatureHeaders;
  nowMs: number;
}

export type Verified = { ok: true; envelope: Envelope } | { ok: false; status: 400 | 401 | 413; reason: string };

/**
 * Turns a raw webhook request into a trusted envelope, in the order that keeps unauthenticated
 * input away from the parser: signature and timestamp over the raw bytes (with an Encrypt Key),
 * then JSON, then decryption, then the verification token. Never throws.
 *
 * Unsigned requests are cheap to refuse: with an Encrypt Key, only a body of at most
 * `unsignedLimitBytes` shaped like `{"encrypt":"..."}` (a flat object) reaches JSON.parse; without
 * one, a body over `unsignedLimitBytes` reaches it only if the token's bytes are in it.
 */
export function createVerifier(options: VerifierOptions): (request: RawRequest) => Verified {
  const encryptKey = options.encryptKey || undefined;
  const verificationToken = options.verificationToken || undefined;
  const aesKey = encryptKey === undefined ? undefined : deriveKey(encryptKey);
  const unsignedLimit = options.unsignedLimitBytes ?? UNSIGNED_BODY_LIMIT_BYTES;

  const tokenOk = (envelope: Envelope): boolean =>
    verificationToken === undefined || tokensEqual(envelope.token, verificationToken);

  /** Decrypts `{"encrypt"}` (or passes a plain body through) and validates the envelope. */
  const open = (rawBody: Buffer): Verified => {
    const outer = readOuterBody(rawBody);
    if (!outer.ok) return bad(outer.reason);
    let payload: Record<string, unknown>;
    if (outer.kind === "plain") {
      if (aesKey !== undefined) return unauthorized("plaintext body while an encrypt key is configured");
      payload = outer.payload;
    } else {
      if (aesKey === undefined) return bad("encrypted body but no encrypt key is configured");
      const decrypted = decrypt(outer.ciphertext, aesKey);
      if (!decrypted.ok) return bad(decrypted.reason);
      const inner = parseJsonObject(decrypted.plaintext);
      if (!inner.ok) return bad(`decrypted ${inner.reason}`);
      payload = inner.value;
    }
    const parsed = parseEnvelope(payload);
    if (!parsed.ok) return bad(parsed.reason);
    if (!tokenOk(parsed.envelope)) return unauthorized("verification token mismatch");
    return { ok: true, envelope: parsed.envelope };
  };

  return (request) => {
    if (encryptKey === undefined && verificationToken === undefined) {
      return unauthorized("neither an encrypt key nor a verification token is configured");
    }
    if (encryptKey !== undefined) {
      if (isUnsigned(request.headers)) return openUnsignedChallenge(request.rawBody, unsignedLimit, open);
      const signature = verifySignature({
        headers: request.headers,
        rawBody: request.rawBody,
        encryptKey,
        nowMs: request.nowMs,
        maxClockSkewSeconds: options.maxClockSkewSeconds,
      });
      if (!signature.ok) return unauthorized(signature.reason);
    } else if (verificationToken !== undefined && request.rawBody.length > unsignedLimit) {
      // Every payload Feishu sends carries the token; a large body without it is not worth parsing.
      if (mayCarryToken(request.rawBody, verificationToken) === false) return unauthorized("verification token not in the body");
    }
    return open(request.rawBody);
  };
}

/**
 * Feishu sends the url_verification challenge without signature headers even when an Encrypt
 * Key is set (seen on the wire; the SDKs answer it before any signature check). An unsigned
 * request is therefore accepted only as an encrypted challenge that decrypts under our key and
 * carries our token; answering it reveals nothing but the challenge. A body larger than a
 * challenge can be is a 413 and one that is not a flat JSON object a 401, both unparsed;
 * everything else that is not such a challenge is a 401.
 */
function openUnsignedChallenge(rawBody: Buffer, limit: number, open: (rawBody: Buffer) => Verified): Verified {
  if (rawBody.length > limit) return { ok: false, status: 413, reason: "unsigned body larger than a url_verification challenge" };
  if (!isFlatJsonObject(rawBody)) return unauthorized("missing signature headers (not shaped like a challenge)");
  const opened = open(rawBody);
  if (opened.ok && opened.envelope.kind === "url_verification") return opened;
  return unauthorized(opened.ok ? "missing signature headers" : `missing signature headers (${opened.reason})`);
}

function decrypt(ciphertext: string, key: Buffer): { ok: true; plaintext: string } | { ok: false; reason: string } {
  try {
    return { ok: true, plaintext: decryptPayload(ciphertext, key) };
  } catch (error) {
    return { ok: false, reason: error instanceof DecryptError ? `cannot decrypt: ${error.message}` : "cannot decrypt" };
  }
}

function bad(reason: string): Verified {
  return { ok: false, status: 400, reason };
}

function unauthorized(reason: string): Verified {
  return { ok: false, status: 401, reason };
}
