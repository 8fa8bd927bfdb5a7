import { describe, expect, it } from "vitest";
import { createBot } from "../../src/app/bot.js";
import type { FeishuGateway } from "../../src/feishu/gateway.js";
import type { IncomingMessage } from "../../src/ingress/types.js";
import { silentLogger } from "../../src/log/logger.js";
import { MemoryStore } from "../../src/store/index.js";
import { noGateway, testDeps } from "../helpers/context.js";

const BOT = { openId: "ou_bot", name: "会议助手" };

/** A gateway that records replies; bot info answers or fails as the test says. */
function recordingGateway(botInfo: () => Promise<{ openId: string; name: string }>) {
  const replies: { messageId: string; card: object; uuid: string }[] = [];
  const gateway: FeishuGateway = {
    ...noGateway,
    getBotInfo: botInfo,
    replyCard: async (messageId, card, uuid) => {
      replies.push({ messageId, card, uuid });
      return { messageId: `om_reply_${replies.length}`, chatId: "oc_1" };
    },
  };
  return { gateway, replies };
}

function message(text: string, overrides: Partial<IncomingMessage> = {}): IncomingMessage {
  return {
    eventId: "ev_1",
    messageId: "om_1",
    chatId: "oc_1",
    chatType: "group",
    messageType: "text",
    content: JSON.stringify({ text }),
    mentions: [{ key: "@_user_1", openId: BOT.openId, name: BOT.name }],
    senderOpenId: "ou_asker",
    senderType: "user",
    rootId: undefined,
    parentId: undefined,
    ...overrides,
  };
}

function botWith(botInfo: () => Promise<{ openId: string; name: string }>) {
  const { gateway, replies } = recordingGateway(botInfo);
  const { config } = testDeps();
  const { handlers } = createBot({ config, gateway, store: new MemoryStore(), logger: silentLogger() });
  return { handlers, replies };
}

const title = (card: object) => JSON.stringify((card as { header?: unknown }).header);

describe("the bot façade", () => {
  it("answers @bot /help in a group with the help card, with a uuid derived from the message", async () => {
    const { handlers, replies } = botWith(async () => BOT);
    await handlers.onMessage(message("@_user_1 /help"));
    expect(replies).toHaveLength(1);
    expect(replies[0]!.messageId).toBe("om_1");
    expect(replies[0]!.uuid).toMatch(/^[0-9a-f]{40}$/);
    expect(JSON.stringify(replies[0]!.card)).not.toContain("没看懂");
  });

  it("ignores a group message that mentions someone else but not the bot", async () => {
    const { handlers, replies } = botWith(async () => BOT);
    await handlers.onMessage(
      message("大家好 @_user_1", { mentions: [{ key: "@_user_1", openId: "ou_alice", name: "Alice" }] }),
    );
    expect(replies).toHaveLength(0);
  });

  it("still understands @bot /help when its own open_id could not be learned", async () => {
    const { handlers, replies } = botWith(() => Promise.reject(new Error("bot info unavailable")));
    await handlers.onMessage(message("@_user_1 /help"));
    expect(replies).toHaveLength(1);
    expect(JSON.stringify(replies[0]!.card)).not.toContain("没看懂");
    expect(title(replies[0]!.card)).toContain("帮助");
  });

  it("answers a direct message without any mention", async () => {
    const { handlers, replies } = botWith(async () => BOT);
    await handlers.onMessage(message("/help", { chatType: "p2p", mentions: [] }));
    expect(replies).toHaveLength(1);
  });

  it("answers a non-text message in a direct chat with help and a note", async () => {
    const { handlers, replies } = botWith(async () => BOT);
    await handlers.onMessage(message("", { chatType: "p2p", mentions: [], messageType: "image", content: "{}" }));
    expect(JSON.stringify(replies[0]!.card)).toContain("image");
  });

  it("answers a click whose value names no command with a toast, not a crash", async () => {
    const { handlers } = botWith(async () => BOT);
    const answer = await handlers.onCardAction({
      eventId: "ev_c",
      operatorOpenId: "ou_asker",
      token: "c-1",
      tag: "button",
      value: { something: "else" },
      formValue: undefined,
      openMessageId: "om_card",
      openChatId: "oc_1",
    });
    expect(answer.toast?.type).toBe("warning");
    expect(answer.card).toBeUndefined();
  });
});
