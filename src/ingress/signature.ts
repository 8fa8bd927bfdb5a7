import { createHash, timingSafeEqual } from "node:crypto";

/** The three headers Feishu signs a request with when an Encrypt Key is configured. */
export interface SignatureHeaders {
  timestamp: string | undefined;
  nonce: string | undefined;
  signature: string | undefined;
}

export interface SignatureCheckInput {
  headers: SignatureHeaders;
  /** The request body exactly as received: re-serialised JSON would not match. */
  rawBody: Buffer;
  encryptKey: string;
  nowMs: number;
  maxClockSkewSeconds: number;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

const TIMESTAMP = /^\d{1,15}$/;
const SIGNATURE = /^[0-9a-fA-F]{64}$/;

/** hex(sha256(timestamp + nonce + encryptKey + rawBody)), as Feishu computes it. */
export function computeSignature(timestamp: string, nonce: string, encryptKey: string, rawBody: Buffer): string {
  return createHash("sha256")
    .update(timestamp + nonce + encryptKey, "utf8")
    .update(rawBody)
    .digest("hex");
}

/**
 * Checks the signature over the raw bytes and that the timestamp (Unix seconds) is within the
 * allowed skew either way. Feishu documents no replay window; refusing stale requests is ours.
 */
export function verifySignature(input: SignatureCheckInput): SignatureCheck {
  const { timestamp, nonce, signature } = input.headers;
  if (timestamp === undefined || timestamp === "") return refuse("missing X-Lark-Request-Timestamp");
  if (nonce === undefined || nonce === "") return refuse("missing X-Lark-Request-Nonce");
  if (signature === undefined || signature === "") return refuse("missing X-Lark-Signature");
  if (!TIMESTAMP.test(timestamp)) return refuse("malformed timestamp");
  if (!SIGNATURE.test(signature)) return refuse("malformed signature");

  const skewSeconds = Math.abs(input.nowMs / 1000 - Number(timestamp));
  if (!(skewSeconds <= input.maxClockSkewSeconds)) return refuse("timestamp outside the allowed clock skew");

  const expected = Buffer.from(computeSignature(timestamp, nonce, input.encryptKey, input.rawBody), "hex");
  const given = Buffer.from(signature, "hex");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return refuse("signature mismatch");
  return { ok: true };
}

function refuse(reason: string): SignatureCheck {
  return { ok: false, reason };
}
