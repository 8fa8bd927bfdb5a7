/**
 * /whoami end to end: a message through the emulator's signed, encrypted webhook to the bot, the
 * card back through the reply API, read as text. In a group and a direct chat, by an admin and by
 * someone else; /我 in Chinese.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cardToText } from "../../src/cards/index.js";
import { DEFAULT_SENDER_OPEN_ID } from "../../src/sandbox/emulator/events/index.js";
import type { RunningSandbox } from "../../src/sandbox/start.js";
import { startTestSandbox, waitFor } from "../helpers/sandbox.js";

const OTHER = "ou_whoami_someone_else";
let sandbox: RunningSandbox;

beforeAll(async () => {
  // The sandbox's admin is the emulator's default sender.
  sandbox = await startTestSandbox({ emulator: { rateLimits: false } });
});
afterAll(() => sandbox.close());

async function ask(text: string, chatType: "group" | "p2p", senderOpenId: string): Promise<{ chatId: string; card: string }> {
  const { messageId } = await sandbox.emulator.pushMessage({ text, chatType, senderOpenId });
  const reply = await waitFor(() => sandbox.emulator.sent().find((s) => s.parentId === messageId), 10_000, `the answer to ${text}`);
  return { chatId: reply.chatId, card: cardToText(reply.card) };
}

describe("/whoami through the emulator", () => {
  it.each([
    ["group", "an admin", DEFAULT_SENDER_OPEN_ID, true],
    ["group", "someone else", OTHER, false],
    ["p2p", "an admin", DEFAULT_SENDER_OPEN_ID, true],
    ["p2p", "someone else", OTHER, false],
  ] as const)("in a %s chat, asked by %s", async (chatType, _who, sender, admin) => {
    const { chatId, card } = await ask("/whoami", chatType, sender);
    expect(chatId).toMatch(/^oc_/);
    expect(card).toContain(`本会话（${chatType === "p2p" ? "单聊" : "群聊"}）的 ID：**${chatId}**`);
    expect(card).toContain(`你的 open_id：**${sender}**`);
    expect(card).toContain(`    chats: [${chatId}]`);
    if (admin) {
      expect(card).toContain("你是机器人的管理员。");
      expect(card).not.toContain("BOT_ADMINS=");
    } else {
      expect(card).toContain("你不是机器人的管理员。");
      expect(card).toContain(`  admins: [${sender}]`);
      expect(card).toContain(`BOT_ADMINS=${sender}`);
      // Only the asker's own id: not the admin's.
      expect(card).not.toContain(DEFAULT_SENDER_OPEN_ID);
    }
  });

  it("answers /我 too", async () => {
    const { card } = await ask("/我", "p2p", OTHER);
    expect(card).toContain("【我是谁】");
  });
});
