import { createHash } from "node:crypto";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { AESCipher, EventDispatcher, adaptExpress } from "@larksuiteoapi/node-sdk";
import express from "express";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { encryptPayload } from "../../../src/sandbox/emulator/events/crypto.js";
import { DEFAULT_SENDER_OPEN_ID, NoWebhookError, createEventPusher, type EventPusher, type Webhook } from "../../../src/sandbox/emulator/events/index.js";
import { SANDBOX_CHATS, createMessaging, type Messaging } from "../../../src/sandbox/emulator/messaging/index.js";
import { startBotServer, type BotServer, type Received } from "./events-bot-server.js";
import { FAKE_APP, FAKE_BOT, createFakeEmulator, type FakeEmulator } from "./messaging-fake-context.js";

const ENCRYPT_KEY = "sandbox-encrypt-key";
const VERIFICATION_TOKEN = "sandbox-verification-token";

let emulator: FakeEmulator;
let messaging: Messaging;
let bot: BotServer;
let webhook: Webhook | undefined;
let pusher: EventPusher;
let emulatorUrl: string;

beforeEach(async () => {
  emulator = createFakeEmulator();
  messaging = createMessaging(emulator.ctx);
  bot = await startBotServer();
  webhook = { eventUrl: `${bot.url}/webhook/event`, encryptKey: ENCRYPT_KEY, verificationToken: VERIFICATION_TOKEN };
  pusher = createEventPusher(emulator.ctx, () => webhook, messaging, { timeoutMs: 300 });
  emulator.mount("/_emulator", messaging.control);
  emulatorUrl = await emulator.listen();
});

afterEach(async () => {
  await bot.close();
  await emulator.close();
});

function header(received: Received, name: string): string {
  const value = received.headers[name];
  if (typeof value !== "string") throw new Error(`missing header ${name}`);
  return value;
}

/** The parts of pushed envelopes the tests look into. */
interface Pushed {
  header: { event_id: string; token: string };
  event: {
    sender: { sender_id: Record<string, string> };
    message: { content: string; message_type: string };
    token: string;
    action: Record<string, unknown>;
    operator: { open_id: string };
  };
}

/** What the bot would read: the signature checked over the raw bytes, then the body decrypted. */
function opened(received: Received, encryptKey = ENCRYPT_KEY): Pushed {
  const expected = createHash("sha256")
    .update(header(received, "x-lark-request-timestamp") + header(received, "x-lark-request-nonce") + encryptKey + received.rawBody)
    .digest("hex");
  expect(header(received, "x-lark-signature")).toBe(expected);
  const body = JSON.parse(received.rawBody) as Record<string, unknown>;
  if (!encryptKey) return body as unknown as Pushed;
  expect(Object.keys(body)).toEqual(["encrypt"]);
  return JSON.parse(new AESCipher(encryptKey).decrypt(body["encrypt"] as string)) as Pushed;
}

async function sendCard(card: unknown, chatId: string = SANDBOX_CHATS.group): Promise<string> {
  const response = await fetch(`${emulatorUrl}/open-apis/im/v1/messages?receive_id_type=chat_id`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ receive_id: chatId, msg_type: "interactive", content: JSON.stringify(card) }),
  });
  const answer = (await response.json()) as { data: { message_id: string } };
  return answer.data.message_id;
}

const v2 = (text: string) => ({ schema: "2.0", body: { elements: [{ tag: "markdown", content: text }] } });

describe("encryption", () => {
  it("produces what the SDK's AESCipher decrypts, with a fresh iv each time", () => {
    const a = encryptPayload("hello world", "test key");
    const b = encryptPayload("hello world", "test key");
    expect(a).not.toBe(b);
    expect(new AESCipher("test key").decrypt(a)).toBe("hello world");
    // The check vector from feishu-facts.md, decrypted with the same cipher the round trip used.
    expect(new AESCipher("test key").decrypt("P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=")).toBe("hello world");
  });
});

