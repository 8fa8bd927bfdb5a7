/**
 * Access control end to end, through the signed webhook against the emulator: admin-only commands,
 * clicks checked for the person who clicked, /help per asker, the chat allow-list and the
 * per-person command rate.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RunningSandbox } from "../../src/sandbox/start.js";
import { cardToText, checkCardBudget } from "../../src/cards/index.js";
import type { Config } from "../../src/config/types.js";
import type { SentMessage } from "../../src/sandbox/emulator/index.js";
import { startTestSandbox, waitFor } from "../helpers/sandbox.js";
import { sealedValue } from "../helpers/seal.js";
import { at } from "../../src/cards/views/access.i18n.js";
import { PAGE_TURNS_PER_COMMAND } from "../../src/app/userRate.js";
import { buttons } from "../helpers/card-buttons.js";

/** The emulator's default chat user: the sandbox's admin. */
const ADMIN = "ou_sandbox_user";
const VISITOR = "ou_visitor";

type Card = Record<string, unknown>;

const title = (card: unknown) => (card as { header?: { title?: { content?: string } } }).header?.title?.content ?? "";

function rig(configure: (c: Config) => Config = (c) => c) {
  const box = {} as { sandbox: RunningSandbox };
  beforeAll(async () => {
    box.sandbox = await startTestSandbox({ config: configure });
  });
  afterAll(async () => {
    await box.sandbox.close();
  });
  beforeEach(() => box.sandbox.emulator.reset());
  return box;
}

type Push = Parameters<RunningSandbox["emulator"]["pushMessage"]>[0];

async function ask(sandbox: RunningSandbox, text: string, opts: Partial<Push> = {}): Promise<{ messageId: string; reply: SentMessage }> {
  const delivery = await sandbox.emulator.pushMessage({ text, chatType: "group", mentionBot: true, ...opts });
  expect(delivery.status).toBe(200);
  const reply = await waitFor(() => sandbox.emulator.sent().find((s) => s.parentId === delivery.messageId), 5_000, `a reply to ${text}`);
  return { messageId: delivery.messageId, reply };
}

let probes = 0;
/**
 * A barrier instead of a sleep: a message from someone else, sent after the one under test and
 * answered, then the bot's queue idle. By default the probe is a /help in the same chat: the queue
 * answers one chat's messages in order, so anything the bot was going to send for the earlier
 * message has been sent by then, however slow the machine. Where that chat answers nothing (a chat
 * off the allow-list), the probe goes to a fresh chat down the same refusal path and gets its notice.
 */
async function probeChat(sandbox: RunningSandbox, opts: Partial<Push> = {}, expectedTitle = "帮助"): Promise<SentMessage> {
  const { reply } = await ask(sandbox, "/help", { ...opts, senderOpenId: `ou_probe_${++probes}` });
  expect(title(reply.card)).toBe(expectedTitle);
  await waitFor(() => {
    const load = sandbox.bot.bot.load();
    return load.pending === 0 && load.running === 0 ? true : undefined;
  }, 5_000, "the bot's queue to be idle");
  return reply;
}

/** Pushes, then waits for a probe to be answered (see probeChat), expecting no reply to the push. */
async function askSilently(
  sandbox: RunningSandbox,
  text: string,
  opts: Partial<Push> = {},
  probe: { opts?: Partial<Push>; title?: string } = {},
): Promise<string> {
  const delivery = await sandbox.emulator.pushMessage({ text, chatType: "group", mentionBot: true, ...opts });
  expect(delivery.status).toBe(200);
  await probeChat(sandbox, probe.opts ?? opts, probe.title);
  expect(sandbox.emulator.sent().filter((s) => s.parentId === delivery.messageId)).toEqual([]);
  return delivery.messageId;
}

const calls = (sandbox: RunningSandbox, endpoint: string) => sandbox.emulator.calls().filter((c) => c.endpoint === endpoint);

