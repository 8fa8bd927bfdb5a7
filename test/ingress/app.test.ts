import { afterEach, describe, expect, it } from "vitest";
import { MemoryStore } from "../../src/store/index.js";
import type { Store } from "../../src/store/store.js";
import {
  cardActionEvent,
  encrypt,
  encryptedBody,
  messageEvent,
  otherEvent,
  signedHeaders,
  urlVerification,
} from "./feishu-sender.js";
import { deferred, ENCRYPT_KEY, eventually, post, startHarness, VERIFICATION_TOKEN, type Harness, type HarnessOptions } from "./harness.js";

const JSON_HEADERS = { "content-type": "application/json" };
let harness: Harness | undefined;

async function start(options: HarnessOptions): Promise<Harness> {
  harness = await startHarness(options);
  return harness;
}

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** Posts `payload` encrypted and signed, as Feishu does with an Encrypt Key. */
function postEncrypted(h: Harness, payload: unknown, path = "/webhook/event") {
  const body = encryptedBody(payload, ENCRYPT_KEY);
  return post(h.url + path, body, signedHeaders(body, ENCRYPT_KEY));
}

const secured = { encryptKey: ENCRYPT_KEY, verificationToken: VERIFICATION_TOKEN };
const tokenOnly = { verificationToken: VERIFICATION_TOKEN };

describe("health and routing", () => {
  it("answers /healthz and 404s unknown paths and methods with JSON", async () => {
    const h = await start(secured);
    const health = await fetch(h.url + "/healthz");
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });
    for (const [method, path] of [["GET", "/nope"], ["GET", "/webhook/event"], ["POST", "/webhook/events"], ["PUT", "/webhook/card"]] as const) {
      const res = await fetch(h.url + path, { method, body: method === "GET" ? undefined : "{}" });
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: "not found" });
    }
  });
});

describe("url_verification", () => {
  it("answers a plain challenge when the token matches (no encrypt key)", async () => {
    const h = await start(tokenOnly);
    const res = await post(h.url + "/webhook/event", JSON.stringify(urlVerification(VERIFICATION_TOKEN, "abc")), JSON_HEADERS);
    expect(res).toMatchObject({ status: 200, body: { challenge: "abc" } });
    const card = await post(h.url + "/webhook/card", JSON.stringify(urlVerification(VERIFICATION_TOKEN, "def")), JSON_HEADERS);
    expect(card).toMatchObject({ status: 200, body: { challenge: "def" } });
  });

  it("refuses a plain challenge with a wrong or missing token", async () => {
    const h = await start(tokenOnly);
    const wrong = await post(h.url + "/webhook/event", JSON.stringify(urlVerification("wrong", "abc")), JSON_HEADERS);
    expect(wrong).toMatchObject({ status: 401, body: { error: "unauthorized" } });
    expect(wrong.text).not.toContain("abc");
    const missing = await post(h.url + "/webhook/event", JSON.stringify({ type: "url_verification", challenge: "abc" }), JSON_HEADERS);
    expect(missing.status).toBe(401);
  });

  it("answers an encrypted, signed challenge", async () => {
    const h = await start(secured);
    const res = await postEncrypted(h, urlVerification(VERIFICATION_TOKEN, "enc-1"));
    expect(res).toMatchObject({ status: 200, body: { challenge: "enc-1" } });
  });

  it("answers an encrypted challenge sent without signature headers, as Feishu sends it", async () => {
    const h = await start(secured);
    const body = encryptedBody(urlVerification(VERIFICATION_TOKEN, "boot-1"), ENCRYPT_KEY);
    expect(await post(h.url + "/webhook/card", body, JSON_HEADERS)).toMatchObject({ status: 200, body: { challenge: "boot-1" } });
  });

  it("refuses an unsigned challenge with a wrong token, a foreign key, or in plaintext", async () => {
    const h = await start(secured);
    const wrongToken = encryptedBody(urlVerification("wrong", "x"), ENCRYPT_KEY);
    const foreignKey = encryptedBody(urlVerification(VERIFICATION_TOKEN, "x"), "another key");
    const plain = JSON.stringify(urlVerification(VERIFICATION_TOKEN, "x"));
    for (const body of [wrongToken, foreignKey, plain]) {
      expect((await post(h.url + "/webhook/event", body, JSON_HEADERS)).status).toBe(401);
    }
  });

  it("refuses a signed, encrypted challenge with a wrong token", async () => {
    const h = await start(secured);
    expect((await postEncrypted(h, urlVerification("wrong", "x"))).status).toBe(401);
  });
});

