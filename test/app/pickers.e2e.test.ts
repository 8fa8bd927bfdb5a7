/**
 * Cards you pick from, end to end: the bot's cards through the emulator's card check, a pick sent
 * back as Feishu's client sends it (`card.action.trigger` with the component's sealed value and its
 * `option`, signed, over HTTP), the bot's answer replacing the card. A tampered option (a modified
 * client: the emulator's own client refuses one) gets the usage toast, never a crash or a changed card.
 */
import dayjs from "dayjs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { cardToText } from "../../src/cards/index.js";
import type { Config } from "../../src/config/types.js";
import type { RunningSandbox } from "../../src/sandbox/start.js";
import { anchoredClock, startTestSandbox, waitFor } from "../helpers/sandbox.js";
import { plainValue } from "../helpers/seal.js";

type Card = Record<string, unknown>;
type Element = Record<string, unknown> & { tag: string };

/** One tester sends many commands a minute here; the per-person rate has tests of its own. */
const unlimited = (c: Config): Config => ({ ...c, access: { ...c.access, userCommandsPerMinute: 0 } });

function components(node: unknown, tag: string): Element[] {
  if (Array.isArray(node)) return node.flatMap((item) => components(item, tag));
  if (typeof node !== "object" || node === null) return [];
  const element = node as Element;
  return [...(element.tag === tag ? [element] : []), ...Object.values(element).flatMap((child) => components(child, tag))];
}
const callbackValue = (element: Element) => (element.behaviors as Array<{ value: Record<string, unknown> }>)[0]!.value;
const optionValues = (select: Element) => (select.options as Array<{ value: string }>).map((o) => o.value);
const selectWith = (card: Card, value: string) => components(card, "select_static").find((s) => optionValues(s).includes(value))!;
const button = (card: Card, label: string) => components(card, "button").find((b) => (b.text as { content: string }).content === label);