describe("admin-only commands", () => {
  const box = rig();
  const largest = { bytes: 0, elements: 0 };
  afterAll(() => {
    console.info(`largest refusal card: ${largest.bytes} bytes, ${largest.elements} elements`);
  });

  it("refuses a non-admin's /report with a card naming who may run it, and calls no API", async () => {
    const { sandbox } = box;
    const { reply } = await ask(sandbox, "/report 30d", { senderOpenId: VISITOR });
    const size = checkCardBudget(reply.card as Card);
    if (size.bytes > largest.bytes) Object.assign(largest, size);
    const text = cardToText(reply.card);
    expect(title(reply.card)).toBe("没有权限");
    expect(text).toContain("只有机器人的管理员可以使用 /report");
    // The admins are shown as people (no notification), so the asker knows whom to ask.
    expect(text).toContain(`@${ADMIN}`);
    // Anything still coming from the refused command is sent before the probe is answered.
    await probeChat(sandbox);
    expect(calls(sandbox, "report_get_daily")).toEqual([]);
    // Only the reply itself (and the probe's) reached Feishu.
    expect(sandbox.emulator.calls().map((c) => c.endpoint).filter((e) => e !== "tenant_token" && e !== "bot_info")).toEqual([
      "message_reply",
      "message_reply",
    ]);
  });

  it("refuses the Chinese alias and /pushstats the same way", async () => {
    const { sandbox } = box;
    for (const text of ["/报告", "/pushstats week", "推送"]) {
      const { reply } = await ask(sandbox, text, { senderOpenId: VISITOR, chatType: "p2p", mentionBot: false });
      expect(title(reply.card), text).toBe("没有权限");
    }
    expect(calls(sandbox, "report_get_daily")).toEqual([]);
    expect(calls(sandbox, "push_overview")).toEqual([]);
  });

  it("runs an admin's /report, and refuses a non-admin's click on that card with a toast, leaving the card", async () => {
    const { sandbox } = box;
    const { reply } = await ask(sandbox, "/report");
    expect(title(reply.card)).not.toBe("没有权限");
    const callsForAdmin = calls(sandbox, "report_get_daily").length;
    expect(callsForAdmin).toBeGreaterThan(0);

    const thirty = buttons(reply.card).find((b) => (b.text as { content: string }).content === "30 天")!;
    const value = (thirty.behaviors as Array<{ value: Record<string, unknown> }>)[0]!.value;
    const click = await sandbox.emulator.pushCardAction({ value, openMessageId: reply.messageId, operatorOpenId: VISITOR });
    expect(click.status).toBe(200);
    expect(click.clientError).toBeUndefined();
    expect(click.cardReplaced).toBe(false);
    expect(click.toast).toMatchObject({ type: "error", content: "只有管理员可以使用 /report" });
    expect(calls(sandbox, "report_get_daily")).toHaveLength(callsForAdmin);

    // The same click by the admin works.
    const own = await sandbox.emulator.pushCardAction({ value, openMessageId: reply.messageId, operatorOpenId: ADMIN });
    expect(own.cardReplaced).toBe(true);
    expect(calls(sandbox, "report_get_daily").length).toBeGreaterThan(callsForAdmin);
  });

  it("refuses a forged click naming an admin-only command, whatever card it is on", async () => {
    const { sandbox } = box;
    const { reply } = await ask(sandbox, "/help", { senderOpenId: VISITOR });
    // Button values are sealed now: a hand-made (unsealed) value is not read at all. It gets the
    // "forged" warning toast, no card and no API call (before sealing it reached the admin check).
    const forged = await sandbox.emulator.pushCardAction({
      value: { cmd: "pushstats", args: { cycle: "month" } },
      openMessageId: reply.messageId,
      operatorOpenId: VISITOR,
    });
    expect(forged.toast).toMatchObject({ type: "warning", content: at("zh", "toastForged") });
    expect(forged.cardReplaced).toBe(false);
    // A genuine value naming the admin-only command (as an admin's card carries), clicked by a
    // non-admin on any card of its chat, is still refused for the clicker.
    const sealed = sealedValue(sandbox.config, { cmd: "pushstats", args: { cycle: "month" } }, { chatId: reply.chatId });
    const click = await sandbox.emulator.pushCardAction({ value: sealed, openMessageId: reply.messageId, operatorOpenId: VISITOR });
    expect(click.toast).toMatchObject({ type: "error", content: "只有管理员可以使用 /pushstats" });
    expect(click.cardReplaced).toBe(false);
    expect(calls(sandbox, "push_overview")).toEqual([]);
  });

  it("lists on /help only what the asker may run", async () => {
    const { sandbox } = box;
    const admin = cardToText((await ask(sandbox, "/help")).reply.card);
    const visitor = cardToText((await ask(sandbox, "/help", { senderOpenId: VISITOR })).reply.card);
    expect(admin).toContain("/report");
    expect(admin).toContain("/pushstats");
    expect(visitor).not.toContain("/report");
    expect(visitor).not.toContain("/pushstats");
    expect(visitor).toContain("/rooms");
    expect(visitor).toContain("/meeting");
  });
});

