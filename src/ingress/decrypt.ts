import { createDecipheriv, createHash } from "node:crypto";

/** A ciphertext that is not valid base64(iv ‖ AES-256-CBC) under our key. */
export class DecryptError extends Error {
  override name = "DecryptError";
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const BLOCK = 16;
const utf8 = new TextDecoder("utf-8", { fatal: true });

/** The AES key Feishu derives from the Encrypt Key: SHA-256 of it. */
export function deriveKey(encryptKey: string): Buffer {
  return createHash("sha256").update(encryptKey, "utf8").digest();
}

/**
 * Decrypts Feishu's `encrypt` field: base64(iv[16] ‖ AES-256-CBC(PKCS#7)). Written on node:crypto
 * rather than the SDK's AESCipher, which accepts any string as base64 and decodes invalid UTF-8
 * silently. Throws DecryptError only.
 */
export function decryptPayload(encrypt: string, key: Buffer): string {
  if (encrypt.length % 4 !== 0 || !BASE64.test(encrypt)) throw new DecryptError("not base64");
  const bytes = Buffer.from(encrypt, "base64");
  if (bytes.length < 2 * BLOCK || bytes.length % BLOCK !== 0) {
    throw new DecryptError("ciphertext length is not iv plus whole blocks");
  }
  let plain: Buffer;
  try {
    const decipher = createDecipheriv("aes-256-cbc", key, bytes.subarray(0, BLOCK));
    plain = Buffer.concat([decipher.update(bytes.subarray(BLOCK)), decipher.final()]);
  } catch {
    throw new DecryptError("bad padding: wrong key or corrupted ciphertext");
  }
  try {
    return utf8.decode(plain);
  } catch {
    throw new DecryptError("plaintext is not UTF-8");
  }
}