describe("pushMessage", () => {
  it("posts an encrypted, signed im.message.receive_v1 event shaped as the page shows", async () => {
    emulator.clock.now = Date.parse("2025-06-02T09:30:00Z");
    const result = await pusher.pushMessage({ text: "/meeting 123456789", senderOpenId: "ou_alice" });
    expect(result).toMatchObject({ status: 200, body: "{}", timedOut: false });
    expect(bot.received).toHaveLength(1);
    const [received] = bot.received;
    expect(received!.path).toBe("/webhook/event");
    expect(header(received!, "x-lark-request-timestamp")).toBe(String(emulator.clock.now / 1000));
    const event = opened(received!);
    expect(event).toMatchObject({
      schema: "2.0",
      header: {
        event_id: result.eventId,
        event_type: "im.message.receive_v1",
        create_time: String(emulator.clock.now),
        token: VERIFICATION_TOKEN,
        app_id: FAKE_APP.appId,
        tenant_key: expect.any(String),
      },
      event: {
        sender: { sender_id: { open_id: "ou_alice" }, sender_type: "user" },
        message: {
          message_id: result.messageId,
          chat_id: SANDBOX_CHATS.group,
          chat_type: "group",
          message_type: "text",
          content: JSON.stringify({ text: "@_user_1 /meeting 123456789" }),
          mentions: [{ key: "@_user_1", id: { open_id: FAKE_BOT.openId }, name: FAKE_BOT.name }],
        },
      },
    });
    expect(result.messageId).toMatch(/^om_[0-9a-f]{32}$/);
    expect(result.eventId).toMatch(/^[0-9a-f]{32}$/);
    expect(event.event.sender.sender_id.union_id).toMatch(/^on_/);
  });

  it("sends plain JSON, still signed, when no encrypt key is set", async () => {
    webhook = { eventUrl: `${bot.url}/webhook/event`, verificationToken: VERIFICATION_TOKEN };
    await pusher.pushMessage({ text: "help", chatType: "p2p" });
    const event = opened(bot.received[0]!, "");
    expect(event.header.token).toBe(VERIFICATION_TOKEN);
    expect(event.event.message).toMatchObject({
      chat_id: SANDBOX_CHATS.p2p,
      chat_type: "p2p",
      content: JSON.stringify({ text: "help" }),
      mentions: [],
    });
  });

  it("sends rich text with the bot's mention leading the first paragraph", async () => {
    await pusher.pushMessage({ post: { title: "", content: [[{ tag: "text", text: "/rooms" }], [{ tag: "text", text: "today" }]] } });
    const message = opened(bot.received[0]!).event.message;
    expect(message.message_type).toBe("post");
    expect(JSON.parse(message.content)).toEqual({
      title: "",
      content: [
        [{ tag: "at", user_id: "@_user_1", user_name: FAKE_BOT.name, style: [] }, { tag: "text", text: "/rooms" }],
        [{ tag: "text", text: "today" }],
      ],
    });
  });

  it("registers the message first, so the bot can reply to it, and learns a new chat", async () => {
    bot.answer = () => ({ status: 200, body: "{}" });
    const { messageId } = await pusher.pushMessage({ text: "/help", chatId: "oc_team", senderOpenId: "ou_alice" });
    expect(messaging.message(messageId)).toMatchObject({ chatId: "oc_team", sender: { type: "user", id: "ou_alice" }, msgType: "text" });
    expect(messaging.chatType("oc_team")).toBe("group");
    const reply = await fetch(`${emulatorUrl}/open-apis/im/v1/messages/${messageId}/reply`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ msg_type: "interactive", content: JSON.stringify(v2("ok")) }),
    });
    expect(((await reply.json()) as { code: number }).code).toBe(0);
  });

  it("redelivers the same event when given its message id or event id again", async () => {
    const first = await pusher.pushMessage({ text: "/meeting 1", senderOpenId: "ou_alice" });
    emulator.clock.now += 15_000;
    const again = await pusher.pushMessage({ text: "ignored on redelivery", messageId: first.messageId });
    const byEvent = await pusher.pushMessage({ text: "ignored too", eventId: first.eventId });
    expect(again).toMatchObject({ messageId: first.messageId, eventId: first.eventId });
    expect(byEvent).toMatchObject({ messageId: first.messageId, eventId: first.eventId });
    const [one, two, three] = bot.received.map((r) => opened(r));
    expect(two).toEqual(one);
    expect(three).toEqual(one);
    // The wire bytes still differ: a fresh iv and nonce each time.
    expect(bot.received[1]!.rawBody).not.toBe(bot.received[0]!.rawBody);
    expect(messaging.messages()).toHaveLength(1);
  });

  it("can push the same message under a new event id, as Feishu sometimes does", async () => {
    const first = await pusher.pushMessage({ text: "/meeting 1" });
    const other = await pusher.pushMessage({ text: "/meeting 1", messageId: first.messageId, eventId: "e-new" });
    expect(other).toMatchObject({ messageId: first.messageId, eventId: "e-new" });
    const [one, two] = bot.received.map((r) => opened(r));
    expect(two!.header.event_id).toBe("e-new");
    expect(two!.event).toEqual(one!.event);
  });

  it("reports a late answer as timed out and a refused connection as status 0", async () => {
    bot.answer = () => ({ delayMs: 1000 });
    const late = await pusher.pushMessage({ text: "/help" });
    expect(late).toMatchObject({ status: 0, timedOut: true });
    const gone = await pusher.pushMessage({ text: "/help", url: "http://127.0.0.1:9/webhook/event" });
    expect(gone).toMatchObject({ status: 0, timedOut: false });
    expect(gone.error).toBeTruthy();
  });

  it("needs a webhook and exactly one of text or post", async () => {
    await expect(pusher.pushMessage({})).rejects.toThrow(/exactly one/);
    webhook = undefined;
    await expect(pusher.pushMessage({ text: "x" })).rejects.toBeInstanceOf(NoWebhookError);
  });
});