describe("authentication", () => {
  it("without an encrypt key, checks the verification token of events and runs nothing on failure", async () => {
    const h = await start(tokenOnly);
    const wrong = messageEvent({ token: "wrong" });
    const missing = messageEvent({ token: VERIFICATION_TOKEN });
    delete (missing.header as Record<string, unknown>).token;
    const card = cardActionEvent({ token: "wrong" });
    for (const [path, payload] of [["/webhook/event", wrong], ["/webhook/event", missing], ["/webhook/card", card]] as const) {
      expect((await post(h.url + path, JSON.stringify(payload), JSON_HEADERS)).status).toBe(401);
    }
    const good = await post(h.url + "/webhook/event", JSON.stringify(messageEvent({ token: VERIFICATION_TOKEN })), JSON_HEADERS);
    expect(good.status).toBe(200);
    await eventually(() => h.messages.length === 1);
    expect(h.cardActions).toHaveLength(0);
  });

  it("with an encrypt key, checks header.token of events too", async () => {
    const h = await start(secured);
    expect((await postEncrypted(h, messageEvent({ token: "wrong" }))).status).toBe(401);
    expect((await postEncrypted(h, cardActionEvent({ token: "wrong" }), "/webhook/card")).status).toBe(401);
    expect(h.cardActions).toHaveLength(0);
  });

  it("with only an encrypt key, the signature and decryption authenticate", async () => {
    const h = await start({ encryptKey: ENCRYPT_KEY });
    expect((await postEncrypted(h, messageEvent({ token: "anything" }))).status).toBe(200);
    await eventually(() => h.messages.length === 1);
  });

  it("refuses a signed plaintext body when an encrypt key is configured", async () => {
    const h = await start(secured);
    const body = JSON.stringify(messageEvent({ token: VERIFICATION_TOKEN }));
    expect((await post(h.url + "/webhook/event", body, signedHeaders(body, ENCRYPT_KEY))).status).toBe(401);
  });

  it("refuses everything when neither an encrypt key nor a token is configured", async () => {
    const h = await start({});
    const res = await post(h.url + "/webhook/event", JSON.stringify(messageEvent({ token: "" })), JSON_HEADERS);
    expect(res).toMatchObject({ status: 401, body: { error: "unauthorized" } });
    expect(h.logs().some((r) => r.level === 50)).toBe(true);
  });
});

describe("malformed input", () => {
  it("answers 400 for malformed JSON, non-object JSON and malformed events (no key)", async () => {
    const h = await start(tokenOnly);
    const bodies = ["{", "null", "[1,2]", '"text"', "42", JSON.stringify({ schema: "2.0", header: {} }),
      JSON.stringify({ ...messageEvent({ token: VERIFICATION_TOKEN }), event: { message: "x" } })];
    for (const body of bodies) {
      const res = await post(h.url + "/webhook/event", body, JSON_HEADERS);
      expect(res.status, body).toBe(400);
      expect(res.body).toEqual({ error: "bad request" });
    }
  });

  it("answers 400 for a signed body that is not JSON or whose encrypt is bad", async () => {
    const h = await start(secured);
    const bodies = [
      "not json",
      JSON.stringify({ encrypt: "%%%" }),
      JSON.stringify({ encrypt: 42 }),
      JSON.stringify({ encrypt: encrypt("hello world", "another key") }),
      JSON.stringify({ encrypt: encrypt("not json inside", ENCRYPT_KEY) }),
      JSON.stringify({ encrypt: encrypt("[]", ENCRYPT_KEY) }),
    ];
    for (const body of bodies) {
      const res = await post(h.url + "/webhook/event", body, signedHeaders(body, ENCRYPT_KEY));
      expect(res.status, body).toBe(400);
      expect(res.text).not.toMatch(/at .*\.ts|Error/);
    }
  });

  it("answers 400 for an encrypted body when no encrypt key is configured", async () => {
    const h = await start(tokenOnly);
    const res = await post(h.url + "/webhook/event", encryptedBody(messageEvent({ token: VERIFICATION_TOKEN }), "k"), JSON_HEADERS);
    expect(res.status).toBe(400);
  });

  it("answers 413 over the body limit, before any other check", async () => {
    const h = await start({ ...secured, bodyLimitBytes: 1024 });
    const big = JSON.stringify({ encrypt: "A".repeat(2048) });
    expect((await post(h.url + "/webhook/event", big, signedHeaders(big, ENCRYPT_KEY))).status).toBe(413);
    const res = await post(h.url + "/webhook/card", big, {});
    expect(res).toMatchObject({ status: 413, body: { error: "payload too large" } });
  });

  it("answers 415 for a compressed body rather than inflating it", async () => {
    const h = await start(tokenOnly);
    const res = await post(h.url + "/webhook/event", "{}", { "content-encoding": "gzip" });
    expect(res.status).toBe(415);
  });
});

