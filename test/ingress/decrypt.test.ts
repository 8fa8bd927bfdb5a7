import { createCipheriv, createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptPayload, deriveKey, DecryptError } from "../../src/ingress/decrypt.js";
import { encrypt } from "./feishu-sender.js";

describe("decryptPayload", () => {
  it("matches Feishu's documented vector", () => {
    expect(decryptPayload("P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=", deriveKey("test key"))).toBe("hello world");
  });

  it("round-trips what the test sender encrypts, multi-byte text included", () => {
    const text = JSON.stringify({ type: "url_verification", challenge: "会议 ✓ ".repeat(40) });
    expect(decryptPayload(encrypt(text, "k"), deriveKey("k"))).toBe(text);
  });

  it.each([
    ["not base64", "%%%%not-base64%%%%"],
    ["base64 with a bad length", "P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk"],
    ["only an IV", Buffer.alloc(16).toString("base64")],
    ["a partial block", Buffer.alloc(40).toString("base64")],
    ["empty", ""],
  ])("refuses %s with a DecryptError", (_label, ciphertext) => {
    expect(() => decryptPayload(ciphertext, deriveKey("test key"))).toThrow(DecryptError);
  });

  it("refuses the vector under another key (bad padding) with a DecryptError", () => {
    expect(() => decryptPayload("P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=", deriveKey("other key"))).toThrow(DecryptError);
  });

  it("refuses a plaintext that is not UTF-8", () => {
    const iv = randomBytes(16);
    const cipher = createCipheriv("aes-256-cbc", createHash("sha256").update("k").digest(), iv);
    // 0xff never occurs in UTF-8.
    const invalid = Buffer.concat([iv, cipher.update(Buffer.from([0xff, 0xfe, 0x41])), cipher.final()]).toString("base64");
    expect(() => decryptPayload(invalid, deriveKey("k"))).toThrow(DecryptError);
  });
});
