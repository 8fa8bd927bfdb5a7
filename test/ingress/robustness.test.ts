import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cardActionEvent, encrypt, encryptedBody, messageEvent, signedHeaders, urlVerification } from "./feishu-sender.js";
import { ENCRYPT_KEY, post, startHarness, VERIFICATION_TOKEN, type Harness } from "./harness.js";

const crashes: unknown[] = [];
const onCrash = (error: unknown) => crashes.push(error);
let secured: Harness;
let tokenOnly: Harness;
let delivered = 0;

beforeAll(async () => {
  process.on("uncaughtException", onCrash);
  process.on("unhandledRejection", onCrash);
  let n = 0;
  // Handlers that misbehave in every way a handler can.
  const onMessage = () => {
    n += 1;
    delivered += 1;
    if (n % 3 === 0) throw new Error("sync");
    return n % 3 === 1 ? Promise.reject(new Error("async")) : Promise.resolve();
  };
  const onCardAction = () => {
    n += 1;
    if (n % 2 === 0) throw new Error("sync card");
    return Promise.reject(new Error("async card"));
  };
  const handlers = { rawHandlers: { onMessage, onCardAction }, bodyLimitBytes: 256 * 1024, cardAnswerTimeoutMs: 200 };
  secured = await startHarness({ encryptKey: ENCRYPT_KEY, verificationToken: VERIFICATION_TOKEN, ...handlers });
  tokenOnly = await startHarness({ verificationToken: VERIFICATION_TOKEN, ...handlers });
});

afterAll(async () => {
  await new Promise((resolve) => setTimeout(resolve, 50));
  process.off("uncaughtException", onCrash);
  process.off("unhandledRejection", onCrash);
  await secured.close();
  await tokenOnly.close();
  expect(crashes).toEqual([]);
});

const deepArrays = "[".repeat(50_000) + "]".repeat(50_000);
const deepObjects = '{"a":'.repeat(20_000) + "1" + "}".repeat(20_000);

describe("hostile bodies", () => {
  const cases: Array<[string, Buffer | string, Record<string, string>]> = [
    ["empty body", "", {}],
    ["empty JSON body", "", { "content-type": "application/json" }],
    ["wrong content type", JSON.stringify(messageEvent({ token: VERIFICATION_TOKEN })).slice(1), { "content-type": "text/plain" }],
    ["binary garbage", Buffer.from([0, 255, 1, 254, 0x7b, 0x22, 0xc3, 0x28]), { "content-type": "application/octet-stream" }],
    ["deeply nested arrays", deepArrays, { "content-type": "application/json" }],
    ["deeply nested objects", deepObjects, { "content-type": "application/json" }],
    ["deep nesting inside a message", JSON.stringify(messageEvent({ token: "x" })).replace('"content":', `"content":${deepArrays},"x":`), {}],
    ["an array", "[]", {}],
    ["null", "null", {}],
    ["a string", '"hello"', {}],
    ["a number", "1e400", {}],
    ["__proto__ keys", '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}', {}],
    ["a bogus charset", "{}", { "content-type": "application/json; charset=utf-99" }],
  ];

  it.each(cases)("answers %s with a 4xx on both routes and both configurations", async (_label, body, headers) => {
    for (const h of [secured, tokenOnly]) {
      for (const path of ["/webhook/event", "/webhook/card"]) {
        const res = await post(h.url + path, body, headers);
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        expect(res.body).toMatchObject({ error: expect.any(String) });
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("answers the same garbage correctly signed with a 4xx too (it reaches the parser)", async () => {
    for (const [, body] of cases) {
      const res = await post(secured.url + "/webhook/event", body, signedHeaders(body, ENCRYPT_KEY));
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
    const deepInside = JSON.stringify({ encrypt: encrypt(deepArrays, ENCRYPT_KEY) });
    expect((await post(secured.url + "/webhook/event", deepInside, signedHeaders(deepInside, ENCRYPT_KEY))).status).toBe(400);
  });
});

describe("random requests (property)", () => {
  const printable = fc.string({ maxLength: 40 }).map((s) => s.replace(/[^\x20-\x7e]/g, ""));
  const jsonText = fc.jsonValue({ maxDepth: 6 }).map((v) => JSON.stringify(v) ?? "null");
  const validEvents = fc.constantFrom(
    () => messageEvent({ token: VERIFICATION_TOKEN }),
    () => cardActionEvent({ token: VERIFICATION_TOKEN }),
    () => urlVerification(VERIFICATION_TOKEN),
    () => messageEvent({ token: "wrong" }),
  );
  /** A valid event with one field replaced by a random JSON value. */
  const mutatedEvent = fc
    .tuple(validEvents, fc.constantFrom("header", "event", "schema", "token", "type", "challenge"), fc.jsonValue({ maxDepth: 4 }))
    .map(([make, key, value]) => JSON.stringify({ ...make(), [key]: value }));
  const rawBody = fc.oneof(
    jsonText,
    mutatedEvent,
    fc.string({ maxLength: 200 }),
    fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
    printable.map((s) => JSON.stringify({ encrypt: s })),
    jsonText.map((inner) => JSON.stringify({ encrypt: encrypt(inner, ENCRYPT_KEY) })),
    mutatedEvent.map((inner) => JSON.stringify({ encrypt: encrypt(inner, ENCRYPT_KEY) })),
  );
  const contentType = fc.option(fc.constantFrom("application/json", "text/plain", "application/octet-stream", "multipart/form-data", "application/json; charset=latin1"));
  const request = fc.record({
    body: rawBody,
    path: fc.constantFrom("/webhook/event", "/webhook/card"),
    contentType,
    // none: no signature headers; valid: signed over the body; random: junk headers.
    signing: fc.constantFrom("none", "valid", "random"),
    junk: fc.record({ timestamp: printable, nonce: printable, signature: printable }),
    target: fc.constantFrom("secured", "tokenOnly"),
  });

  it("never answers 5xx nor crashes over 500 random requests", async () => {
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const headers: Record<string, string> = {};
        if (r.contentType !== null) headers["content-type"] = r.contentType;
        if (r.signing === "valid") Object.assign(headers, signedHeaders(r.body, ENCRYPT_KEY), r.contentType === null ? {} : { "content-type": r.contentType });
        if (r.signing === "random") {
          headers["x-lark-request-timestamp"] = r.junk.timestamp;
          headers["x-lark-request-nonce"] = r.junk.nonce;
          headers["x-lark-signature"] = r.junk.signature;
        }
        const h = r.target === "secured" ? secured : tokenOnly;
        const res = await post(h.url + r.path, r.body, headers);
        expect(res.status).toBeLessThan(500);
        expect(res.body).toBeTypeOf("object");
        expect(res.text).not.toMatch(/\n\s+at /);
      }),
      { numRuns: 500 },
    );
    expect((await fetch(secured.url + "/healthz")).status).toBe(200);
    expect(crashes).toEqual([]);
  });

  it("still authenticates: a valid signed event gets through after the storm", async () => {
    const before = delivered;
    const body = encryptedBody(messageEvent({ token: VERIFICATION_TOKEN }), ENCRYPT_KEY);
    expect((await post(secured.url + "/webhook/event", body, signedHeaders(body, ENCRYPT_KEY))).status).toBe(200);
    await expect.poll(() => delivered).toBe(before + 1);
  });
});
