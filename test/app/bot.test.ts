import { describe, expect, it, vi } from "vitest";
import { createBot } from "../../src/app/bot.js";
import type { FeishuGateway } from "../../src/feishu/gateway.js";
import { FeishuError } from "../../src/feishu/errors.js";
import type { CardAction, IncomingMessage } from "../../src/ingress/types.js";
import { silentLogger } from "../../src/log/logger.js";
import { MemoryStore } from "../../src/store/index.js";
import type { Config } from "../../src/config/types.js";
import { noGateway, testDeps } from "../helpers/context.js";
import { callbackValues, plainValue, sealedAsIs, sealedValue } from "../helpers/seal.js";

const BOT = { openId: "ou_bot", name: "会议助手" };

/** A gateway that records replies; bot info answers or fails as the test says. */
function recordingGateway(botInfo: () => Promise<{ openId: string; name: string }>) {
  const replies: { messageId: string; card: object; uuid: string }[] = [];
  const gateway: FeishuGateway = {
    ...noGateway,
    getBotInfo: botInfo,
    getChat: async (chatId) => ({ chatId, mode: "group" }),
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
  const { handlers, accept } = createBot({ config, gateway, store: new MemoryStore(), logger: silentLogger() });
  return { handlers, accept, replies, config };
}

const title = (card: object) => JSON.stringify((card as { header?: unknown }).header);

describe("the bot façade", () => {
  it("answers @bot /help in a group with the help card, with a uuid derived from the message", async () => {
    const { accept, replies } = botWith(async () => BOT);
    await accept(message("@_user_1 /help"));
    expect(replies).toHaveLength(1);
    expect(replies[0]!.messageId).toBe("om_1");
    expect(replies[0]!.uuid).toMatch(/^[0-9a-f]{40}$/);
    expect(JSON.stringify(replies[0]!.card)).not.toContain("没看懂");
  });

  it("ignores a group message that mentions someone else but not the bot", async () => {
    const { accept, replies } = botWith(async () => BOT);
    await accept(
      message("大家好 @_user_1", { mentions: [{ key: "@_user_1", openId: "ou_alice", name: "Alice" }] }),
    );
    expect(replies).toHaveLength(0);
  });

  it("still understands @bot /help when its own open_id could not be learned", async () => {
    const { accept, replies } = botWith(() => Promise.reject(new Error("bot info unavailable")));
    await accept(message("@_user_1 /help"));
    expect(replies).toHaveLength(1);
    expect(JSON.stringify(replies[0]!.card)).not.toContain("没看懂");
    expect(title(replies[0]!.card)).toContain("帮助");
  });

  it("answers a direct message without any mention", async () => {
    const { accept, replies } = botWith(async () => BOT);
    await accept(message("/help", { chatType: "p2p", mentions: [] }));
    expect(replies).toHaveLength(1);
  });

  it("answers a non-text message in a direct chat with help and a note", async () => {
    const { accept, replies } = botWith(async () => BOT);
    await accept(message("", { chatType: "p2p", mentions: [], messageType: "image", content: "{}" }));
    expect(JSON.stringify(replies[0]!.card)).toContain("image");
  });

  it("answers a click whose value names no command with a toast, not a crash", async () => {
    const { handlers, config } = botWith(async () => BOT);
    const answer = await handlers.onCardAction({
      eventId: "ev_c",
      operatorOpenId: "ou_asker",
      token: "c-1",
      tag: "button",
      // Sealed by this bot for oc_1, so it passes the seal and chat checks and reaches the command lookup.
      value: sealedValue(config, { something: "else" }, { chatId: "oc_1" }),
      formValue: undefined,
      openMessageId: "om_card",
      openChatId: "oc_1",
    });
    expect(answer.answer.toast).toEqual({ type: "warning", content: "这个按钮已失效" });
    expect(answer.answer.card).toBeUndefined();
    expect(answer.afterAnswer).toBeUndefined();
  });
});

const NOW = Date.parse("2024-06-12T07:00:00Z");
const DAY_SECONDS = 86_400;
const MEETING_ID = "7300000000000000001";
const DETAIL = { kind: "detail", meetingId: MEETING_ID };
const WEEK = { range: { days: 7 } };

/**
 * A click in oc_1 on a button of a card the bot sent there: `payload` (command, args and, as the
 * test says, `issued`) with the card's chat, sealed as is with `config`'s key, so the bot reads the
 * very `issued` the test gives, however odd.
 */
function click(config: Config, payload: Record<string, unknown>): CardAction {
  return {
    eventId: "ev_click",
    operatorOpenId: "ou_asker",
    token: "c-update-1",
    tag: "button",
    value: sealedAsIs(config, { issued: Math.floor(NOW / 1000), ...payload, cid: "oc_1" }),
    formValue: undefined,
    openMessageId: "om_card",
    openChatId: "oc_1",
  };
}

/**
 * A bot whose meeting lookups wait for `gate` and then fail, whose daily reports wait for it too and
 * then answer, and which records card updates by token.
 */
function clickBot(opts: { cardInlineBudgetMs?: number } = {}) {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const lookups: string[] = [];
  const updates: Array<{ token: string; card: object }> = [];
  const gateway: FeishuGateway = {
    ...noGateway,
    getBotInfo: async () => BOT,
    getChat: async (chatId) => ({ chatId, mode: "group" }),
    getMeeting: async (meetingId) => {
      lookups.push(meetingId);
      await gate;
      throw new FeishuError({ code: 121004, endpoint: "meeting_get", msg: "data not exist", httpStatus: 404 });
    },
    updateCardByToken: async (token, card) => {
      updates.push({ token, card });
    },
    getDailyReport: async () => {
      lookups.push("report");
      await gate;
      return { totalMeetingCount: 0, totalMeetingDurationSeconds: 0, totalParticipantCount: 0, days: [] };
    },
  };
  const base = testDeps().config;
  // The clicker administers this bot, so admin-only commands (/report) run too.
  const config = { ...base, bot: { ...base.bot, admins: ["ou_asker"] } };
  const { handlers } = createBot({ config, gateway, store: new MemoryStore(), logger: silentLogger(), now: () => NOW, ...opts });
  return { handlers, lookups, updates, open, click: (payload: Record<string, unknown>) => click(config, payload) };
}

describe("a click too slow to answer inline", () => {
  it("answers with a toast and leaves the card update to after the answer, even when the data is in first", async () => {
    const bot = clickBot({ cardInlineBudgetMs: 10 });
    const result = await bot.handlers.onCardAction(bot.click({ cmd: "report", args: WEEK }));
    expect(result.answer).toEqual({ toast: { type: "info", content: expect.any(String) } });
    expect(result.afterAnswer).toBeTypeOf("function");
    bot.open();
    // The data is in and the card rendered; firing the update now would race the answer.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(bot.lookups.length).toBeGreaterThan(0);
    expect(bot.updates).toEqual([]);
    await result.afterAnswer!();
    expect(bot.updates).toHaveLength(1);
    expect(bot.updates[0]!.token).toBe("c-update-1");
    expect(JSON.stringify(bot.updates[0]!.card)).toContain("会议使用报告");
  });

  it("answers a quick click inline with the card and nothing for afterwards", async () => {
    const bot = clickBot({ cardInlineBudgetMs: 2_000 });
    bot.open();
    const result = await bot.handlers.onCardAction(bot.click({ cmd: "report", args: WEEK }));
    expect(result.answer.card?.type).toBe("raw");
    expect(result.afterAnswer).toBeUndefined();
  });

  it("answers a click whose query fails with a toast and leaves the shared card as it is", async () => {
    const bot = clickBot({ cardInlineBudgetMs: 2_000 });
    bot.open();
    const result = await bot.handlers.onCardAction(bot.click({ cmd: "meeting", args: DETAIL }));
    expect(bot.lookups).toEqual([MEETING_ID]);
    expect(result.answer.card).toBeUndefined();
    expect(result.answer.toast).toMatchObject({ type: "error", content: expect.stringContaining("121004") });
  });
});

describe("clicks on cards past Feishu's 14 days", () => {
  const issuedDaysAgo = (days: number) => Math.floor(NOW / 1000) - days * DAY_SECONDS;

  it("answers a card issued more than 14 days ago with an 'expired' toast, no API call and no card", async () => {
    const bot = clickBot();
    bot.open();
    const result = await bot.handlers.onCardAction(bot.click({ cmd: "meeting", args: DETAIL, issued: issuedDaysAgo(14) - 1 }));
    expect(result.answer).toEqual({ toast: { type: "warning", content: expect.stringContaining("14") } });
    expect(result.answer.toast?.content).toContain("重新发送");
    expect(result.afterAnswer).toBeUndefined();
    expect(bot.lookups).toEqual([]);
    expect(bot.updates).toEqual([]);
  });

  it.each([
    ["issued 14 days ago to the second", issuedDaysAgo(14)],
    ["issued 13 days ago", issuedDaysAgo(13)],
    ["issued in the future", issuedDaysAgo(-400)],
  ])("runs a click on a card %s", async (_name, issued) => {
    const bot = clickBot();
    bot.open();
    const result = await bot.handlers.onCardAction(bot.click({ cmd: "report", args: WEEK, issued }));
    expect(bot.lookups.length).toBeGreaterThan(0);
    expect(result.answer.card?.type).toBe("raw");
  });

  it.each([
    ["a string", "1700000000"],
    ["an object", { at: 1 }],
    ["null", null],
    ["a fraction", issuedDaysAgo(1) + 0.5],
  ])("refuses a sealed value whose issue time is %s: the bot never seals one", async (_name, issued) => {
    const bot = clickBot();
    bot.open();
    const result = await bot.handlers.onCardAction(bot.click({ cmd: "meeting", args: DETAIL, issued }));
    expect(result.answer).toEqual({ toast: { type: "warning", content: "这个按钮已失效" } });
    expect(bot.lookups).toEqual([]);
  });

  it("keeps the clicked card's issue time on the card that replaces it: Feishu counts 14 days from the message", async () => {
    const bot = clickBot();
    bot.open();
    const result = await bot.handlers.onCardAction(bot.click({ cmd: "report", args: { range: { days: 7 } }, issued: issuedDaysAgo(3) }));
    const values = callbackValues(result.answer.card?.data);
    expect(values.length).toBeGreaterThan(0);
    for (const value of values) expect(plainValue(value)).toMatchObject({ cid: "oc_1", issued: issuedDaysAgo(3) });
  });

  it("stamps the answer to a click on a card issued in the future with its own clock", async () => {
    const bot = clickBot();
    bot.open();
    const value = { cmd: "report", args: { range: { days: 7 } }, issued: issuedDaysAgo(-1) };
    const values = callbackValues((await bot.handlers.onCardAction(bot.click(value))).answer.card?.data);
    expect(values.length).toBeGreaterThan(0);
    for (const v of values) expect(plainValue(v)).toMatchObject({ cid: "oc_1", issued: Math.floor(NOW / 1000) });
  });
});


describe("the order of a chat's answers", () => {
  it("sends the per-person rate notice after the answers to the asker's earlier messages", async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const { gateway, replies } = recordingGateway(async () => BOT);
    gateway.getDailyReport = async () => {
      await gate;
      return { totalMeetingCount: 0, totalMeetingDurationSeconds: 0, totalParticipantCount: 0, days: [] };
    };
    const base = testDeps().config;
    const config = { ...base, bot: { ...base.bot, admins: ["ou_asker"] }, access: { ...base.access, userCommandsPerMinute: 1 } };
    const { accept } = createBot({ config, gateway, store: new MemoryStore(), logger: silentLogger(), now: () => NOW });
    const first = accept(message("@_user_1 /report 7d", { messageId: "om_first", eventId: "ev_first" }));
    const second = accept(message("@_user_1 /help", { messageId: "om_second", eventId: "ev_second" }));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(replies).toEqual([]);
    open();
    await Promise.all([first, second]);
    expect(replies.map((r) => r.messageId)).toEqual(["om_first", "om_second"]);
    expect(JSON.stringify(replies[1]!.card)).toContain("发得太快了");
  });
});

