import type { SignatureHeaders } from "./signature.js";

/**
 * The most an unsigned request may carry when an Encrypt Key is configured: 4 KiB.
 *
 * With an Encrypt Key, the only request Feishu sends without signature headers is the
 * url_verification challenge, and it is small. Its plaintext is
 * `{"challenge":"<c>","token":"<t>","type":"url_verification"}`: 53 bytes of JSON around a
 * UUID-like challenge (36 characters today) and the app's verification token (32 characters
 * today), so 121 bytes. Encrypted, it is sent as `{"encrypt":"<b64>"}` with
 * b64 = base64(iv[16] ‖ AES-256-CBC(PKCS#7)):
 *
 *     ciphertext  = 16 × ⌈(P + 1) / 16⌉           128 bytes for P = 121
 *     base64      = 4 × ⌈(16 + ciphertext) / 3⌉    192 characters
 *     body        = 14 + base64                    206 bytes
 *
 * Inverting the same formulas, a 4,096-byte body holds a plaintext of up to about 3,040 bytes:
 * room for a challenge and a token each more than 40 times longer than Feishu's, pretty-printed
 * JSON, or a few extra fields. A larger unsigned body cannot be a challenge; it is refused with
 * 413 from its Content-Length, or as soon as that many bytes have arrived, and never parsed.
 */
export const UNSIGNED_BODY_LIMIT_BYTES = 4 * 1024;

/** No signature header at all: with an Encrypt Key, only the url_verification challenge comes so. */
export function isUnsigned(headers: SignatureHeaders): boolean {
  return headers.timestamp === undefined && headers.nonce === undefined && headers.signature === undefined;
}

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * A linear pre-check run before JSON.parse on an unsigned body: true when the bytes could be a
 * JSON object with no object or array inside it, which the encrypted challenge
 * (`{"encrypt":"..."}`) always is. Anything nested is refused without being parsed, so an
 * unsigned request never makes the parser build deep structures. JSON.parse still validates
 * whatever passes.
 */
export function isFlatJsonObject(raw: Buffer): boolean {
  let i = 0;
  while (i < raw.length && isSpace(raw[i]!)) i++;
  if (raw[i] !== OPEN_BRACE) return false;
  let inString = false;
  for (i += 1; i < raw.length; i++) {
    const byte = raw[i]!;
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      return false;
    }
  }
  return true;
}

/**
 * Tokens whose characters every JSON encoder writes as they are (never as `\uXXXX` or `\/`), so
 * a payload that carries the token carries it byte for byte. Feishu's are alphanumeric.
 */
const LITERAL_TOKEN = /^[A-Za-z0-9._~-]+$/;

/**
 * A cheap pre-check for unsigned bodies when there is no Encrypt Key (the verification token,
 * inside the payload, is then the only credential): false when `raw` cannot hold `token`, so the
 * body need not be parsed to be refused. Undefined when the token is not checked this way.
 */
export function mayCarryToken(raw: Buffer, token: string): boolean | undefined {
  if (!LITERAL_TOKEN.test(token)) return undefined;
  return raw.includes(token, 0, "utf8");
}

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}
