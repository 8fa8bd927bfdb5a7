import { parseJsonObject, readOuterBody } from "./body.js";
import { decryptPayload, deriveKey, DecryptError } from "./decrypt.js";
import { parseEnvelope, type Envelope } from "./envelope.js";
import { verifySignature, type SignatureHeaders } from "./signature.js";
import { tokensEqual } from "./token.js";

export interface VerifierOptions {
  encryptKey: string | undefined;
  verificationToken: string | undefined;
  maxClockSkewSeconds: number;
}

export interface RawRequest {
  rawBody: Buffer;
  headers: SignatureHeaders;
  nowMs: number;
}

export type Verified = { ok: true; envelope: Envelope } | { ok: false; status: 400 | 401; reason: string };

/**
 * Turns a raw webhook request into a trusted envelope, in the order that keeps unauthenticated
 * input away from the parser: signature and timestamp over the raw bytes (with an Encrypt Key),
 * then JSON, then decryption, then the verification token. Never throws.
 */
export function createVerifier(options: VerifierOptions): (request: RawRequest) => Verified {
  const encryptKey = options.encryptKey || undefined;
  const verificationToken = options.verificationToken || undefined;
  const aesKey = encryptKey === undefined ? undefined : deriveKey(encryptKey);

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
      if (isUnsigned(request.headers)) return openUnsignedChallenge(open(request.rawBody));
      const signature = verifySignature({
        headers: request.headers,
        rawBody: request.rawBody,
        encryptKey,
        nowMs: request.nowMs,
        maxClockSkewSeconds: options.maxClockSkewSeconds,
      });
      if (!signature.ok) return unauthorized(signature.reason);
    }
    return open(request.rawBody);
  };
}

/**
 * Feishu sends the url_verification challenge without signature headers even when an Encrypt
 * Key is set (seen on the wire; the SDKs answer it before any signature check). An unsigned
 * request is therefore accepted only as an encrypted challenge that decrypts under our key and
 * carries our token; answering it reveals nothing but the challenge. Everything else is a 401.
 */
function openUnsignedChallenge(opened: Verified): Verified {
  if (opened.ok && opened.envelope.kind === "url_verification") return opened;
  return unauthorized(opened.ok ? "missing signature headers" : `missing signature headers (${opened.reason})`);
}

function isUnsigned(headers: SignatureHeaders): boolean {
  return headers.timestamp === undefined && headers.nonce === undefined && headers.signature === undefined;
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
