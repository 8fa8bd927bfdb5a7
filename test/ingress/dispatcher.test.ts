/**
 * The long connection's dispatcher, driven as the SDK's WSClient drives it: `invoke(envelope,
 * {needCheck: false})` with the raw, JSON-parsed envelope, the ack sent once it resolves (a throw
 * is a code-500 ack, and Feishu pushes again). It checks what can be checked over the socket, and
 * hands the push to the same core as the webhook: dedupe, the inbox before the ack, a card answer
 * within Feishu's 3 s, work after the answer only once it went out.
 */
import { randomUUID } from "node:crypto";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createSdkLogger } from "../../src/feishu/sdk-logger.js";
import { createIngressCore } from "../../src/ingress/core.js";
import { IngressDispatcher, PushRefusedError } from "../../src/ingress/dispatcher.js";
import type { CardActionResult, IncomingMessage, IngressHandlers, IngressObserver, RefusalReason } from "../../src/ingress/types.js";
import { createLogger } from "../../src/log/logger.js";
import { MemoryStore } from "../../src/store/index.js";
import type { Store } from "../../src/store/store.js";
import { cardActionEvent, encryptedBody, messageEvent, otherEvent, urlVerification } from "./feishu-sender.js";
import { deferred, eventually } from "./harness.js";

const APP_ID = "cli_0123456789abcdef";
const TOKEN = "test-verification-token";

/** An envelope as Feishu pushes it to this app. */
function forApp<T extends Record<string, unknown>>(envelope: T, appId = APP_ID): T {
  return { ...envelope, header: { ...(envelope.header as Record<string, unknown>), app_id: appId } };
}

interface Setup {
  verificationToken?: string;
  store?: Store;
  onMessage?: IngressHandlers["onMessage"];
  onCardAction?: IngressHandlers["onCardAction"];
  cardAnswerTimeoutMs?: number;
  socket?: () => number | undefined;
}

function setup(options: Setup = {}) {
  const store = options.store ?? new MemoryStore();
  const messages: IncomingMessage[] = [];
  const received: string[] = [];
  const refused: RefusalReason[] = [];
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...chunk.toString("utf8").split("\n").filter((line) => line !== ""));
      callback();
    },
  });
  const logger = createLogger({ level: "debug", destination });
  const observer: IngressObserver = {
    received: (kind, transport) => received.push(`${kind}/${transport}`),
    refused: (reason, transport) => {
      expect(transport).toBe("websocket");
      refused.push(reason);
    },
  };
  const handlers: IngressHandlers = {
    onMessage: async (message) => {
      messages.push(message);
      await options.onMessage?.(message);
    },
    onCardAction: options.onCardAction ?? (async () => ({ answer: { toast: { type: "success", content: "ok" } } })),
  };
  const core = createIngressCore({
    store,
    handlers,
    logger,
    dedupeTtlMs: 60_000,
    observer,
    transport: "websocket",
    ...(options.cardAnswerTimeoutMs ? { cardAnswerTimeoutMs: options.cardAnswerTimeoutMs } : {}),
  });
  const dispatcher = new IngressDispatcher({
    core,
    check: { appId: APP_ID, ...(options.verificationToken ? { verificationToken: options.verificationToken } : {}) },
    logger,
    sdkLogger: createSdkLogger(logger, []),
    observer,
    socket: options.socket ?? (() => 1),
  });
  /** As the WSClient calls it. */
  const invoke = (data: unknown) => dispatcher.invoke(data, { needCheck: false });
  const logs = () => lines.map((line) => JSON.parse(line) as { msg: string; reason?: string });
  return { dispatcher, invoke, store, messages, received, refused, logs };
}

