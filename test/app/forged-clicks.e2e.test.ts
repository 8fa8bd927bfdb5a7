/**
 * Clicks forged field by field, as an attacker's modified client would send them, end to end through
 * the emulator: none shows a password in a group, changes what a card shows, or reaches Feishu; each
 * gets a toast and leaves the card as it is. A genuine click still works (the control).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSandbox } from "../../src/sandbox/start.js";
import { createButtonSeal, peekSealed } from "../../src/cards/seal.js";
import type { Config } from "../../src/config/types.js";
import { SANDBOX_CHATS } from "../../src/sandbox/emulator/messaging/index.js";
import type { Meeting } from "../../src/sandbox/emulator/index.js";
import { buttons } from "../cards/meeting-fixtures.js";
import { startTestSandbox, waitFor } from "../helpers/sandbox.js";

type Card = Record<string, unknown>;

const withPasswords = (c: Config): Config => ({
  ...c,
  bot: { ...c.bot, showPasswordInP2p: true },
  access: { ...c.access, userCommandsPerMinute: 0 },
});

/** Calls that read data from Feishu: a refused click must make none. */
const DATA_ENDPOINTS = new Set(["meeting_get", "meeting_list_by_no", "report_get_daily", "reservation_list", "push_overview", "room_list", "room_level_list", "chat_get"]);

let sandbox: RunningSandbox;
/** A meeting with a password that is the newest of its number: its Details button is on the list's first page. */
let target: Meeting;

beforeAll(async () => {
  sandbox = await startTestSandbox({ config: withPasswords });
  const nowSec = Math.floor(Date.now() / 1000);
  const tenant = sandbox.emulator.tenant;
  const started = (m: Meeting) => m.startTime <= nowSec;
  target = tenant.meetings
    .filter((m) => m.password !== undefined && m.endTime !== undefined && m.endTime < nowSec && m.startTime > nowSec - 5 * 86_400)
    .find((m) => !tenant.meetings.some((o) => o.meetingNo === m.meetingNo && started(o) && o.startTime > m.startTime))!;
  expect(target, "a recent meeting with a password, newest of its number").toBeDefined();
});
afterAll(() => sandbox.close());

async function ask(text: string, chatType: "group" | "p2p", chatId?: string): Promise<{ card: Card; messageId: string }> {
  const delivery = await sandbox.emulator.pushMessage({ text, chatType, mentionBot: chatType === "group", ...(chatId ? { chatId } : {}) });
  const reply = await waitFor(() => sandbox.emulator.sent().find((s) => s.parentId === delivery.messageId), 15_000, `a reply to ${text}`);
  return { card: reply.card as Card, messageId: reply.messageId };
}

/** The Details button of the target meeting on a list card. */
function detailsOf(card: Card): Record<string, unknown> {
  const button = buttons(card).find((b) => (peekSealed(b.value)?.args as { meetingId?: string } | undefined)?.meetingId === target.id);
  expect(button, "the target meeting's Details button").toBeDefined();
  return button!.value;
}

const reencoded = (sealed: Record<string, unknown>, change: (plain: Record<string, unknown>) => Record<string, unknown>) => {
  const [, mac] = String(sealed.s).split(".");
  const payload = Buffer.from(JSON.stringify(change(peekSealed(sealed)!))).toString("base64url");
  return { s: `${payload}.${mac}` };
};

/**
 * What a genuine Details click answered: it opens in the list's thread (the list stays), so its
 * answer is the reply sent after `sentBefore`, as JSON.
 */
async function threadAnswer(messageId: string, sentBefore: number): Promise<string> {
  const reply = await waitFor(() => sandbox.emulator.sent().slice(sentBefore).find((s) => s.kind === "reply" && s.parentId === messageId), 15_000, "the detail in the thread");
  expect(reply.threadId).toMatch(/^omt_/);
  return JSON.stringify(reply.card);
}

async function click(value: Record<string, unknown>, messageId: string, chatId: string) {
  const sentBefore = sandbox.emulator.sent().length;
  const callsBefore = sandbox.emulator.calls().length;
  const before = JSON.stringify(sandbox.emulator.messages().find((m) => m.messageId === messageId)?.card);
  const result = await sandbox.emulator.pushCardAction({ value, openMessageId: messageId, chatId });
  const after = JSON.stringify(sandbox.emulator.messages().find((m) => m.messageId === messageId)?.card);
  // Only what the click caused: the Open API calls made after it was pushed.
  return { result, unchanged: before === after, calls: sandbox.emulator.calls().slice(callsBefore), sentBefore };
}

function expectRefused(outcome: Awaited<ReturnType<typeof click>>, toast: RegExp) {
  expect(outcome.result.clientError).toBeUndefined();
  expect(outcome.result.cardReplaced).toBe(false);
  expect(outcome.result.toast?.content).toMatch(toast);
  expect(JSON.stringify(outcome.result.answer)).not.toContain(target.password!);
  expect(outcome.unchanged).toBe(true);
  expect(outcome.calls.filter((c) => DATA_ENDPOINTS.has(c.endpoint))).toEqual([]);
}

