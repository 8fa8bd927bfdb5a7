/**
 * Cheap refusals of unsigned requests (issue 10, item 5). With an Encrypt Key, the only unsigned
 * request Feishu sends is the url_verification challenge, a few hundred bytes; anything larger is
 * refused with 413 before it is read in full or parsed, and nothing nested reaches JSON.parse.
 * The "not read / not parsed" checks are timing-free: the body is never sent in full (the answer
 * must come while the request is still open), and a spy on JSON.parse sees every parse.
 */
import { request as httpRequest, type ClientRequest } from "node:http";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createVerifier } from "../../src/ingress/verify.js";
import { isFlatJsonObject, mayCarryToken, UNSIGNED_BODY_LIMIT_BYTES } from "../../src/ingress/unsigned.js";
import { encrypt, encryptedBody, messageEvent, signedHeaders, urlVerification } from "./feishu-sender.js";
import { ENCRYPT_KEY, eventually, post, startHarness, VERIFICATION_TOKEN, type Harness, type HarnessOptions } from "./harness.js";

const secured = { encryptKey: ENCRYPT_KEY, verificationToken: VERIFICATION_TOKEN };
const tokenOnly = { verificationToken: VERIFICATION_TOKEN };
const JSON_HEADERS = { "content-type": "application/json" };
const BOUND = UNSIGNED_BODY_LIMIT_BYTES;

/** Nested JSON of exactly `bytes` bytes (`{"a":[` … `]}`), the kind that is slow to parse. */
function nested(bytes: number): string {
  const depth = Math.floor(bytes / 8);
  return ('{"a":['.repeat(depth) + "]}".repeat(depth)).padEnd(bytes, " ");
}

let harness: Harness | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await harness?.close();
  harness = undefined;
});

async function start(options: HarnessOptions): Promise<Harness> {
  harness = await startHarness(options);
  return harness;
}

/** JSON.parse calls on anything longer than a challenge can be (the tests' own parses are small). */
function bigParses(): () => number {
  const spy = vi.spyOn(JSON, "parse");
  return () => spy.mock.calls.filter(([text]) => typeof text === "string" && text.length > BOUND).length;
}

interface Answer {
  status: number;
  body: unknown;
}

/** A request whose body the test writes by hand; `answer` settles when the response has been read. */
function open(url: string, headers: Record<string, string | number>): { req: ClientRequest; answer: Promise<Answer> } {
  const req = httpRequest(url, { method: "POST", headers });
  const answer = new Promise<Answer>((resolve, reject) => {
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) }));
      res.on("error", reject);
    });
    req.on("error", reject);
  });
  return { req, answer };
}

/** Fails rather than hangs when the server waits for a body that is never coming (the old behaviour). */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

const write = (req: ClientRequest, chunk: Buffer) => new Promise<void>((resolve, reject) => req.write(chunk, (e) => (e ? reject(e) : resolve())));

describe("the bound", () => {
  it("holds a real challenge with room to spare, and any challenge plaintext up to 3,039 bytes", () => {
    const real = encryptedBody(urlVerification(VERIFICATION_TOKEN, "b8a2c5e1-6a3f-4d0e-9f57-2c1d8e4b7a90"), "k".repeat(32));
    const feishuSized = encryptedBody(urlVerification("t".repeat(32), "b8a2c5e1-6a3f-4d0e-9f57-2c1d8e4b7a90"), "k");
    expect(Buffer.byteLength(feishuSized)).toBe(206);
    expect(Buffer.byteLength(real)).toBeLessThan(BOUND / 10);
    // base64(iv ‖ AES-CBC(P)) inside {"encrypt":"…"}: 14 + 4⌈(16 + 16⌈(P+1)/16⌉)/3⌉ bytes.
    const body = (plaintextBytes: number) => JSON.stringify({ encrypt: encrypt("x".repeat(plaintextBytes), "k") });
    expect(Buffer.byteLength(body(3_039))).toBeLessThanOrEqual(BOUND);
    expect(Buffer.byteLength(body(3_040))).toBeGreaterThan(BOUND);
  });
});

describe("shape checks", () => {
  it("isFlatJsonObject: a flat object passes; nesting, arrays and non-objects do not", () => {
    const yes = ['{"encrypt":"abc=="}', ' \n{ "encrypt" : "a\\"[{b" , "x":1 }', "{}", '{"a":"]}[{"}'];
    const no = ['{"a":{}}', '{"a":[1]}', "[]", '"s"', "1", "", "  ", "null", nested(200), '{"a":"\\\\"[1]}'];
    for (const text of yes) expect(isFlatJsonObject(Buffer.from(text)), text).toBe(true);
    for (const text of no) expect(isFlatJsonObject(Buffer.from(text)), text).toBe(false);
  });

  it("mayCarryToken: finds the token's bytes, and does not judge tokens an encoder might escape", () => {
    expect(mayCarryToken(Buffer.from('{"token":"abc123"}'), "abc123")).toBe(true);
    expect(mayCarryToken(Buffer.from('{"token":"abc12"}'), "abc123")).toBe(false);
    expect(mayCarryToken(Buffer.from("{}"), "a/b")).toBeUndefined();
    expect(mayCarryToken(Buffer.from("{}"), "<tok>")).toBeUndefined();
  });
});