async function refusal(pending: Promise<unknown>): Promise<PushRefusedError> {
  const error = await pending.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PushRefusedError);
  return error as PushRefusedError;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("messages over the long connection", () => {
  it("records a message in the inbox before the ack, and hands it to the bot after", async () => {
    const t = setup();
    const messageId = `om_${randomUUID()}`;
    await expect(t.invoke(forApp(messageEvent({ token: TOKEN, messageId })))).resolves.toBeUndefined();
    // Resolved = acked: by then the message is durable, and the bot has not been handed it yet.
    expect(await t.store.inbox.counts()).toEqual({ pending: 1, claimed: 0 });
    expect(t.messages).toHaveLength(0);
    await eventually(() => t.messages.length === 1);
    expect(t.messages[0]).toMatchObject({ messageId, chatId: "oc_chat", senderOpenId: "ou_sender" });
    expect(t.received).toEqual(["message/websocket"]);
  });

  it("acks a message pushed again (same message_id, new event_id) and hands it on once", async () => {
    const t = setup();
    const messageId = `om_${randomUUID()}`;
    await t.invoke(forApp(messageEvent({ token: TOKEN, messageId })));
    await expect(t.invoke(forApp(messageEvent({ token: TOKEN, messageId })))).resolves.toBeUndefined();
    await eventually(() => t.messages.length === 1);
    await sleep(20);
    expect(t.messages).toHaveLength(1);
    expect(t.refused).toEqual(["duplicate"]);
    expect(t.logs().some((l) => l.msg === "ingress: duplicate delivery dropped")).toBe(true);
  });

  it("refuses (code 500, Feishu pushes again) when the inbox cannot record the message, and takes the push again once it can", async () => {
    const store = new MemoryStore();
    const add = store.inbox.add.bind(store.inbox);
    let down = true;
    store.inbox.add = async (...args) => {
      if (down) throw new Error("store down");
      return add(...args);
    };
    const t = setup({ store });
    const push = forApp(messageEvent({ token: TOKEN }));
    const error = await refusal(t.invoke(push));
    expect(error.reason).toBe("store_unavailable");
    expect(t.refused).toEqual(["store_unavailable"]);
    down = false;
    await expect(t.invoke(push)).resolves.toBeUndefined();
    await eventually(() => t.messages.length === 1);
  });

  it("acks a message from another app's bot without handing it on", async () => {
    const t = setup();
    await expect(t.invoke(forApp(messageEvent({ token: TOKEN, senderType: "app" })))).resolves.toBeUndefined();
    await sleep(20);
    expect(t.messages).toHaveLength(0);
    expect(t.refused).toEqual(["not_from_user"]);
  });

  it("acks other events without handing them on", async () => {
    const t = setup();
    await expect(t.invoke(forApp(otherEvent(TOKEN)))).resolves.toBeUndefined();
    expect(t.received).toEqual(["other/websocket"]);
  });
});

describe("what the long connection can check", () => {
  it("refuses a push for another app, or naming none, and records nothing", async () => {
    const t = setup();
    expect((await refusal(t.invoke(forApp(messageEvent({ token: TOKEN }), "cli_ffffffffffffffff")))).reason).toBe("wrong_app");
    const { app_id: _dropped, ...header } = forApp(messageEvent({ token: TOKEN })).header as Record<string, unknown>;
    expect((await refusal(t.invoke({ ...messageEvent({ token: TOKEN }), header }))).reason).toBe("wrong_app");
    expect((await refusal(t.invoke(forApp(cardActionEvent({ token: TOKEN }), "cli_a5fb0ae6a4")))).reason).toBe("wrong_app");
    expect(await t.store.inbox.counts()).toEqual({ pending: 0, claimed: 0 });
    expect(t.refused).toEqual(["wrong_app", "wrong_app", "wrong_app"]);
    expect(t.received).toEqual([]);
    expect(t.logs().filter((l) => l.msg === "ingress: push refused").map((l) => l.reason)).toEqual(["wrong_app", "wrong_app", "wrong_app"]);
  });

  it("refuses an encrypted body: the long connection carries plaintext", async () => {
    const t = setup();
    const body = JSON.parse(encryptedBody(forApp(messageEvent({ token: TOKEN })), "some-key")) as unknown;
    const error = await refusal(t.invoke(body));
    expect(error.reason).toBe("bad_request");
    expect(error.detail).toMatch(/encrypted/);
    expect(await t.store.inbox.counts()).toEqual({ pending: 0, claimed: 0 });
  });

  it("refuses what is not a Feishu event, and a url_verification (the socket has no challenge)", async () => {
    const t = setup();
    for (const data of [null, "text", [1, 2], {}, { schema: "2.0" }, forApp(urlVerification(TOKEN))]) {
      expect((await refusal(t.invoke(data))).reason).toBe("bad_request");
    }
  });

  it("checks the verification token when one is configured and the push carries one", async () => {
    const t = setup({ verificationToken: TOKEN });
    expect((await refusal(t.invoke(forApp(messageEvent({ token: "forged" }))))).reason).toBe("unauthorized");
    expect((await refusal(t.invoke(forApp(cardActionEvent({ token: "forged" }))))).reason).toBe("unauthorized");
    await expect(t.invoke(forApp(messageEvent({ token: TOKEN })))).resolves.toBeUndefined();
    const withoutToken = forApp(messageEvent({ token: TOKEN }));
    delete (withoutToken.header as Record<string, unknown>).token;
    await expect(t.invoke(withoutToken)).resolves.toBeUndefined();
    await eventually(() => t.messages.length === 2);
  });

  it("takes any token when none is configured (a long-connection app needs none)", async () => {
    const t = setup();
    await expect(t.invoke(forApp(messageEvent({ token: "whatever" })))).resolves.toBeUndefined();
  });
});