describe("access.commands", () => {
  const box = rig((c) => ({ ...c, access: { ...c.access, commands: { ...c.access.commands, rooms: "admins", report: "everyone" } } }));

  it("can open /report to everyone and close /rooms to admins", async () => {
    const { sandbox } = box;
    const rooms = await ask(sandbox, "/rooms yesterday", { senderOpenId: VISITOR });
    expect(cardToText(rooms.reply.card)).toContain("/rooms");
    expect(title(rooms.reply.card)).toBe("没有权限");
    expect(calls(sandbox, "reservation_list")).toEqual([]);
    const report = await ask(sandbox, "/report", { senderOpenId: VISITOR });
    expect(title(report.reply.card)).not.toBe("没有权限");
    expect(calls(sandbox, "report_get_daily").length).toBeGreaterThan(0);
  });
});

describe("the chat allow-list", () => {
  const ALLOWED = "oc_sandbox_group";
  const box = rig((c) => ({ ...c, access: { ...c.access, chats: [ALLOWED] } }));

  it("answers in an allowed chat", async () => {
    const { reply } = await ask(box.sandbox, "/help", { chatId: ALLOWED });
    expect(title(reply.card)).toBe("帮助");
  });

  it("says once per chat why it stays silent elsewhere, naming the chat id to allow, then stays silent", async () => {
    const { sandbox } = box;
    const chatId = "oc_elsewhere";
    const { reply } = await ask(sandbox, "/rooms", { chatId, senderOpenId: VISITOR });
    const text = cardToText(reply.card);
    expect(title(reply.card)).toBe("这个会话没有开通机器人");
    expect(text).toContain(chatId);
    expect(text).toContain("access.chats");
    // Anyone else, any command, in the same chat: silence for the rest of the hour.
    // The chat answers nothing now, so each probe is a fresh refused chat (which gets its one notice).
    const refused = { title: "这个会话没有开通机器人" };
    await askSilently(sandbox, "/help", { chatId }, { ...refused, opts: { chatId: "oc_probe_a" } });
    await askSilently(sandbox, "/report", { chatId, senderOpenId: VISITOR }, { ...refused, opts: { chatId: "oc_probe_b" } });
    // Another chat gets its own one notice.
    const other = await ask(sandbox, "/help", { chatId: "oc_another", chatType: "p2p", mentionBot: false });
    expect(title(other.reply.card)).toBe("这个会话没有开通机器人");
    expect(calls(sandbox, "reservation_list")).toEqual([]);
  });

  it("refuses clicks coming from a chat that is not allowed", async () => {
    const { sandbox } = box;
    const { reply } = await ask(sandbox, "/help", { chatId: ALLOWED });
    const click = await sandbox.emulator.pushCardAction({
      value: { cmd: "rooms", args: { date: "2026-01-01" } },
      openMessageId: reply.messageId,
      chatId: "oc_forwarded_somewhere",
    });
    expect(click.toast).toMatchObject({ type: "warning", content: "这个会话没有开通机器人" });
    expect(calls(sandbox, "reservation_list")).toEqual([]);
  });
});