describe("pushChallenge", () => {
  it("sends the encrypted url_verification request and checks the echo", async () => {
    bot.answer = (received) => {
      const request = JSON.parse(new AESCipher(ENCRYPT_KEY).decrypt(JSON.parse(received.rawBody).encrypt));
      return { body: JSON.stringify({ challenge: request.challenge }) };
    };
    const result = await pusher.pushChallenge();
    expect(result).toMatchObject({ status: 200, echoed: true });
    expect(opened(bot.received[0]!)).toEqual({ challenge: result.challenge, token: VERIFICATION_TOKEN, type: "url_verification" });
    bot.answer = () => ({ body: JSON.stringify({ challenge: "wrong" }) });
    expect((await pusher.pushChallenge()).echoed).toBe(false);
  });
});

describe("pushCardAction", () => {
  it("posts a card.action.trigger callback shaped as the page shows, to the card URL", async () => {
    webhook = { ...webhook!, cardUrl: `${bot.url}/webhook/card` };
    const messageId = await sendCard(v2("page 1"));
    const result = await pusher.pushCardAction({ value: { cmd: "meeting", cursor: "p2" }, openMessageId: messageId, operatorOpenId: "ou_alice" });
    const [received] = bot.received;
    expect(received!.path).toBe("/webhook/card");
    const callback = opened(received!);
    expect(callback).toMatchObject({
      schema: "2.0",
      header: {
        event_id: result.eventId,
        token: VERIFICATION_TOKEN,
        event_type: "card.action.trigger",
        app_id: FAKE_APP.appId,
        create_time: `${emulator.clock.now}000`,
      },
      event: {
        operator: { open_id: "ou_alice" },
        token: result.token,
        action: { value: { cmd: "meeting", cursor: "p2" }, tag: "button" },
        host: "im_message",
        context: { open_message_id: messageId, open_chat_id: SANDBOX_CHATS.group },
      },
    });
    expect(result.token).toMatch(/^c-[0-9a-f]+$/);
  });

  it("falls back to the event URL and sends form values when given", async () => {
    const messageId = await sendCard(v2("form"));
    await pusher.pushCardAction({ value: {}, openMessageId: messageId, tag: "button", name: "submit", formValue: { room: "A" } });
    expect(bot.received[0]!.path).toBe("/webhook/event");
    expect(opened(bot.received[0]!).event.action).toMatchObject({ name: "submit", form_value: { room: "A" } });
    expect(opened(bot.received[0]!).event.operator.open_id).toBe(DEFAULT_SENDER_OPEN_ID);
  });

  it("replaces the card with a raw card answer and records it as callback_card", async () => {
    const messageId = await sendCard(v2("page 1"));
    bot.answer = () => ({ body: JSON.stringify({ toast: { type: "success", content: "Page 2" }, card: { type: "raw", data: v2("page 2") } }) });
    const result = await pusher.pushCardAction({ value: { cursor: "p2" }, openMessageId: messageId });
    expect(result).toMatchObject({ status: 200, cardReplaced: true, toast: { type: "success", content: "Page 2" } });
    expect(result.clientError).toBeUndefined();
    expect(messaging.message(messageId)?.card).toEqual(v2("page 2"));
    expect(messaging.sent().at(-1)).toMatchObject({ kind: "callback_card", messageId, card: v2("page 2") });
    expect(messaging.callbacks()[0]).toMatchObject({ token: result.token, outcome: { ok: true, toast: { content: "Page 2" } } });
  });

  it("leaves the card alone on {} and arms the token for card/update after the answer", async () => {
    const messageId = await sendCard(v2("page 1"));
    const seenDuringCallback: number[] = [];
    bot.answer = (received) => {
      // An update sent before the answer fails, as Feishu warns.
      const token = opened(received).event.token as string;
      void fetch(`${emulatorUrl}/open-apis/interactive/v1/card/update`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ token, card: v2("too early") }),
      }).then(async (r) => seenDuringCallback.push(((await r.json()) as { code: number }).code));
      return { body: "{}", delayMs: 100 };
    };
    const result = await pusher.pushCardAction({ value: {}, openMessageId: messageId });
    expect(result).toMatchObject({ cardReplaced: false, answer: {} });
    expect(seenDuringCallback).toEqual([300030]);
    expect(messaging.message(messageId)?.card).toEqual(v2("page 1"));
    const update = await fetch(`${emulatorUrl}/open-apis/interactive/v1/card/update`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token: result.token, card: v2("later") }),
    });
    expect(((await update.json()) as { code: number }).code).toBe(0);
    expect(messaging.message(messageId)?.card).toEqual(v2("later"));
  });

  it("reports the client errors Feishu shows for bad answers, changing nothing", async () => {
    const messageId = await sendCard(v2("page 1"));
    const cases: [ReturnType<BotServer["answer"]>, number][] = [
      [{ status: 500, body: "{}" }, 200671],
      [{ body: "" }, 200672],
      [{ body: "[]" }, 200672],
      [{ body: JSON.stringify({ toast: { type: "loud", content: "x" } }) }, 200672],
      [{ body: JSON.stringify({ card: { type: "raw", data: { schema: "2.0", elements: [] } } }) }, 200673],
      [{ body: JSON.stringify({ card: { type: "html", data: {} } }) }, 200673],
      [{ body: JSON.stringify({ card: { type: "raw", data: { elements: [] } } }) }, 200830],
      [{ body: "{}", delayMs: 1000 }, 200341],
    ];
    for (const [answer, code] of cases) {
      bot.answer = () => answer;
      const result = await pusher.pushCardAction({ value: {}, openMessageId: messageId });
      expect(result.clientError?.code, JSON.stringify(answer)).toBe(code);
      expect(result.cardReplaced).toBe(false);
      const update = await fetch(`${emulatorUrl}/open-apis/interactive/v1/card/update`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ token: result.token, card: v2("x") }),
      });
      expect(((await update.json()) as { code: number }).code).toBe(300030);
    }
    expect(messaging.message(messageId)?.card).toEqual(v2("page 1"));
    expect(messaging.sent().map((s) => s.kind)).toEqual(["create"]);
  });

  it("clicks from another chat land on a copy forwarded there: open_chat_id is the copy's chat, the original is unchanged", async () => {
    const messageId = await sendCard(v2("page 1"));
    bot.answer = () => ({ body: JSON.stringify({ card: { type: "raw", data: v2("page 2") } }) });
    const result = await pusher.pushCardAction({ value: { cmd: "next" }, openMessageId: messageId, chatId: "oc_elsewhere" });
    const callback = opened(bot.received.at(-1)!) as unknown as { event: { context: { open_message_id: string; open_chat_id: string } } };
    expect(callback.event.context.open_chat_id).toBe("oc_elsewhere");
    const copyId = callback.event.context.open_message_id;
    expect(copyId).not.toBe(messageId);
    expect(result.cardReplaced).toBe(true);
    expect(messaging.message(copyId)).toMatchObject({ chatId: "oc_elsewhere", card: v2("page 2") });
    expect(messaging.message(messageId)?.card).toEqual(v2("page 1"));
  });

  it("accepts a 1.0 answer for a 1.0 card and refuses to click what is not a card", async () => {
    const v1 = { config: { update_multi: true }, elements: [{ tag: "div", text: { tag: "plain_text", content: "a" } }] };
    const messageId = await sendCard(v1);
    bot.answer = () => ({ body: JSON.stringify({ card: { type: "raw", data: { ...v1, elements: [] } } }) });
    expect((await pusher.pushCardAction({ value: {}, openMessageId: messageId })).cardReplaced).toBe(true);
    await expect(pusher.pushCardAction({ value: {}, openMessageId: "om_nowhere" })).rejects.toThrow(/no card message/);
  });
});