describe("the verifier on unsigned bodies", () => {
  const unsigned = { timestamp: undefined, nonce: undefined, signature: undefined };
  const withKey = createVerifier({ ...secured, maxClockSkewSeconds: 300 });
  const withoutKey = createVerifier({ ...tokenOnly, encryptKey: undefined, maxClockSkewSeconds: 300 });
  const nowMs = Date.now();

  it("with an Encrypt Key, refuses a body over the bound with 413 and parses nothing", () => {
    const parses = vi.spyOn(JSON, "parse");
    const result = withKey({ rawBody: Buffer.from(nested(BOUND + 1)), headers: unsigned, nowMs });
    expect(result).toMatchObject({ ok: false, status: 413 });
    expect(parses).not.toHaveBeenCalled();
  });

  it("with an Encrypt Key, refuses nested JSON under the bound with 401 and parses nothing", () => {
    const parses = vi.spyOn(JSON, "parse");
    for (const text of [nested(BOUND), "[".repeat(BOUND / 2) + "]".repeat(BOUND / 2), '{"encrypt":"x","a":{"b":1}}']) {
      expect(withKey({ rawBody: Buffer.from(text), headers: unsigned, nowMs })).toMatchObject({ ok: false, status: 401 });
    }
    expect(parses).not.toHaveBeenCalled();
  });

  it("with an Encrypt Key, still opens the encrypted challenge", () => {
    const body = Buffer.from(encryptedBody(urlVerification(VERIFICATION_TOKEN, "c-1"), ENCRYPT_KEY));
    expect(withKey({ rawBody: body, headers: unsigned, nowMs })).toMatchObject({ ok: true, envelope: { kind: "url_verification", challenge: "c-1" } });
  });

  it("without an Encrypt Key, parses nothing over the bound that lacks the token's bytes", () => {
    const parses = vi.spyOn(JSON, "parse");
    const result = withoutKey({ rawBody: Buffer.from(nested(1 << 20)), headers: unsigned, nowMs });
    expect(result).toMatchObject({ ok: false, status: 401 });
    expect(parses).not.toHaveBeenCalled();
  });

  it("without an Encrypt Key, opens a large event that carries the token as before", () => {
    const event = messageEvent({ token: VERIFICATION_TOKEN, text: "x".repeat(20_000) });
    const result = withoutKey({ rawBody: Buffer.from(JSON.stringify(event)), headers: unsigned, nowMs });
    expect(result).toMatchObject({ ok: true, envelope: { kind: "message" } });
  });
});