describe("events", () => {
  it("acks with 200 {} before the handler finishes, then runs it", async () => {
    const gate = deferred();
    let finished = false;
    const h = await start({
      ...secured,
      onMessage: async () => {
        await gate.promise;
        finished = true;
      },
    });
    const res = await postEncrypted(h, messageEvent({ token: VERIFICATION_TOKEN, messageId: "om_1", text: "@_user_1 /rooms" }));
    expect(res).toMatchObject({ status: 200, body: {} });
    await eventually(() => h.messages.length === 1);
    expect(finished).toBe(false);
    gate.resolve();
    await eventually(() => finished);
    expect(h.messages[0]).toEqual({
      eventId: expect.any(String),
      messageId: "om_1",
      chatId: "oc_chat",
      chatType: "group",
      messageType: "text",
      content: JSON.stringify({ text: "@_user_1 /rooms" }),
      mentions: [{ key: "@_user_1", openId: "ou_bot", name: "Bot" }],
      senderOpenId: "ou_sender",
      senderType: "user",
      rootId: "om_root",
      parentId: undefined,
    });
  });

  it("logs a handler that throws synchronously or rejects, and keeps serving", async () => {
    let calls = 0;
    const h = await start({
      ...secured,
      rawHandlers: {
        onMessage: () => {
          calls += 1;
          if (calls === 1) throw new Error("sync boom");
          return Promise.reject(new Error("async boom"));
        },
        onCardAction: () => {
          throw new Error("sync card boom");
        },
      },
    });
    expect((await postEncrypted(h, messageEvent({ token: VERIFICATION_TOKEN }))).status).toBe(200);
    expect((await postEncrypted(h, messageEvent({ token: VERIFICATION_TOKEN }))).status).toBe(200);
    await eventually(() => h.logs().filter((r) => r.msg === "ingress: message handler failed").length === 2);
    expect(calls).toBe(2);
    const card = await postEncrypted(h, cardActionEvent({ token: VERIFICATION_TOKEN }), "/webhook/card");
    expect(card).toMatchObject({ status: 200, body: {} });
    expect((await fetch(h.url + "/healthz")).status).toBe(200);
  });

  it("runs the handler once for one message_id delivered three times under different event_ids", async () => {
    const h = await start(secured);
    for (let i = 0; i < 3; i++) {
      const res = await postEncrypted(h, messageEvent({ token: VERIFICATION_TOKEN, messageId: "om_same", eventId: `ev_${i}` }));
      expect(res).toMatchObject({ status: 200, body: {} });
    }
    await postEncrypted(h, messageEvent({ token: VERIFICATION_TOKEN, messageId: "om_other" }));
    await eventually(() => h.messages.length === 2);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(h.messages.map((m) => m.messageId)).toEqual(["om_same", "om_other"]);
  });

  it("dedupes concurrent redeliveries too", async () => {
    const h = await start(secured);
    const payload = messageEvent({ token: VERIFICATION_TOKEN, messageId: "om_race" });
    const results = await Promise.all(Array.from({ length: 5 }, () => postEncrypted(h, payload)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(h.messages).toHaveLength(1);
  });

  it("dedupes other events by event_id and records messages in the inbox by message_id for the configured TTL", async () => {
    const store = new RecordingStore();
    const h = await start({ ...secured, store, dedupeTtlMs: 27_000_000 });
    expect((await postEncrypted(h, otherEvent(VERIFICATION_TOKEN, "ev_x"))).status).toBe(200);
    expect((await postEncrypted(h, otherEvent(VERIFICATION_TOKEN, "ev_x"))).status).toBe(200);
    await postEncrypted(h, messageEvent({ token: VERIFICATION_TOKEN, messageId: "om_k", eventId: "ev_m" }));
    expect(store.calls).toEqual([
      { key: "ingress:event:ev_x", ttlMs: 27_000_000, first: true },
      { key: "ingress:event:ev_x", ttlMs: 27_000_000, first: false },
      { key: "ingress:message:om_k", ttlMs: 27_000_000, first: true },
    ]);
    expect(h.messages).toHaveLength(1);
  });

  it("acks and drops messages whose sender is not a user", async () => {
    const h = await start(secured);
    const res = await postEncrypted(h, messageEvent({ token: VERIFICATION_TOKEN, senderType: "app" }));
    expect(res).toMatchObject({ status: 200, body: {} });
    await postEncrypted(h, messageEvent({ token: VERIFICATION_TOKEN, messageId: "om_user" }));
    await eventually(() => h.messages.length === 1);
    expect(h.messages[0]!.messageId).toBe("om_user");
  });

  it("answers 503 (so Feishu retries) when the dedupe store fails, and runs nothing", async () => {
    const store = new RecordingStore();
    store.failing = true;
    const h = await start({ ...secured, store });
    const res = await postEncrypted(h, messageEvent({ token: VERIFICATION_TOKEN }));
    expect(res).toMatchObject({ status: 503, body: { error: "service unavailable" } });
    expect(res.text).not.toContain("store down");
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(h.messages).toHaveLength(0);
  });
});

describe("card actions", () => {
  const answer = { toast: { type: "success" as const, content: "done" }, card: { type: "raw" as const, data: { schema: "2.0" } } };

  it("answers inline with the handler's answer, on the card URL and on the event URL", async () => {
    const h = await start({ ...secured, onCardAction: async () => ({ answer }) });
    const onCard = await postEncrypted(h, cardActionEvent({ token: VERIFICATION_TOKEN }), "/webhook/card");
    expect(onCard).toMatchObject({ status: 200, body: answer });
    const onEvent = await postEncrypted(h, cardActionEvent({ token: VERIFICATION_TOKEN }), "/webhook/event");
    expect(onEvent).toMatchObject({ status: 200, body: answer });
    expect(h.cardActions[0]).toEqual({
      eventId: expect.any(String),
      operatorOpenId: "ou_operator",
      token: "c-update-token",
      tag: "button",
      value: { cmd: "rooms", cursor: "p2" },
      formValue: undefined,
      openMessageId: "om_card",
      openChatId: "oc_chat",
    });
  });

  it("answers a plain card action when only a verification token is configured", async () => {
    const h = await start({ ...tokenOnly, onCardAction: async () => ({ answer }) });
    const res = await post(h.url + "/webhook/card", JSON.stringify(cardActionEvent({ token: VERIFICATION_TOKEN })), JSON_HEADERS);
    expect(res).toMatchObject({ status: 200, body: answer });
  });

  it("answers a slow handler within ~2.5 s and lets it finish later", async () => {
    const gate = deferred();
    let finished = false;
    const h = await start({
      ...secured,
      onCardAction: async () => {
        await gate.promise;
        finished = true;
        return { answer };
      },
    });
    const started = Date.now();
    const res = await postEncrypted(h, cardActionEvent({ token: VERIFICATION_TOKEN }), "/webhook/card");
    const elapsed = Date.now() - started;
    expect(res).toMatchObject({ status: 200, body: {} });
    expect(elapsed).toBeGreaterThanOrEqual(2_400);
    expect(elapsed).toBeLessThan(2_900);
    expect(h.logs().some((r) => r.msg === "ingress: card action handler slow; answered early")).toBe(true);
    gate.resolve();
    await eventually(() => finished);
    // Its own answer came too late to be shown: the log says so rather than losing it silently.
    await eventually(() => h.logs().some((r) => r.msg === "ingress: card action handler answered after the fallback; its answer was not shown"));
  });

  it("answers the configured fallback toast when the handler is late or throws", async () => {
    const fallback = { toast: { type: "info" as const, content: "working on it" } };
    let calls = 0;
    const h = await start({
      ...secured,
      cardAnswerTimeoutMs: 100,
      slowCardAnswer: fallback,
      onCardAction: async () => {
        calls += 1;
        if (calls === 1) await new Promise((resolve) => setTimeout(resolve, 300));
        if (calls === 2) throw new Error("handler failed");
        return { answer };
      },
    });
    expect((await postEncrypted(h, cardActionEvent({ token: VERIFICATION_TOKEN }), "/webhook/card")).body).toEqual(fallback);
    expect((await postEncrypted(h, cardActionEvent({ token: VERIFICATION_TOKEN }), "/webhook/card")).body).toEqual(fallback);
    expect((await postEncrypted(h, cardActionEvent({ token: VERIFICATION_TOKEN }), "/webhook/card")).body).toEqual(answer);
    await eventually(() => h.logs().some((r) => r.msg === "ingress: card action handler failed"));
  });

  it("dedupes a card action by event_id", async () => {
    const h = await start({ ...secured, onCardAction: async () => ({ answer }) });
    const payload = cardActionEvent({ token: VERIFICATION_TOKEN, eventId: "ev_card" });
    expect((await postEncrypted(h, payload, "/webhook/card")).body).toEqual(answer);
    expect(await postEncrypted(h, payload, "/webhook/card")).toMatchObject({ status: 200, body: {} });
    expect(h.cardActions).toHaveLength(1);
  });

  it("still runs the card handler when the dedupe store fails", async () => {
    const store = new RecordingStore();
    store.failing = true;
    const h = await start({ ...secured, store, onCardAction: async () => ({ answer }) });
    expect(await postEncrypted(h, cardActionEvent({ token: VERIFICATION_TOKEN }), "/webhook/card")).toMatchObject({ status: 200, body: answer });
  });

  it("answers {} when the handler returns something that is not an answer object", async () => {
    const h = await start({ ...secured, onCardAction: (async () => "nope") as never });
    expect(await postEncrypted(h, cardActionEvent({ token: VERIFICATION_TOKEN }), "/webhook/card")).toMatchObject({ status: 200, body: {} });
    const bare = await start({ ...secured, onCardAction: (async () => answer) as never });
    expect(await postEncrypted(bare, cardActionEvent({ token: VERIFICATION_TOKEN }), "/webhook/card")).toMatchObject({ status: 200, body: {} });
  });
});

/** A store that records dedupe calls and can be made to fail. */
class RecordingStore implements Store {
  readonly calls: Array<{ key: string; ttlMs: number; first: boolean }> = [];
  readonly keys = new Set<string>();
  failing = false;
  readonly records = new MemoryStore().records;

  async setIfAbsent(key: string, _value: string, ttlMs: number): Promise<boolean> {
    if (this.failing) throw new Error("store down");
    const first = !this.keys.has(key);
    this.keys.add(key);
    this.calls.push({ key, ttlMs, first });
    return first;
  }
  async get(): Promise<string | undefined> {
    return undefined;
  }
  async set(): Promise<void> {}
  async delete(): Promise<void> {}
  async close(): Promise<void> {}
  /** Messages are recorded in the inbox, which is their dedupe mark: the same record, and the same failure. */
  readonly inbox = (() => {
    const inner = new MemoryStore().inbox;
    return {
      ...inner,
      add: async (id: string, payload: string, opts: { dedupeTtlMs: number }) => {
        if (this.failing) throw new Error("store down");
        const first = await inner.add(id, payload, opts);
        this.calls.push({ key: id, ttlMs: opts.dedupeTtlMs, first });
        return first;
      },
    };
  })();
  // The rest of the Store interface, unused by the ingress.
  async compareAndDelete(): Promise<boolean> {
    return false;
  }
  async acquireLock(): Promise<undefined> {
    return undefined;
  }
  async extendLock(): Promise<boolean> {
    return false;
  }
  async releaseLock(): Promise<boolean> {
    return false;
  }
}
