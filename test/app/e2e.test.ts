import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RunningSandbox } from "../../src/sandbox/start.js";
import { sleep, startTestSandbox, waitFor } from "../helpers/sandbox.js";

/**
 * End to end over real HTTP: the emulator delivers encrypted, signed events to the bot's webhook as
 * Feishu does, and the bot answers through the real SDK against the emulator's Open API.
 */
describe("end to end: webhook to reply card", () => {
  let sandbox: RunningSandbox;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(async () => {
    await sandbox.close();
  });
  beforeEach(() => {
    sandbox.emulator.reset();
  });

  const repliesTo = (messageId: string) => sandbox.emulator.sent().filter((s) => s.parentId === messageId);
  const headerTitle = (card: unknown) =>
    (card as { header?: { title?: { content?: string } } }).header?.title?.content ?? "";

  it("answers an encrypted, signed @bot /help in a group with exactly one help card", async () => {
    const delivery = await sandbox.emulator.pushMessage({ text: "/help", chatType: "group", mentionBot: true });
    expect(delivery.status).toBe(200);
    const [reply] = await waitFor(() => (repliesTo(delivery.messageId).length ? repliesTo(delivery.messageId) : undefined));
    expect(reply!.kind).toBe("reply");
    expect(reply!.msgType).toBe("interactive");
    const card = reply!.card as { schema?: string; body?: { elements?: unknown[] } };
    expect(card.schema).toBe("2.0");
    expect(headerTitle(card)).toMatch(/帮助|help/i);
    expect(JSON.stringify(card)).toContain("/help");
    await sleep(300);
    expect(repliesTo(delivery.messageId)).toHaveLength(1);
  });

  it("replies once to a message delivered three times", async () => {
    const first = await sandbox.emulator.pushMessage({ text: "/help", chatType: "group", mentionBot: true });
    const again = { text: "/help", chatType: "group" as const, mentionBot: true, messageId: first.messageId };
    const second = await sandbox.emulator.pushMessage(again);
    await waitFor(() => (repliesTo(first.messageId).length ? true : undefined));
    const third = await sandbox.emulator.pushMessage(again);
    expect([first.status, second.status, third.status]).toEqual([200, 200, 200]);
    await sleep(400);
    expect(repliesTo(first.messageId)).toHaveLength(1);
    // Ingress dedupe, not only Feishu's uuid: the bot itself called the reply API once.
    expect(sandbox.emulator.calls().filter((c) => c.endpoint === "message_reply")).toHaveLength(1);
  });

  it("answers /help in a direct chat without a mention", async () => {
    const delivery = await sandbox.emulator.pushMessage({ text: "/help", chatType: "p2p", mentionBot: false });
    expect(delivery.status).toBe(200);
    const [reply] = await waitFor(() => (repliesTo(delivery.messageId).length ? repliesTo(delivery.messageId) : undefined));
    expect(headerTitle(reply!.card)).toMatch(/帮助|help/i);
  });

  it("answers an unknown command with help and a note of what was not understood", async () => {
    const delivery = await sandbox.emulator.pushMessage({ text: "/frobnicate now", chatType: "p2p" });
    const [reply] = await waitFor(() => (repliesTo(delivery.messageId).length ? repliesTo(delivery.messageId) : undefined));
    expect(JSON.stringify(reply!.card)).toContain("frobnicate");
  });

  it("refuses a request with a bad signature with 401 and sends nothing", async () => {
    const good = sandbox.config.feishu;
    sandbox.emulator.setWebhook({
      eventUrl: `${sandbox.bot.url}/webhook/event`,
      encryptKey: "not-the-bots-key",
      verificationToken: good.verificationToken!,
    });
    try {
      const delivery = await sandbox.emulator.pushMessage({ text: "/help", chatType: "group", mentionBot: true });
      expect(delivery.status).toBe(401);
      await sleep(300);
      expect(sandbox.emulator.sent()).toHaveLength(0);
    } finally {
      sandbox.emulator.setWebhook({
        eventUrl: `${sandbox.bot.url}/webhook/event`,
        cardUrl: `${sandbox.bot.url}/webhook/card`,
        encryptKey: good.encryptKey!,
        verificationToken: good.verificationToken!,
      });
    }
  });

  it("answers the url_verification challenge", async () => {
    const answer = await sandbox.emulator.pushChallenge();
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ challenge: answer.challenge });
    expect(answer.challenge.length).toBeGreaterThan(0);
  });
});
