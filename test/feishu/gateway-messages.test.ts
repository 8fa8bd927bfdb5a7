/** Sending and changing cards through the gateway, against the emulator's messaging. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FeishuError } from "../../src/feishu/errors.js";
import { startRig, type GatewayRig } from "./helpers/emulator.js";
import { json, startStub, type StubServer } from "./helpers/stub-server.js";

const GROUP = "oc_sandbox_group";

function card(text: string) {
  return {
    schema: "2.0",
    config: { update_multi: true },
    header: { title: { tag: "plain_text", content: "Meetings" }, template: "blue" },
    body: { elements: [{ tag: "markdown", content: text }] },
  };
}

let rig: GatewayRig;
let bot: StubServer;
beforeAll(async () => {
  rig = await startRig();
  // Stands in for the bot's card-callback URL: answers every click with "{}" (leave the card).
  bot = await startStub((_req, res) => json(res, 200, {}));
  rig.emulator.setWebhook({ eventUrl: `${bot.url}/webhook/event`, cardUrl: `${bot.url}/webhook/card`, verificationToken: "vt" });
});
beforeEach(() => rig.emulator.reset());
afterAll(async () => {
  await bot.close();
  await rig.close();
});

describe("sendCard", () => {
  it("posts an interactive card to a chat and returns its ids", async () => {
    const ref = await rig.gateway.sendCard(GROUP, card("hello"), "digest-2024-06-12");
    expect(ref.chatId).toBe(GROUP);
    expect(ref.messageId).toMatch(/^om_/);
    const [sent] = rig.emulator.sent();
    expect(sent).toMatchObject({ kind: "create", messageId: ref.messageId, chatId: GROUP, msgType: "interactive" });
    expect(sent!.uuid).toBe("digest-2024-06-12");
    expect(JSON.parse(sent!.content)).toEqual(card("hello"));
  });

  it("sends once per uuid", async () => {
    const first = await rig.gateway.sendCard(GROUP, card("once"), "same-uuid");
    const second = await rig.gateway.sendCard(GROUP, card("once"), "same-uuid");
    expect(second.messageId).toBe(first.messageId);
    expect(rig.emulator.sent()).toHaveLength(1);
  });

  it("rejects an unknown chat with a non-retryable FeishuError", async () => {
    const error = await rig.gateway.sendCard("oc_nowhere", card("x"), "u1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FeishuError);
    expect(error).toMatchObject({ endpoint: "message_create", retryable: false });
  });
});

describe("replyCard", () => {
  it("replies to a message in its chat", async () => {
    const parent = await rig.gateway.sendCard(GROUP, card("parent"), "p1");
    const ref = await rig.gateway.replyCard(parent.messageId, card("reply"), "r1");
    expect(ref.chatId).toBe(GROUP);
    const reply = rig.emulator.sent().find((s) => s.kind === "reply");
    expect(reply).toMatchObject({ messageId: ref.messageId, parentId: parent.messageId, uuid: "r1" });
    expect(reply!.card).toEqual(card("reply"));
    expect(reply).not.toHaveProperty("threadId");
  });

  it("replies in the message's thread when asked (reply_in_thread), and only then", async () => {
    const parent = await rig.gateway.sendCard(GROUP, card("parent"), "p2");
    await rig.gateway.replyCard(parent.messageId, card("drill-down"), "r2", { chatId: GROUP, inThread: true });
    const call = rig.emulator.calls().find((c) => c.endpoint === "message_reply");
    expect(call?.body).toMatchObject({ reply_in_thread: true });
    const reply = rig.emulator.sent().find((s) => s.kind === "reply");
    expect(reply).toMatchObject({ parentId: parent.messageId, threadId: expect.stringMatching(/^omt_/) });
  });
});

describe("patchCard", () => {
  it("replaces a sent card", async () => {
    const ref = await rig.gateway.sendCard(GROUP, card("v1"), "patch-1");
    await rig.gateway.patchCard(ref.messageId, card("v2"));
    expect(rig.emulator.messages(GROUP).find((m) => m.messageId === ref.messageId)!.card).toEqual(card("v2"));
    expect(rig.emulator.sent().map((s) => s.kind)).toEqual(["create", "patch"]);
  });
});

describe("updateCardByToken", () => {
  it("updates the clicked card with the callback's token", async () => {
    const ref = await rig.gateway.sendCard(GROUP, card("before"), "upd-1");
    const click = await rig.emulator.pushCardAction({ openMessageId: ref.messageId, value: { cmd: "rooms" } });
    expect(click.status).toBe(200);
    await rig.gateway.updateCardByToken(click.token, card("after"));
    const update = rig.emulator.sent().find((s) => s.kind === "card_update");
    expect(update).toMatchObject({ messageId: ref.messageId });
    expect(update!.card).toEqual(card("after"));
  });

  it("rejects an unknown token", async () => {
    const error = await rig.gateway.updateCardByToken("c-unknown", card("x")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FeishuError);
    expect(error).toMatchObject({ endpoint: "card_update", retryable: false });
  });
});
