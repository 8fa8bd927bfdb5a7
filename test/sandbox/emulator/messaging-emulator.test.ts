/** The messaging half inside the real emulator: real gateway, real SDK client, a stand-in bot. */
import { AESCipher } from "@larksuiteoapi/node-sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SANDBOX_BOT_OPEN_ID } from "../../../src/sandbox/emulator/index.js";
import { SANDBOX_CHATS } from "../../../src/sandbox/emulator/messaging/index.js";
import { startBotServer, type BotServer } from "./events-bot-server.js";
import { answerOf, startTestEmulator, type ApiAnswer, type Started } from "./helpers.js";

const KEY = "emulator-encrypt-key";
const v2 = (text: string) => ({ schema: "2.0", body: { elements: [{ tag: "markdown", content: text }] } });

let started: Started;
let bot: BotServer;

beforeEach(async () => {
  bot = await startBotServer();
  started = await startTestEmulator({
    webhook: { eventUrl: `${bot.url}/webhook/event`, cardUrl: `${bot.url}/webhook/card`, encryptKey: KEY, verificationToken: "vt" },
  });
});

afterEach(async () => {
  await started.emulator.close();
  await bot.close();
});

describe("messaging through startEmulator and the SDK", () => {
  it("runs a command's round trip: message in, card reply, click, delayed update", async () => {
    const { emulator, client } = started;
    const pushed = await emulator.pushMessage({ text: "/meeting 123456789" });
    expect(pushed.status).toBe(200);
    const event = JSON.parse(new AESCipher(KEY).decrypt(JSON.parse(bot.received[0]!.rawBody).encrypt));
    expect(event.event.message.mentions[0].id.open_id).toBe(SANDBOX_BOT_OPEN_ID);

    const reply = await answerOf(
      client.im.v1.message.reply({
        path: { message_id: pushed.messageId },
        data: { msg_type: "interactive", content: JSON.stringify(v2("page 1")), uuid: `reply-${pushed.messageId}` },
      }),
    );
    expect(reply).toMatchObject({ code: 0, data: { parent_id: pushed.messageId, chat_id: SANDBOX_CHATS.group } });
    const cardId = reply.data?.["message_id"] as string;

    const click = await emulator.pushCardAction({ value: { cmd: "meeting", cursor: "2" }, openMessageId: cardId });
    expect(bot.received[1]!.path).toBe("/webhook/card");
    expect(click.clientError).toBeUndefined();
    const update = await answerOf(
      client.request({ method: "POST", url: "/open-apis/interactive/v1/card/update", data: { token: click.token, card: v2("page 2") } }),
    );
    expect(update.code).toBe(0);
    const patched = await answerOf(
      client.im.v1.message.patch({ path: { message_id: cardId }, data: { content: JSON.stringify(v2("page 3")) } }),
    );
    expect(patched.code).toBe(0);

    expect(emulator.sent().map((s) => s.kind)).toEqual(["reply", "card_update", "patch"]);
    expect(emulator.messages(SANDBOX_CHATS.group).map((m) => m.messageId)).toEqual([pushed.messageId, cardId]);
    expect(emulator.messages(SANDBOX_CHATS.group)[1]!.card).toEqual(v2("page 3"));
    expect(emulator.callbacks()).toHaveLength(1);
  });

  describe("the interaction window", () => {
    const DAY = 24 * 3600 * 1000;
    async function sendCard(card: unknown): Promise<string> {
      const sent = await answerOf(
        started.client.im.v1.message.create({
          params: { receive_id_type: "chat_id" },
          data: { receive_id: SANDBOX_CHATS.group, msg_type: "interactive", content: JSON.stringify(card) },
        }),
      );
      expect(sent.code).toBe(0);
      return sent.data?.["message_id"] as string;
    }
    const cardClicks = () => bot.received.filter((r) => r.path === "/webhook/card");

    it("delivers a click on a 2.0 card for 14 days, then refuses it in the client and records why", async () => {
      const { emulator, clock } = started;
      const cardId = await sendCard(v2("page 1"));
      bot.answer = () => ({ status: 200, body: JSON.stringify({ card: { type: "raw", data: v2("page 2") } }) });
      clock.now += 14 * DAY;
      const inTime = await emulator.pushCardAction({ value: { cmd: "x" }, openMessageId: cardId });
      expect(inTime).toMatchObject({ status: 200, cardReplaced: true });
      expect(inTime.clientError).toBeUndefined();
      expect(inTime.delivered).toBeUndefined();
      expect(cardClicks()).toHaveLength(1);

      clock.now += 1;
      const late = await emulator.pushCardAction({ value: { cmd: "x" }, openMessageId: cardId, operatorOpenId: "ou_late" });
      expect(late).toMatchObject({ status: 0, delivered: false, cardReplaced: false, clientError: { code: 230031 } });
      expect(late.clientError?.msg).toContain("more than 14 days ago");
      // Never reached the bot, and the card stays as it was.
      expect(cardClicks()).toHaveLength(1);
      expect(emulator.messages(SANDBOX_CHATS.group).at(-1)?.card).toEqual(v2("page 2"));
      expect(emulator.callbacks().at(-1)).toMatchObject({
        token: late.token,
        messageId: cardId,
        operatorOpenId: "ou_late",
        delivered: false,
        outcome: { ok: false, code: 230031 },
        at: clock.now,
      });
    });

    it("answers the refused click the same way over the control route", async () => {
      const { emulator, clock } = started;
      const cardId = await sendCard(v2("page 1"));
      clock.now += 15 * DAY;
      const res = await fetch(`${emulator.url}/_emulator/events/card_action`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ value: { cmd: "x" }, openMessageId: cardId }),
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ delivered: false, clientError: { code: 230031 } });
      expect(cardClicks()).toHaveLength(0);
    });

    it("keeps a 1.0 card clickable for 30 days but updatable for 14 only", async () => {
      const { emulator, clock } = started;
      const v1 = (text: string) => ({ config: { update_multi: true }, elements: [{ tag: "div", text: { tag: "plain_text", content: text } }] });
      const cardId = await sendCard(v1("a"));
      bot.answer = () => ({ status: 200, body: JSON.stringify({ card: { type: "raw", data: v1("b") } }) });
      clock.now += 20 * DAY;
      const late = await emulator.pushCardAction({ value: { cmd: "x" }, openMessageId: cardId });
      expect(late).toMatchObject({ status: 200, cardReplaced: false });
      expect(late.clientError).toBeUndefined();
      expect(emulator.messages(SANDBOX_CHATS.group).at(-1)?.card).toEqual(v1("a"));
      clock.now += 10 * DAY + 1;
      const tooLate = await emulator.pushCardAction({ value: { cmd: "x" }, openMessageId: cardId });
      expect(tooLate).toMatchObject({ delivered: false, clientError: { code: 230031 } });
      expect(tooLate.clientError?.msg).toContain("more than 30 days ago");
      expect(cardClicks()).toHaveLength(1);
    });
  });

  it("sends digests with create, idempotent by uuid on the emulator's clock", async () => {
    const { emulator, client, clock } = started;
    const send = () =>
      answerOf(
        client.im.v1.message.create({
          params: { receive_id_type: "chat_id" },
          data: { receive_id: SANDBOX_CHATS.group, msg_type: "interactive", content: JSON.stringify(v2("digest")), uuid: "digest-w24" },
        }),
      );
    const first = await send();
    clock.now += 30 * 60 * 1000;
    expect((await send()).data?.["message_id"]).toBe(first.data?.["message_id"]);
    clock.now += 30 * 60 * 1000;
    expect((await send()).data?.["message_id"]).not.toBe(first.data?.["message_id"]);
    expect(emulator.sent()).toHaveLength(2);
    // A reader that polls the log asks only for what is new, and learns how long the log is.
    const since = await fetch(`${emulator.url}/_emulator/sent?since=1`);
    expect(since.headers.get("x-sent-total")).toBe("2");
    expect(((await since.json()) as { messageId: string }[]).map((m) => m.messageId)).toEqual([emulator.sent()[1]!.messageId]);
    expect(await (await fetch(`${emulator.url}/_emulator/sent?since=2`)).json()).toEqual([]);
    // A reset empties the log and starts a new generation of it.
    expect(since.headers.get("x-sent-generation")).toBe("0");
    emulator.reset();
    expect((await fetch(`${emulator.url}/_emulator/sent?since=2`)).headers.get("x-sent-generation")).toBe("1");
  });

  it("answers errors through the gateway with Feishu's status and body", async () => {
    const { client } = started;
    const unknown = await answerOf(
      client.im.v1.message.reply({ path: { message_id: "om_missing" }, data: { msg_type: "text", content: JSON.stringify({ text: "x" }) } }),
    );
    expect(unknown.code).toBe(230001);
    const tooBig = await answerOf(
      client.im.v1.message.create({
        params: { receive_id_type: "chat_id" },
        data: { receive_id: SANDBOX_CHATS.p2p, msg_type: "interactive", content: JSON.stringify(v2("x".repeat(31 * 1024))) },
      }),
    );
    expect(tooBig.code).toBe(230025);
    const badToken = await answerOf(
      client.request({ method: "POST", url: "/open-apis/interactive/v1/card/update", data: { token: "c-unknown", card: v2("x") } }),
    );
    expect(badToken.code).toBe(300030);
  });

  it("limits sends to 5 a second per chat through the gateway", async () => {
    const { client, clock } = started;
    const send = () =>
      answerOf(
        client.im.v1.message.create({
          params: { receive_id_type: "chat_id" },
          data: { receive_id: SANDBOX_CHATS.p2p, msg_type: "text", content: JSON.stringify({ text: "x" }) },
        }),
      );
    for (let i = 0; i < 5; i++) expect((await send()).code).toBe(0);
    expect((await send()).code).toBe(230020);
    clock.now += 1000;
    expect((await send()).code).toBe(0);
  });

  it("serves the control routes under /_emulator", async () => {
    const { emulator } = started;
    const response = await fetch(`${emulator.url}/_emulator/events/message`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text: "/help", chatType: "p2p" }),
    });
    expect(response.status).toBe(200);
    const { messageId } = (await response.json()) as { messageId: string };
    const messages = (await (await fetch(`${emulator.url}/_emulator/messages?chat_id=${SANDBOX_CHATS.p2p}`)).json()) as { messageId: string }[];
    expect(messages.map((m) => m.messageId)).toEqual([messageId]);
  });
});