describe("card callbacks over the long connection", () => {
  it("resolves to the handler's answer, which the SDK sends back in the ack", async () => {
    const t = setup({ onCardAction: async (action) => ({ answer: { toast: { type: "info", content: `hi ${action.operatorOpenId}` } } }) });
    await expect(t.invoke(forApp(cardActionEvent({ token: TOKEN })))).resolves.toEqual({ toast: { type: "info", content: "hi ou_operator" } });
    expect(t.received).toEqual(["card_action/websocket"]);
  });

  it("answers a click pushed again with {} and runs the handler once", async () => {
    let runs = 0;
    const t = setup({
      onCardAction: async () => {
        runs += 1;
        return { answer: { toast: { type: "info", content: "once" } } };
      },
    });
    const click = forApp(cardActionEvent({ token: TOKEN }));
    await t.invoke(click);
    await expect(t.invoke(click)).resolves.toEqual({});
    expect(runs).toBe(1);
    expect(t.refused).toEqual(["duplicate"]);
  });

  it("answers a slow handler with the fallback within Feishu's 3 s", async () => {
    const never = deferred();
    const t = setup({ onCardAction: () => never.promise.then(() => ({ answer: {} })) });
    const started = Date.now();
    await expect(t.invoke(forApp(cardActionEvent({ token: TOKEN })))).resolves.toEqual({});
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(t.logs().some((l) => l.msg === "ingress: card action handler slow; answered early")).toBe(true);
    never.resolve();
  });

  it("starts the work after the answer only once invoke has resolved (the ack is out)", async () => {
    const events: string[] = [];
    const t = setup({
      onCardAction: async (): Promise<CardActionResult> => ({
        answer: { toast: { type: "info", content: "working" } },
        afterAnswer: async () => {
          events.push("afterAnswer");
        },
      }),
    });
    await t.invoke(forApp(cardActionEvent({ token: TOKEN })));
    events.push("acked");
    await eventually(() => events.length === 2);
    expect(events).toEqual(["acked", "afterAnswer"]);
  });

  // Either way the ack never reached Feishu: no socket at all, or a new one the SDK sent it on
  // after the connection dropped and came back while the click was being answered.
  it.each([
    { when: "the socket was down", socketAfter: undefined },
    { when: "the socket was replaced before the answer", socketAfter: 3 },
  ])("drops the work after the answer when $when, so the answer never went out", async ({ socketAfter }) => {
    let socket: number | undefined = 1;
    let ran = false;
    const t = setup({
      socket: () => socket,
      onCardAction: async () => {
        socket = socketAfter;
        return {
          answer: {},
          afterAnswer: async () => {
            ran = true;
          },
        };
      },
    });
    await t.invoke(forApp(cardActionEvent({ token: TOKEN })));
    await eventually(() => t.logs().some((l) => l.msg === "ingress: card answer not delivered; work after it dropped"));
    expect(ran).toBe(false);
  });
});

describe("in-flight pushes", () => {
  it("says when every push being handled has its answer, or that some still run at the deadline", async () => {
    const release = deferred();
    const t = setup({ cardAnswerTimeoutMs: 60_000, onCardAction: () => release.promise.then(() => ({ answer: {} })) });
    const pending = t.invoke(forApp(cardActionEvent({ token: TOKEN })));
    expect(t.dispatcher.inFlight).toBe(1);
    expect(await t.dispatcher.idle(30)).toBe(false);
    const idle = t.dispatcher.idle(5_000);
    release.resolve();
    expect(await idle).toBe(true);
    await pending;
    expect(t.dispatcher.inFlight).toBe(0);
    // A refused push is no longer in flight either.
    await refusal(t.invoke(null));
    expect(t.dispatcher.inFlight).toBe(0);
  });
});