describe("the SDK receives what the emulator pushes", () => {
  let sdkServer: Server;
  let sdkUrl: string;
  const seen: { messages: unknown[]; actions: unknown[] } = { messages: [], actions: [] };

  beforeEach(async () => {
    seen.messages = [];
    seen.actions = [];
    const dispatcher = new EventDispatcher({ encryptKey: ENCRYPT_KEY, verificationToken: VERIFICATION_TOKEN, logger: { error() {}, warn() {}, info() {}, debug() {}, trace() {} } }).register({
      "im.message.receive_v1": async (data: unknown) => {
        seen.messages.push(data);
        return {};
      },
      "card.action.trigger": async (data: unknown) => {
        seen.actions.push(data);
        return { toast: { type: "info", content: "clicked" } };
      },
    } as never);
    const app = express();
    app.use(express.json());
    app.post("/webhook/event", adaptExpress(dispatcher, { autoChallenge: true }));
    sdkServer = await new Promise((resolve) => {
      const listening = app.listen(0, "127.0.0.1", () => resolve(listening));
    });
    sdkUrl = `http://127.0.0.1:${(sdkServer.address() as AddressInfo).port}/webhook/event`;
  });

  afterEach(async () => {
    sdkServer.closeAllConnections();
    await new Promise((resolve) => sdkServer.close(resolve));
  });

  it("verifies, decrypts and dispatches messages, callbacks and the challenge", async () => {
    webhook = { eventUrl: sdkUrl, encryptKey: ENCRYPT_KEY, verificationToken: VERIFICATION_TOKEN };
    const pushed = await pusher.pushMessage({ text: "/help" });
    expect(pushed.status).toBe(200);
    expect(seen.messages).toEqual([expect.objectContaining({ event_type: "im.message.receive_v1", message: expect.objectContaining({ message_id: pushed.messageId }) })]);

    const messageId = await sendCard(v2("card"));
    const clicked = await pusher.pushCardAction({ value: { cmd: "next" }, openMessageId: messageId });
    expect(clicked.toast).toEqual({ type: "info", content: "clicked" });
    expect(seen.actions).toEqual([expect.objectContaining({ token: clicked.token, action: expect.objectContaining({ value: { cmd: "next" } }) })]);

    expect((await pusher.pushChallenge()).echoed).toBe(true);
  });
});

