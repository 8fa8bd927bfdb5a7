/**
 * card-delayed-update.md: the delayed update must come after the callback's answer; one sent in
 * parallel or before it fails. The emulator refuses it with 300030 (the token is not valid yet) and
 * honours the same token once the answer is in.
 */
import { AESCipher } from "@larksuiteoapi/node-sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
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