describe("the per-person command rate", () => {
  const LIMIT = 3;
  const box = rig((c) => ({ ...c, access: { ...c.access, userCommandsPerMinute: LIMIT } }));

  it("answers the spammer's first command over the limit with a notice, then ignores them; others are still answered", async () => {
    const { sandbox } = box;
    const spammer = "ou_spammer";
    for (let i = 0; i < LIMIT; i++) {
      const { reply } = await ask(sandbox, "/help", { senderOpenId: spammer });
      expect(title(reply.card)).toBe("帮助");
    }
    const { reply: notice } = await ask(sandbox, "/help", { senderOpenId: spammer });
    expect(title(notice.card)).toBe("发得太快了");
    expect(cardToText(notice.card)).toMatch(new RegExp(`超过 ${LIMIT} 条命令。接下来 \\d+ 秒`));
    for (let i = 0; i < 3; i++) await askSilently(sandbox, "/rooms yesterday", { senderOpenId: spammer });
    expect(calls(sandbox, "reservation_list")).toEqual([]);
    // Someone else in the same chat is not held back.
    const { reply } = await ask(sandbox, "/help", { senderOpenId: "ou_colleague" });
    expect(title(reply.card)).toBe("帮助");
  });

  it("counts clicks too: one toast over the limit, then nothing", async () => {
    const { sandbox } = box;
    const clicker = "ou_clicker";
    const { reply } = await ask(sandbox, "/help", { senderOpenId: "ou_someone" });
    // A genuine value (sealed as the bot seals it, for this chat): an unsealed one would only get the forged toast.
    const value = sealedValue(sandbox.config, { cmd: "help", args: {} }, { chatId: reply.chatId });
    const click = () => sandbox.emulator.pushCardAction({ value, openMessageId: reply.messageId, operatorOpenId: clicker });
    for (let i = 0; i < LIMIT; i++) expect((await click()).cardReplaced).toBe(true);
    const notice = await click();
    expect(notice.toast).toMatchObject({ type: "warning" });
    expect(notice.toast?.content).toMatch(/秒后再试/);
    const ignored = await click();
    expect(ignored.status).toBe(200);
    expect(ignored.toast).toBeUndefined();
    expect(ignored.cardReplaced).toBe(false);
  });
});

describe("reading a long card under the default per-person rate", () => {
  const box = rig();

  /** The pager's button with this label on a card, if it has one. */
  const pagerButton = (card: unknown, label: string) =>
    buttons((card as Card).body).find((b) => (b.text as { content?: string } | undefined)?.content === label) as
      | { behaviors: Array<{ value: Record<string, unknown> }> }
      | undefined;

  it("lets a room manager page a busy day back and forth, while a 12th new command in the minute is still refused", async () => {
    const { sandbox } = box;
    const manager = "ou_room_manager";
    const day = sandbox.emulator.tenant.notable.busiestReservationDay;
    const limit = sandbox.config.access.userCommandsPerMinute;
    expect(limit).toBe(10);
    const { reply } = await ask(sandbox, `/rooms ${day}`, { senderOpenId: manager });
    let card: unknown = reply.card;
    const turn = async (label: string) => {
      const target = pagerButton(card, label);
      if (!target) return false;
      const click = await sandbox.emulator.pushCardAction({ value: target.behaviors[0]!.value, openMessageId: reply.messageId, operatorOpenId: manager });
      expect(click.toast, `page turn ${turns + 1}`).toBeUndefined();
      expect(click.cardReplaced).toBe(true);
      card = (click.answer as { card: { data: Card } }).card.data;
      return true;
    };
    // To the last page and back to the first: more page turns in a minute than the command limit allows commands.
    let turns = 0;
    while (await turn("下一页")) turns += 1;
    while (await turn("上一页")) turns += 1;
    expect(turns).toBeGreaterThanOrEqual(12);
    expect(cardToText(card)).toContain("第 1/");

    // New commands are counted as before: the /rooms above and nine more are answered, the next is told to wait.
    for (let i = 1; i < limit; i++) {
      const { reply: answer } = await ask(sandbox, "/help", { senderOpenId: manager });
      expect(title(answer.card)).toBe("帮助");
    }
    const { reply: notice } = await ask(sandbox, "/help", { senderOpenId: manager });
    expect(title(notice.card)).toBe("发得太快了");
  });

  it("still bounds a flood of page turns: past its own allowance, one toast, then nothing", async () => {
    const { sandbox } = box;
    const flooder = "ou_flooder";
    const { reply } = await ask(sandbox, `/rooms ${sandbox.emulator.tenant.notable.busiestReservationDay}`, { senderOpenId: flooder });
    const next = pagerButton(reply.card, "下一页");
    expect(next).toBeDefined();
    const click = () => sandbox.emulator.pushCardAction({ value: next!.behaviors[0]!.value, openMessageId: reply.messageId, operatorOpenId: flooder });
    const allowance = sandbox.config.access.userCommandsPerMinute * PAGE_TURNS_PER_COMMAND;
    for (let i = 0; i < allowance; i++) expect((await click()).cardReplaced, `page turn ${i + 1}`).toBe(true);
    const notice = await click();
    expect(notice.toast?.content).toMatch(/秒后再试/);
    const ignored = await click();
    expect(ignored.toast).toBeUndefined();
    expect(ignored.cardReplaced).toBe(false);
  });
});
