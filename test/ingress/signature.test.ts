import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeSignature, verifySignature } from "../../src/ingress/signature.js";
import { messageEvent, sign, signedHeaders, encryptedBody } from "./feishu-sender.js";
import { ENCRYPT_KEY, VERIFICATION_TOKEN, post, startHarness, type Harness } from "./harness.js";

describe("computeSignature", () => {
  it("is hex(sha256(timestamp + nonce + key + raw bytes))", () => {
    const body = Buffer.from('{"encrypt":"x"}');
    expect(computeSignature("1700000000", "n", "key", body)).toBe(sign("1700000000", "n", "key", body));
  });
});

describe("verifySignature", () => {
  const body = Buffer.from('{"encrypt":"abc"}');
  const nowMs = 1_700_000_000_000;
  const headers = (timestamp = "1700000000", nonce = "nonce-1") => ({
    timestamp,
    nonce,
    signature: sign(timestamp, nonce, ENCRYPT_KEY, body),
  });
  const check = (h: ReturnType<typeof headers>, raw = body) =>
    verifySignature({ headers: h, rawBody: raw, encryptKey: ENCRYPT_KEY, nowMs, maxClockSkewSeconds: 300 });

  it("accepts a matching signature within the skew, either side", () => {
    expect(check(headers())).toEqual({ ok: true });
    expect(check(headers("1699999701"))).toEqual({ ok: true });
    expect(check(headers("1700000299"))).toEqual({ ok: true });
  });

  it("refuses timestamps beyond the skew, past and future", () => {
    expect(check(headers("1699999699")).ok).toBe(false);
    expect(check(headers("1700000301")).ok).toBe(false);
  });

  it("refuses short or non-hex signatures; hex case does not matter", () => {
    const h = headers();
    expect(check({ ...h, signature: h.signature.slice(0, 63) }).ok).toBe(false);
    expect(check({ ...h, signature: "zz" + h.signature.slice(2) }).ok).toBe(false);
    expect(check({ ...h, signature: h.signature.toUpperCase() })).toEqual({ ok: true });
  });

  it("refuses non-numeric timestamps", () => {
    expect(check(headers("1700000000.5")).ok).toBe(false);
    expect(check(headers("-1700000000")).ok).toBe(false);
  });
});

describe("signature over HTTP", () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ encryptKey: ENCRYPT_KEY, verificationToken: VERIFICATION_TOKEN });
  });
  afterAll(() => harness.close());

  // Odd spacing and key order: a re-serialised body would sign differently.
  const rawBody = () => {
    const json = encryptedBody(messageEvent({ token: VERIFICATION_TOKEN }), ENCRYPT_KEY);
    return Buffer.from(json.replace("{", "{ \n  ").replace('":"', '" :  "') + "\n");
  };
  const event = (path = "/webhook/event") => `${harness.url}${path}`;

  it("accepts the exact raw bytes as sent", async () => {
    const body = rawBody();
    const before = harness.messages.length;
    const res = await post(event(), body, signedHeaders(body, ENCRYPT_KEY));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({});
    await expect.poll(() => harness.messages.length).toBe(before + 1);
  });

  const flip = (text: string, index: number): string => {
    const chars = [...text];
    const at = index < 0 ? chars.length + index : index;
    chars[at] = chars[at] === "a" ? "b" : "a";
    return chars.join("");
  };

  it("refuses one changed byte in the body", async () => {
    const body = rawBody();
    const headers = signedHeaders(body, ENCRYPT_KEY);
    const changed = Buffer.from(body);
    changed[changed.length - 1] = 0x20; // trailing "\n" → " ": still valid JSON, different bytes
    expect((await post(event(), changed, headers)).status).toBe(401);
  });

  it("refuses one changed character in the timestamp, nonce or signature", async () => {
    const body = rawBody();
    const headers = signedHeaders(body, ENCRYPT_KEY, { nonce: "nonce-abc" });
    const timestamp = headers["x-lark-request-timestamp"]!;
    const lastDigit = String((Number(timestamp.slice(-1)) + 1) % 10);
    const variants = [
      { ...headers, "x-lark-request-timestamp": timestamp.slice(0, -1) + lastDigit },
      { ...headers, "x-lark-request-nonce": flip(headers["x-lark-request-nonce"]!, -1) },
      { ...headers, "x-lark-signature": flip(headers["x-lark-signature"]!, 0) },
    ];
    for (const variant of variants) {
      const res = await post(event(), body, variant);
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ error: "unauthorized" });
    }
    expect((await post(event(), body, headers)).status).toBe(200);
  });

  it("refuses stale and future timestamps, even correctly signed", async () => {
    const body = rawBody();
    const now = Math.floor(Date.now() / 1000);
    for (const timestampSeconds of [now - 600, now + 600]) {
      expect((await post(event(), body, signedHeaders(body, ENCRYPT_KEY, { timestampSeconds }))).status).toBe(401);
    }
  });

  it.each(["x-lark-request-timestamp", "x-lark-request-nonce", "x-lark-signature"])(
    "refuses a request missing %s",
    async (header) => {
      const body = rawBody();
      const headers = signedHeaders(body, ENCRYPT_KEY);
      delete headers[header];
      const before = harness.messages.length;
      expect((await post(event(), body, headers)).status).toBe(401);
      expect((await post(event("/webhook/card"), body, headers)).status).toBe(401);
      expect(harness.messages.length).toBe(before);
    },
  );

  it("refuses an event with no signature headers at all and runs nothing", async () => {
    const body = rawBody();
    const before = harness.messages.length;
    const res = await post(event(), body, { "content-type": "application/json" });
    expect(res.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(harness.messages.length).toBe(before);
    const refused = harness.logs().filter((r) => r.msg === "ingress: request refused" && r.status === 401);
    expect(refused.length).toBeGreaterThan(0);
    expect(JSON.stringify(refused)).not.toContain(ENCRYPT_KEY);
  });
});