describe("control routes", () => {
  const post = (path: string, body: unknown) =>
    fetch(`${emulatorUrl}/_emulator${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

  it("lets another process type as a chat user and click a card", async () => {
    const response = await post("/events/message", { text: "/rooms", chatType: "p2p", senderOpenId: "ou_bob" });
    expect(response.status).toBe(200);
    const result = (await response.json()) as { status: number; messageId: string };
    expect(result.status).toBe(200);
    expect(opened(bot.received[0]!).event.message).toMatchObject({ message_id: result.messageId, chat_type: "p2p" });

    const messageId = await sendCard(v2("card"));
    const click = await post("/events/card_action", { value: { cmd: "x" }, openMessageId: messageId });
    expect(click.status).toBe(200);
    expect(((await click.json()) as { token: string }).token).toMatch(/^c-/);
    const callbacks = (await (await fetch(`${emulatorUrl}/_emulator/callbacks`)).json()) as unknown[];
    expect(callbacks).toHaveLength(1);
  });

  it("answers 400 for bad input, and 409 before the bot's webhook is known", async () => {
    expect((await post("/events/message", { chatType: "p2p" })).status).toBe(400);
    expect((await post("/events/message", { text: "x", url: "http://elsewhere" })).status).toBe(400);
    expect((await post("/events/card_action", { value: {}, openMessageId: "om_nowhere" })).status).toBe(400);
    webhook = undefined;
    const response = await post("/events/message", { text: "x" });
    expect(response.status).toBe(409);
    expect(bot.received).toEqual([]);
  });
});
