/**
 * How Feishu protects what it pushes (events-webhook.md, events-receive.md): the body encrypted
 * as base64(iv ‖ AES-256-CBC(PKCS7)) with key = sha256(encrypt key), and a signature
 * hex(sha256(timestamp + nonce + encrypt key + body)) over the exact body bytes.
 * The SDK's AESCipher only decrypts, so encryption is done here with node:crypto.
 */
import { createCipheriv, createHash, randomBytes } from "node:crypto";

export function encryptPayload(plaintext: string, encryptKey: string): string {
  const key = createHash("sha256").update(encryptKey).digest();
  const iv = randomBytes(16);
  // createCipheriv pads with PKCS#7 by default.
  const cipher = createCipheriv("aes-256-cbc", key, iv);
  const encrypted = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return Buffer.concat([iv, encrypted]).toString("base64");
}

export function signBody(timestamp: string, nonce: string, encryptKey: string, body: string): string {
  return createHash("sha256")
    .update(timestamp + nonce + encryptKey)
    .update(body)
    .digest("hex");
}