describe("unsigned requests over HTTP, with an Encrypt Key", () => {
  it("answers 413 to an unsigned 5 KB body from its Content-Length, before any of the body is sent", async () => {
    const h = await start(secured);
    const parses = bigParses();
    const { req, answer } = open(`${h.url}/webhook/event`, { ...JSON_HEADERS, "content-length": 5 * 1024 });
    req.flushHeaders();
    // Not one body byte is written: the answer can only come from the headers.
    const res = await within(answer, 5_000, "the server is waiting for the body");
    req.destroy();
    expect(res).toEqual({ status: 413, body: { error: "payload too large" } });
    expect(parses()).toBe(0);
    expect(h.logs()).toContainEqual(expect.objectContaining({ status: 413, reason: "unsigned body larger than a url_verification challenge" }));
  });

  it("answers 413 to an unsigned body a few bytes over the bound, on both routes, and still serves afterwards", async () => {
    const h = await start(secured);
    const parses = bigParses();
    for (const path of ["/webhook/event", "/webhook/card"]) {
      expect(await post(h.url + path, nested(BOUND + 1), JSON_HEADERS)).toMatchObject({ status: 413, body: { error: "payload too large" } });
    }
    expect(parses()).toBe(0);
    const challenge = encryptedBody(urlVerification(VERIFICATION_TOKEN, "after"), ENCRYPT_KEY);
    expect(await post(h.url + "/webhook/event", challenge, JSON_HEADERS)).toMatchObject({ status: 200, body: { challenge: "after" } });
  });

  it("aborts a chunked unsigned body (no Content-Length) at the bound, while it is still being sent", async () => {
    const h = await start(secured);
    const parses = bigParses();
    const { req, answer } = open(`${h.url}/webhook/event`, JSON_HEADERS);
    let answered: Answer | undefined;
    void answer.then((a) => (answered = a), () => undefined);
    const chunk = Buffer.from(nested(1024));
    let written = 0;
    // Keep sending 1 KiB chunks, never ending the request, until the server answers.
    while (answered === undefined && written < 1 << 20) {
      await write(req, chunk);
      written += chunk.length;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    req.destroy();
    expect(answered).toEqual({ status: 413, body: { error: "payload too large" } });
    expect(req.getHeader("content-length")).toBeUndefined();
    // The server answered at the bound; the client only wrote on while the answer travelled back.
    expect(written).toBeGreaterThan(BOUND);
    expect(written).toBeLessThan(64 * 1024);
    expect(parses()).toBe(0);
  });

  it("refuses unsigned nested JSON under the bound with 401 without parsing it", async () => {
    const h = await start(secured);
    const parses = vi.spyOn(JSON, "parse");
    const body = nested(BOUND);
    expect((await post(h.url + "/webhook/event", body, JSON_HEADERS)).status).toBe(401);
    expect(parses.mock.calls.some(([text]) => text === body)).toBe(false);
  });

  it("answers an unsigned challenge far larger than Feishu's, up to the bound", async () => {
    const h = await start(secured);
    const long = "c".repeat(2_500);
    const body = encryptedBody(urlVerification(VERIFICATION_TOKEN, long), ENCRYPT_KEY);
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(BOUND);
    expect(await post(h.url + "/webhook/card", body, JSON_HEADERS)).toMatchObject({ status: 200, body: { challenge: long } });
  });

  it("honours a smaller unsignedBodyLimitBytes, and never a larger one than bodyLimitBytes", async () => {
    const small = await start({ ...secured, unsignedBodyLimitBytes: 300 });
    const challenge = encryptedBody(urlVerification(VERIFICATION_TOKEN, "c"), ENCRYPT_KEY);
    expect((await post(small.url + "/webhook/event", challenge, JSON_HEADERS)).status).toBe(200);
    expect((await post(small.url + "/webhook/event", nested(301), JSON_HEADERS)).status).toBe(413);
    await small.close();
    harness = undefined;
    const capped = await start({ ...secured, unsignedBodyLimitBytes: 1 << 20, bodyLimitBytes: 2048 });
    expect((await post(capped.url + "/webhook/event", nested(2049), JSON_HEADERS)).status).toBe(413);
  });
});

describe("signed requests keep the normal body limit", () => {
  const LIMIT = 64 * 1024;

  /** A signed, encrypted message event padded with trailing whitespace to exactly `bytes` bytes. */
  function signedOfSize(bytes: number): { body: string; headers: Record<string, string> } {
    const body = encryptedBody(messageEvent({ token: VERIFICATION_TOKEN, text: "x".repeat(40_000) }), ENCRYPT_KEY).padEnd(bytes, " ");
    expect(Buffer.byteLength(body)).toBe(bytes);
    return { body, headers: signedHeaders(body, ENCRYPT_KEY) };
  }

  it("accepts a signed body of exactly the configured limit, and refuses one byte more with 413", async () => {
    const h = await start({ ...secured, bodyLimitBytes: LIMIT });
    const atLimit = signedOfSize(LIMIT);
    expect((await post(h.url + "/webhook/event", atLimit.body, atLimit.headers)).status).toBe(200);
    await eventually(() => h.messages.length === 1);
    const over = signedOfSize(LIMIT + 1);
    expect((await post(h.url + "/webhook/event", over.body, over.headers)).status).toBe(413);
    expect(h.messages).toHaveLength(1);
  });

  it("accepts a large signed body sent chunked, without Content-Length", async () => {
    const h = await start({ ...secured, bodyLimitBytes: LIMIT });
    const { body, headers } = signedOfSize(LIMIT - 100);
    const { req, answer } = open(`${h.url}/webhook/card`, headers);
    const bytes = Buffer.from(body);
    for (let at = 0; at < bytes.length; at += 8 * 1024) await write(req, bytes.subarray(at, at + 8 * 1024));
    req.end();
    expect(req.getHeader("content-length")).toBeUndefined();
    expect(await answer).toEqual({ status: 200, body: {} });
    await eventually(() => h.messages.length === 1);
  });
});

describe("without an Encrypt Key (every request is unsigned)", () => {
  it("still accepts events larger than a challenge, and the plain challenge", async () => {
    const h = await start(tokenOnly);
    const big = JSON.stringify(messageEvent({ token: VERIFICATION_TOKEN, text: "y".repeat(30_000) }));
    expect((await post(h.url + "/webhook/event", big, JSON_HEADERS)).status).toBe(200);
    await eventually(() => h.messages.length === 1);
    const longChallenge = "c".repeat(10_000);
    const challenge = await post(h.url + "/webhook/event", JSON.stringify(urlVerification(VERIFICATION_TOKEN, longChallenge)), JSON_HEADERS);
    expect(challenge).toMatchObject({ status: 200, body: { challenge: longChallenge } });
  });

  it("refuses a large body without the token's bytes with 401, unparsed", async () => {
    const h = await start(tokenOnly);
    const parses = bigParses();
    const res = await post(h.url + "/webhook/event", nested(60 * 1024), JSON_HEADERS);
    expect(res).toMatchObject({ status: 401, body: { error: "unauthorized" } });
    expect(parses()).toBe(0);
  });
});