describe("pickers end to end", () => {
  let sandbox: RunningSandbox;
  /** Shared by the emulator, the bot and the expectations: "today" is one day for all three. */
  const clock = anchoredClock();
  const day = (offset: number) => dayjs(sandbox.emulator.tenant.today).add(offset, "day").format("YYYY-MM-DD");

  beforeAll(async () => {
    sandbox = await startTestSandbox({ config: unlimited, emulator: { now: clock } });
  });
  afterAll(async () => {
    await sandbox.close();
  });
  beforeEach(() => sandbox.emulator.reset());

  /** The card a message's reply ends up showing (a list still being counted is patched in place). */
  const shown = (messageId: string, until: (card: Card) => boolean = () => true): Promise<Card> =>
    waitFor(() => {
      const card = sandbox.emulator.messages().find((m) => m.messageId === messageId)?.card as Card | undefined;
      return card && !/统计中…|【我有点忙】|【正在处理】/.test(cardToText(card)) && until(card) ? card : undefined;
    }, 20_000, `the card of ${messageId}`);

  async function ask(text: string): Promise<{ card: Card; messageId: string }> {
    const delivery = await sandbox.emulator.pushMessage({ text, chatType: "p2p" });
    expect(delivery.status).toBe(200);
    const reply = await waitFor(() => sandbox.emulator.sent().find((s) => s.parentId === delivery.messageId), 15_000, `a reply to ${text}`);
    return { card: await shown(reply.messageId), messageId: reply.messageId };
  }

  /** A pick as the client sends it; the card it leaves (replaced, or as it was). */
  async function pick(messageId: string, picker: Element, option: string, opts: { tampered?: boolean } = {}) {
    const result = await sandbox.emulator.pushCardAction({ value: callbackValue(picker), openMessageId: messageId, option, ...opts });
    expect(result.status).toBe(200);
    expect(result.clientError).toBeUndefined();
    return result;
  }

  it("changes the /rooms card to the day picked on its date picker, which then shows that day", async () => {
    const { card, messageId } = await ask("/rooms");
    const [picker] = components(card, "date_picker");
    expect(picker).toMatchObject({ initial_date: day(0) });
    expect(plainValue(callbackValue(picker!))).toMatchObject({ cmd: "rooms", pick: "date", args: { date: day(0) } });
    const result = await pick(messageId, picker!, `${day(-3)} +0800`);
    expect(result.cardReplaced).toBe(true);
    const after = await shown(messageId, (c) => cardToText(c).includes(`会议室预定 · ${day(-3)}`));
    expect(components(after, "date_picker")[0]).toMatchObject({ initial_date: day(-3) });
  });

  it("filters the /rooms card to the room picked, offering the tenant's rooms and all rooms", async () => {
    const tenant = sandbox.emulator.tenant;
    const { card, messageId } = await ask(`/rooms ${day(-1)}`);
    const select = selectWith(card, "all");
    expect(select.initial_option).toBe("all");
    const offered = optionValues(select);
    for (const room of tenant.rooms.slice(0, 10)) expect(offered).toContain(`room:${room.name}`);
    const room = tenant.rooms.find((r) => !tenant.rooms.some((other) => other !== r && other.name.includes(r.name)))!;
    await pick(messageId, select, `room:${room.name}`);
    const after = await shown(messageId, (c) => selectWith(c, "all").initial_option === `room:${room.name}`);
    const text = cardToText(after);
    expect(text).toContain(`会议室预定 · 昨天 ${day(-1)}`);
    expect(text).toContain(room.name);
    // Every room heading on the card is the one picked.
    const headings = text.split("\n").filter((line) => /^\*\*.+\*\*$/.test(line) && !line.includes("概览") && !line.includes("预定明细"));
    expect(headings.every((line) => line === `**${room.name}**`)).toBe(true);
    // Back to all rooms.
    await pick(messageId, selectWith(after, "all"), "all");
    await shown(messageId, (c) => selectWith(c, "all").initial_option === "all");
  });

  it("changes /report's range to the one picked", async () => {
    const { card, messageId } = await ask("/report");
    const select = selectWith(card, "30d");
    expect(select.initial_option).toBe("7d");
    await pick(messageId, select, "30d");
    const after = await shown(messageId, (c) => selectWith(c, "30d").initial_option === "30d");
    expect(cardToText(after)).toContain(`${day(-30)} 至 ${day(-1)}（30 天）`);
  });

  it("changes a /rooms period's range to the one picked, the room filter kept", async () => {
    const { card, messageId } = await ask("/rooms 7d 3F");
    const select = selectWith(card, "30d");
    expect(select.initial_option).toBe("7d");
    expect(optionValues(select)).toEqual(["7d", "14d", "30d", "60d"]);
    await pick(messageId, select, "30d");
    const after = await shown(messageId, (c) => !cardToText(c).includes("正在加载") && selectWith(c, "30d").initial_option === "30d");
    const text = cardToText(after);
    expect(text).toContain(`${day(-30)} 至 ${day(-1)}`);
    expect(text).toContain("3F");
  });

  it("changes a /meeting list's range to the one picked, counted afresh", async () => {
    const no = sandbox.emulator.tenant.notable.busyMeetingNo;
    const { card, messageId } = await ask(`/meeting ${no}`);
    const select = selectWith(card, "7d");
    expect(select.initial_option).toBe("90d");
    await pick(messageId, select, "7d");
    const after = await shown(messageId, (c) => selectWith(c, "7d").initial_option === "7d");
    expect(cardToText(after)).toContain(`${day(-7)} 至 ${day(-1)}`);
  });

  it.each([
    ["a future day", "date", (day: (offset: number) => string) => `${day(1)} +0800`, "还没到"],
    ["a day 200 days ago, past Feishu's 90", "date", (day: (offset: number) => string) => `${day(-200)} +0800`, "最近 90 天"],
    ["garbage", "date", () => "next tuesday", "没有这个选项"],
    ["a room not offered", "room", () => "room:No Such Room", "没有名称包含"],
    ["an over-long option", "room", () => `room:${"x".repeat(5000)}`, "没有这个选项"],
  ] as const)("answers %s picked on /rooms with the usage toast, leaving the card", async (_what, kind, option, says) => {
    const { card, messageId } = await ask(`/rooms ${day(-1)}`);
    const picker = kind === "date" ? components(card, "date_picker")[0]! : selectWith(card, "all");
    const result = await pick(messageId, picker, option(day), { tampered: true });
    expect(result.cardReplaced).toBe(false);
    expect(result.toast?.content).toContain(says);
    expect(sandbox.emulator.messages().find((m) => m.messageId === messageId)?.card).toEqual(card);
  });

  it("answers a range /report does not offer with the usage toast", async () => {
    const { card, messageId } = await ask("/report");
    const result = await pick(messageId, selectWith(card, "30d"), "365d", { tampered: true });
    expect(result.cardReplaced).toBe(false);
    expect(result.toast?.content).toContain("没有这个选项");
  });

  it("ignores an option sent with a button's value: the button does what it says", async () => {
    const { card, messageId } = await ask("/report");
    const thirty = button(card, "30 天")!;
    const result = await pick(messageId, thirty, "7d", { tampered: true });
    expect(result.cardReplaced).toBe(true);
    await shown(messageId, (c) => cardToText(c).includes("（30 天）"));
  });

  it("refuses, in the emulator's client, an option the component does not offer, an option on a button and a malformed day", async () => {
    const { card, messageId } = await ask("/report");
    const select = selectWith(card, "30d");
    await expect(sandbox.emulator.pushCardAction({ value: callbackValue(select), openMessageId: messageId, option: "365d" })).rejects.toThrow(/offers no option "365d"/);
    await expect(sandbox.emulator.pushCardAction({ value: callbackValue(button(card, "30 天")!), openMessageId: messageId, option: "30d" })).rejects.toThrow(/a button sends no option/);
    const response = await fetch(`${sandbox.emulator.url}/_emulator/events/card_action`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ value: callbackValue(select), openMessageId: messageId, option: "365d" }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toContain("offers no option");
    const rooms = await ask("/rooms");
    const date = components(rooms.card, "date_picker")[0]!;
    await expect(sandbox.emulator.pushCardAction({ value: callbackValue(date), openMessageId: rooms.messageId, option: day(-1) })).rejects.toThrow(/yyyy-MM-dd \+hhmm/);
    await expect(sandbox.emulator.pushCardAction({ value: callbackValue(date), openMessageId: rooms.messageId, option: "2026-02-30 +0800" })).rejects.toThrow(/yyyy-MM-dd/);
    // Nothing reached the bot.
    expect(sandbox.emulator.callbacks()).toHaveLength(0);
  });
});

describe("a pick over Feishu's long connection", () => {
  it("changes /report's range as over the webhook: the option travels in the same callback", async () => {
    const sandbox = await startTestSandbox({ connection: "websocket", config: unlimited });
    try {
      expect(sandbox.emulator.subscription().callbacks).toBe("long_connection");
      const pushed = await sandbox.emulator.pushMessage({ text: "/report", chatType: "p2p" });
      const reply = await waitFor(() => sandbox.emulator.sent().find((s) => s.parentId === pushed.messageId), 10_000, "the report");
      const select = selectWith(reply.card as Card, "14d");
      const result = await sandbox.emulator.pushCardAction({ value: callbackValue(select), openMessageId: reply.messageId, option: "14d" });
      expect(result.cardReplaced).toBe(true);
      const card = sandbox.emulator.messages().find((m) => m.messageId === reply.messageId)?.card as Card;
      expect(selectWith(card, "14d").initial_option).toBe("14d");
      expect(cardToText(card)).toContain("（14 天）");
    } finally {
      await sandbox.close();
    }
  });
});