describe("refusals before usage", () => {
  it("refuses an admin-only command with wrong arguments as not allowed, never with its usage", async () => {
    const { accept, replies } = botWith(async () => BOT);
    await accept(message("@_user_1 /report blah"));
    expect(replies).toHaveLength(1);
    const text = JSON.stringify(replies[0]!.card);
    expect(text).toContain("没有权限");
    expect(text).not.toContain("/report 的用法");
  });
});

describe("where a click's answer goes", () => {
  function threadBot() {
    const replies: Array<{ messageId: string; card: object; opts: unknown }> = [];
    const gateway: FeishuGateway = {
      ...noGateway,
      getBotInfo: async () => BOT,
      getChat: async (chatId) => ({ chatId, mode: "group" }),
      getDailyReport: async () => ({ totalMeetingCount: 0, totalMeetingDurationSeconds: 0, totalParticipantCount: 0, days: [] }),
      replyCard: async (messageId, card, _uuid, opts) => {
        replies.push({ messageId, card, opts });
        return { messageId: "om_thread_reply", chatId: "oc_1" };
      },
    };
    const base = testDeps().config;
    const config = { ...base, bot: { ...base.bot, admins: ["ou_asker"] } };
    const { handlers } = createBot({ config, gateway, store: new MemoryStore(), logger: silentLogger(), now: () => NOW, cardInlineBudgetMs: 2_000 });
    return { handlers, replies, click: (payload: Record<string, unknown>) => click(config, payload) };
  }

  it("replaces the card in place when the button does not say otherwise", async () => {
    const bot = threadBot();
    const result = await bot.handlers.onCardAction(bot.click({ cmd: "report", args: WEEK }));
    expect(result.answer.card?.type).toBe("raw");
    expect(bot.replies).toEqual([]);
  });

  it("replies to the card in its thread when the sealed button opens there, the card left as it is", async () => {
    const bot = threadBot();
    const result = await bot.handlers.onCardAction(bot.click({ cmd: "report", args: WEEK, opens: "thread" }));
    expect(result.answer).toEqual({ toast: { type: "info", content: "已在话题中发送" } });
    await vi.waitFor(() => expect(bot.replies).toHaveLength(1));
    expect(bot.replies[0]).toMatchObject({ messageId: "om_card", opts: { inThread: true, chatId: "oc_1" } });
    expect(JSON.stringify(bot.replies[0]!.card)).toContain("会议使用报告");
  });
});