describe("forged clicks", () => {
  it("a genuine Details click works: the password in the direct chat, never in the group (the control)", async () => {
    const p2p = await ask(`/meeting ${target.meetingNo} 7d`, "p2p");
    const shown = await click(detailsOf(p2p.card), p2p.messageId, SANDBOX_CHATS.p2p);
    expect(shown.result.cardReplaced).toBe(false);
    expect(shown.unchanged).toBe(true);
    expect(await threadAnswer(p2p.messageId, shown.sentBefore)).toContain(target.password!);
    const group = await ask(`/meeting ${target.meetingNo} 7d`, "group");
    const hidden = await click(detailsOf(group.card), group.messageId, SANDBOX_CHATS.group);
    expect(hidden.result.cardReplaced).toBe(false);
    const detail = await threadAnswer(group.messageId, hidden.sentBefore);
    expect(detail).toContain("峰值");
    expect(detail).not.toContain(target.password!);
  });

  it.each([
    ["chat type changed to p2p", (v: Record<string, unknown>) => ({ ...v, ct: "p2p" })],
    ["chat id changed", (v: Record<string, unknown>) => ({ ...v, cid: SANDBOX_CHATS.p2p })],
    ["args changed to another meeting", (v: Record<string, unknown>) => ({ ...v, args: { kind: "detail", meetingId: "7000000000000000001" } })],
    ["a cursor added", (v: Record<string, unknown>) => ({ ...v, cursor: { back: [], page: 9, offset: 90 } })],
    ["the command changed", (v: Record<string, unknown>) => ({ ...v, cmd: "report", args: { range: { days: 90 } } })],
    ["the issue time moved", (v: Record<string, unknown>) => ({ ...v, issued: Number(v.issued) - 3600 })],
  ])("on a group card, %s under the old seal: a toast, no call, no password", async (_name, change) => {
    const group = await ask(`/meeting ${target.meetingNo} 7d`, "group");
    expectRefused(await click(reencoded(detailsOf(group.card), change), group.messageId, SANDBOX_CHATS.group), /卡片来自旧版本或内容被改动过/);
  });

  it.each([
    ["a plain value claiming p2p for the group", { cmd: "meeting", args: {}, ct: "p2p", cid: SANDBOX_CHATS.group }],
    ["a plain value claiming p2p with no chat", { cmd: "meeting", args: {}, ct: "p2p" }],
    ["the seal removed", {}],
    ["an altered MAC", null],
    ["help on any card", { cmd: "help" }],
  ])("%s: a toast, no call, no password", async (name, value) => {
    const group = await ask(`/meeting ${target.meetingNo} 7d`, "group");
    const genuine = detailsOf(group.card);
    const forged =
      value === null
        ? { s: `${String(genuine.s).split(".")[0]}.${"A".repeat(43)}` }
        : "args" in value
          ? { ...value, args: { kind: "detail", meetingId: target.id } }
          : value;
    expect(name).toBeTruthy();
    expectRefused(await click(forged, group.messageId, SANDBOX_CHATS.group), /卡片来自旧版本或内容被改动过/);
  });

  it("a direct chat's genuine Details value clicked in the group: the other-chat toast, no password", async () => {
    const p2p = await ask(`/meeting ${target.meetingNo} 7d`, "p2p");
    const group = await ask(`/meeting ${target.meetingNo} 7d`, "group");
    expectRefused(await click(detailsOf(p2p.card), group.messageId, SANDBOX_CHATS.group), /属于另一个会话/);
  });

  it("a value sealed with the bot's own key but issued more than 14 days ago: the expired toast", async () => {
    const group = await ask(`/meeting ${target.meetingNo} 7d`, "group");
    const old = createButtonSeal(sandbox.config.feishu).seal({
      ...peekSealed(detailsOf(group.card)),
      issued: Math.floor(Date.now() / 1000) - 15 * 86_400,
    });
    expectRefused(await click(old, group.messageId, SANDBOX_CHATS.group), /超过 14 天/);
  });

  it("a value sealed by another deployment (another app secret): refused", async () => {
    const group = await ask(`/meeting ${target.meetingNo} 7d`, "group");
    const foreign = createButtonSeal({ appSecret: "someone-else" }).seal(peekSealed(detailsOf(group.card))!);
    expectRefused(await click(foreign, group.messageId, SANDBOX_CHATS.group), /卡片来自旧版本或内容被改动过/);
  });

  it("a value sealed with this bot's own key that claims a direct chat, clicked in the group: it runs as the group's, no password", async () => {
    // Even a value the bot would accept carries no say over the chat type: Feishu is asked.
    const group = await ask(`/meeting ${target.meetingNo} 7d`, "group");
    const claiming = createButtonSeal(sandbox.config.feishu).seal({ ...peekSealed(detailsOf(group.card)), ct: "p2p", chatType: "p2p" });
    const outcome = await click(claiming, group.messageId, SANDBOX_CHATS.group);
    expect(outcome.result.cardReplaced).toBe(false);
    const detail = await threadAnswer(group.messageId, outcome.sentBefore);
    expect(detail).not.toContain(target.password!);
    // The detail card (its people line), shown as in a group.
    expect(detail).toContain("峰值");
  });

  it("the direct chat's type asked of Feishu: when Feishu cannot say, the click is answered as a group's, no password", async () => {
    // A direct chat the bot has not looked up yet: an answered lookup is cached.
    const dm = "oc_dm_lookup_fails";
    const p2p = await ask(`/meeting ${target.meetingNo} 7d`, "p2p", dm);
    sandbox.emulator.injectFault({ endpoint: "chat_get", effect: { kind: "http", status: 503 }, times: "always" });
    try {
      const outcome = await click(detailsOf(p2p.card), p2p.messageId, dm);
      expect(outcome.result.cardReplaced).toBe(false);
      const detail = await threadAnswer(p2p.messageId, outcome.sentBefore);
      expect(detail).toContain("峰值");
      expect(detail).not.toContain(target.password!);
    } finally {
      sandbox.emulator.clearFaults();
    }
  });
});