/**
 * card-delayed-update.md: the delayed update must come after the callback's answer; one sent in
 * parallel or before it fails. The emulator refuses it with 300030 (the token is not valid yet) and
 * honours the same token once the answer is in.
 */
describe("a delayed card update sent before the callback's answer", () => {
  it("is refused with 300030 and changes nothing; the same token works once the answer is in", async () => {
    const { emulator, client } = started;
    const sent = await answerOf(
      client.im.v1.message.create({
        params: { receive_id_type: "chat_id" },
        data: { receive_id: SANDBOX_CHATS.group, msg_type: "interactive", content: JSON.stringify(v2("before")) },
      }),
    );
    expect(sent.code).toBe(0);
    const cardId = (sent as unknown as { data: { message_id: string } }).data.message_id;

    const update = (token: string, text: string) =>
      answerOf(client.request({ method: "POST", url: "/open-apis/interactive/v1/card/update", data: { token, card: v2(text) } }));
    // The stand-in bot updates the card while it is still answering the callback.
    let early: Promise<ApiAnswer> | undefined;
    bot.answer = (received) => {
      const event = JSON.parse(new AESCipher(KEY).decrypt(JSON.parse(received.rawBody).encrypt)) as { event: { token: string } };
      early = update(event.event.token, "too early");
      return { status: 200, body: JSON.stringify({ toast: { type: "info", content: "loading" } }), delayMs: 300 };
    };
    const click = await emulator.pushCardAction({ value: { cmd: "report" }, openMessageId: cardId });
    expect(click.clientError).toBeUndefined();
    expect(early).toBeDefined();
    expect(await early).toMatchObject({ code: 300030 });
    expect(emulator.sent().map((s) => s.kind)).toEqual(["create"]);
    expect(emulator.messages().find((m) => m.messageId === cardId)!.card).toEqual(v2("before"));
    expect(emulator.calls().filter((c) => c.endpoint === "card_update").map((c) => [c.status, c.code])).toEqual([[400, 300030]]);

    expect((await update(click.token, "after")).code).toBe(0);
    expect(emulator.sent().map((s) => s.kind)).toEqual(["create", "card_update"]);
    expect(emulator.messages().find((m) => m.messageId === cardId)!.card).toEqual(v2("after"));
  });
});
