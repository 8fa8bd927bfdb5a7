/**
 * `/meeting` end to end: signed events into the webhook, the bot querying the emulator through the
 * real SDK, replies and button clicks checked against the emulator's tenant (its ground truth).
 */
import { randomBytes } from "node:crypto";
import { LIST_PAGE_SIZE } from "../../src/commands/meeting/list.js";
import { createServer, type Server } from "node:http";
import dayjs from "dayjs";
import timezone from "dayjs/plugin/timezone.js";
import utc from "dayjs/plugin/utc.js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startBot } from "../../src/app/start.js";
import type { RunningSandbox } from "../../src/sandbox/start.js";
import { cardToText } from "../../src/cards/index.js";
import { decodeEntities } from "../../src/cards/escape.js";
import { formatDuration } from "../../src/cards/format.js";
import { startEmulator, type Emulator, type Meeting, type Tenant } from "../../src/sandbox/emulator/index.js";
import { DEFAULT_SENDER_OPEN_ID } from "../../src/sandbox/emulator/events/index.js";
import { PROJECT_MEETINGS, PROJECT_TOPIC_SUFFIX } from "../../src/sandbox/emulator/tenant/meetings.js";
import { loadConfig } from "../../src/config/index.js";
import { meetingArgs } from "../../src/commands/meeting/args.js";
import { silentLogger } from "../../src/log/logger.js";
import { anchoredClock, startTestSandbox, waitFor } from "../helpers/sandbox.js";
import { plainValue } from "../helpers/seal.js";
import { at } from "../../src/cards/views/access.i18n.js";
import { buttons, markdownTexts } from "../cards/meeting-fixtures.js";
import type { Config } from "../../src/config/types.js";

/** One tester sends many commands a minute here; the per-person rate has tests of its own (access.e2e.test.ts). */
const unlimited = (c: Config): Config => ({ ...c, access: { ...c.access, userCommandsPerMinute: 0 } });

dayjs.extend(utc);
dayjs.extend(timezone);

type Card = Record<string, unknown>;
type Chat = "group" | "p2p";

/** The meetings of a number whose start lies in [from's midnight, the end of `to`], oldest first. */
function meetingsOf(tenant: Tenant, meetingNo: string, from: string, to: string): Meeting[] {
  const start = dayjs.tz(from, tenant.timezone).unix();
  const end = dayjs.tz(to, tenant.timezone).add(1, "day").unix() - 1;
  return tenant.meetings.filter((m) => m.meetingNo === meetingNo && m.startTime >= start && m.startTime <= end);
}

/** The meeting a (sealed) Details button opens, read through the command's own schema. */
function detailIdOf(value: Record<string, unknown>): string | undefined {
  const args = meetingArgs.safeParse(plainValue(value).args);
  return args.success && args.data.kind === "detail" ? args.data.meetingId : undefined;
}

/** Each meeting row of a list card: the meeting id its Details button opens, and its topic as shown. */
function listRows(card: Card): Array<{ id: string; topic: string }> {
  const rows: Array<{ id: string; topic: string }> = [];
  const elements = (card.body as { elements: Array<Record<string, unknown>> }).elements;
  for (const element of elements) {
    if (element.tag !== "column_set") continue;
    const details = buttons(element).find((b) => b.label === "详情");
    if (!details) continue;
    const [text] = markdownTexts(element);
    rows.push({ id: detailIdOf(details.value)!, topic: decodeEntities(/^\*\*(.*)\*\*\n/s.exec(text!)![1]!) });
  }
  return rows;
}

/**
 * The participant ids of a detail card's table: from person tags, a room's id from its name (the card
 * names rooms), or else the text after the type label.
 */
function participantIds(card: Card, rooms: Tenant["rooms"] = []): string[] {
  const elements = (card.body as { elements: Array<Record<string, unknown>> }).elements;
  const table = elements.find((e) => e.tag === "table") as { rows: Array<{ who: string }> } | undefined;
  const roomIds = new Map(rooms.map((r) => [`会议室 ${r.name}`, r.roomId]));
  return (table?.rows ?? []).map(({ who }) => {
    const text = decodeEntities(who);
    return /^<person id='([^']+)'/.exec(who)?.[1] ?? roomIds.get(text) ?? text.split(" ").pop()!;
  });
}

describe("/meeting end to end", () => {
  let sandbox: RunningSandbox;
  let tenant: Tenant;
  const tz = () => tenant.timezone;

  beforeAll(async () => {
    sandbox = await startTestSandbox({ config: unlimited });
    tenant = sandbox.emulator.tenant;
  });
  afterAll(async () => {
    await sandbox.close();
  });
  beforeEach(() => {
    sandbox.emulator.reset();
  });

  async function ask(text: string, chatType: Chat = "group", box = sandbox): Promise<{ card: Card; messageId: string }> {
    const delivery = await box.emulator.pushMessage({ text, chatType, mentionBot: chatType === "group" });
    expect(delivery.status).toBe(200);
    const [reply] = await waitFor(() => {
      const replies = box.emulator.sent().filter((s) => s.parentId === delivery.messageId);
      return replies.length > 0 ? replies : undefined;
    }, 15_000, `a reply to ${text}`);
    expect((reply!.card as Card).schema).toBe("2.0");
    return { card: await finalCard(reply!.messageId, box), messageId: reply!.messageId };
  }

  /**
   * The card a reply ends up showing: a stand-in ("working on it", "your answer will follow") or a
   * list whose totals are still being counted is patched in place with the answer.
   */
  function finalCard(messageId: string, box = sandbox): Promise<Card> {
    return waitFor(() => {
      const card = box.emulator.messages().find((m) => m.messageId === messageId)?.card as Card | undefined;
      return card && !/统计中…|counting…|【我有点忙】|【正在处理】/.test(cardToText(card)) ? card : undefined;
    }, 60_000, `the final card of ${messageId}`);
  }

  async function click(card: Card, label: string, messageId: string, box = sandbox): Promise<Card> {
    const target = buttons(card).find((b) => b.label === label);
    expect(target, `a "${label}" button`).toBeDefined();
    const result = await box.emulator.pushCardAction({ value: target!.value, openMessageId: messageId });
    expect(result.clientError).toBeUndefined();
    expect(result.cardReplaced).toBe(true);
    const answer = result.answer as { card: { type: string; data: Card } };
    expect(answer.card.data.schema).toBe("2.0");
    return answer.card.data;
  }

  /**
   * A drill-down button: the card clicked stays as the chat saw it (the clicker gets a toast), and the
   * answer is a new reply to it in its thread (reply_in_thread). Returns that reply's card.
   */
  async function drill(card: Card, label: string, messageId: string, box = sandbox): Promise<Card> {
    const target = buttons(card).find((b) => b.label === label);
    expect(target, `a "${label}" button`).toBeDefined();
    const shown = box.emulator.messages().find((m) => m.messageId === messageId)?.card;
    const before = box.emulator.sent().length;
    const result = await box.emulator.pushCardAction({ value: target!.value, openMessageId: messageId });
    expect(result.clientError).toBeUndefined();
    expect(result.cardReplaced).toBe(false);
    expect(result.toast).toMatchObject({ type: "info", content: at("zh", "toastSent") });
    const reply = await waitFor(() => box.emulator.sent().slice(before).find((s) => s.kind === "reply" && s.parentId === messageId), 15_000, `the ${label} reply`);
    expect(reply.threadId, "the reply opens the card's thread").toMatch(/^omt_/);
    expect(box.emulator.messages().find((m) => m.messageId === messageId)?.card).toEqual(shown);
    expect((reply.card as Card).schema).toBe("2.0");
    return reply.card as Card;
  }

  const calls = (endpoint: string) => sandbox.emulator.calls().filter((c) => c.endpoint === endpoint);

  it("lists a busy meeting number: the header matches the tenant, Next shows each meeting once, Previous the same pages", async () => {
    const no = tenant.notable.busyMeetingNo;
    const from = dayjs.tz(tenant.today, tz()).subtract(29, "day").format("YYYY-MM-DD");
    const to = dayjs.tz(tenant.today, tz()).subtract(1, "day").format("YYYY-MM-DD");
    const truth = meetingsOf(tenant, no, from, to);
    expect(truth.length).toBeGreaterThan(50);
    const total = truth.reduce((sum, m) => sum + (m.endTime! - m.startTime), 0);

    const first = await ask(`/meeting ${no.slice(0, 3)}-${no.slice(3, 6)}-${no.slice(6)} ${from}..${to}`);
    const text = cardToText(first.card);
    expect(text).toContain(`【会议号 ${no.slice(0, 3)} ${no.slice(3, 6)} ${no.slice(6)} 的会议】`);
    expect(text).toContain(`${from} 至 ${to}`);
    expect(text).toContain(
      `**${truth.length}** 场会议 · 总时长 **${formatDuration(total, "zh")}** · 平均每场 **${formatDuration(total / truth.length, "zh")}**`,
    );

    const walk = calls("meeting_list_by_no").length;
    const perClick: number[] = [];
    const counted = async (label: string) => {
      const before = calls("meeting_list_by_no").length;
      const next = await click(card, label, first.messageId);
      perClick.push(calls("meeting_list_by_no").length - before);
      return next;
    };
    const forward = [listRows(first.card)];
    let card = first.card;
    while (buttons(card).some((b) => b.label === "下一页")) {
      card = await counted("下一页");
      forward.push(listRows(card));
      expect(cardToText(card)).toContain(`第 ${forward.length} / ${Math.ceil(truth.length / LIST_PAGE_SIZE)} 页`);
      // The header rides along in the buttons: no page walks the range again.
      expect(cardToText(card)).toContain(`**${truth.length}** 场会议`);
    }
    expect(forward.every((page) => page.length > 0 && page.length <= LIST_PAGE_SIZE)).toBe(true);
    const shown = forward.flat();
    // Newest first: the latest meeting of the range is the first row.
    expect(shown.map((r) => r.id)).toEqual(truth.map((m) => m.id).reverse());
    for (const row of shown) expect(row.topic).toBe(truth.find((m) => m.id === row.id)!.topic);

    const backward = [forward[forward.length - 1]!];
    while (buttons(card).some((b) => b.label === "上一页")) {
      card = await counted("上一页");
      backward.unshift(listRows(card));
    }
    expect(backward).toEqual(forward);
    // The first answer walks the range once at 50 a page; a click asks for one page around its
    // boundary (a call, seldom two), never the whole range again.
    expect(walk).toBe(Math.ceil(truth.length / 50));
    expect(calls("meeting_list_by_no").every((c) => Number(c.query.page_size) <= 50)).toBe(true);
    expect(perClick).toHaveLength(2 * (forward.length - 1));
    expect(Math.max(...perClick)).toBeLessThanOrEqual(2);
  });

  it("a 100+ meeting list being counted does not hold up the chat: the next command is answered before the totals", async () => {
    const no = tenant.notable.busyMeetingNo;
    const from = dayjs.tz(tenant.today, tz()).subtract(57, "day").format("YYYY-MM-DD");
    const to = dayjs.tz(tenant.today, tz()).subtract(1, "day").format("YYYY-MM-DD");
    expect(meetingsOf(tenant, no, from, to).length).toBeGreaterThan(100);
    const chatId = "oc_meeting_counting_chat";
    const list = await sandbox.emulator.pushMessage({ text: `/meeting ${no} ${from}..${to}`, chatType: "p2p", chatId });
    const first = await waitFor(() => sandbox.emulator.sent().find((s) => s.parentId === list.messageId), 15_000, "the first card");
    expect(cardToText(first.card as Card)).toContain("统计中…");
    const help = await sandbox.emulator.pushMessage({ text: "/help", chatType: "p2p", chatId });
    const helpReply = await waitFor(() => sandbox.emulator.sent().find((s) => s.parentId === help.messageId), 15_000, "the help card");
    await finalCard(first.messageId);
    const patched = sandbox.emulator.sent().find((s) => s.kind === "patch" && s.messageId === first.messageId)!;
    expect(helpReply.at).toBeLessThan(patched.at);
  });

  it("a 100+ meeting list whose counting fails after the first card: that card is replaced by the error card, not left counting", async () => {
    const no = tenant.notable.busyMeetingNo;
    const from = dayjs.tz(tenant.today, tz()).subtract(58, "day").format("YYYY-MM-DD");
    const to = dayjs.tz(tenant.today, tz()).subtract(1, "day").format("YYYY-MM-DD");
    expect(meetingsOf(tenant, no, from, to).length).toBeGreaterThan(100);
    // A bot of its own: nothing of this range in its cache, so the count still calls Feishu.
    const box = await startTestSandbox({ config: unlimited });
    try {
      const delivery = await box.emulator.pushMessage({ text: `/meeting ${no} ${from}..${to}`, chatType: "p2p" });
      const reply = await waitFor(() => box.emulator.sent().find((s) => s.parentId === delivery.messageId), 15_000, "the first card");
      expect(cardToText(reply.card as Card)).toContain("统计中…");
      // The app loses its VC scope while the rest is counted.
      box.emulator.injectFault({ endpoint: "meeting_get", effect: { kind: "code", code: 99991672, httpStatus: 400 }, times: "always" });
      const shown = await waitFor(() => {
        const text = cardToText(box.emulator.messages().find((m) => m.messageId === reply.messageId)?.card);
        return text.includes("统计中…") ? undefined : text;
      }, 30_000, "the first card replaced");
      expect(shown).toContain("应用缺少权限");
      expect(shown).toContain("vc:meeting:readonly");
      expect(box.emulator.sent().filter((s) => s.parentId === delivery.messageId)).toHaveLength(1);
    } finally {
      await box.close();
    }
  });

  it("answers a 100+ meeting list in two steps: the page with \"counting…\" at once, then exact totals patched in", async () => {
    const no = tenant.notable.busyMeetingNo;
    const from = dayjs.tz(tenant.today, tz()).subtract(59, "day").format("YYYY-MM-DD");
    const to = dayjs.tz(tenant.today, tz()).subtract(1, "day").format("YYYY-MM-DD");
    const truth = meetingsOf(tenant, no, from, to);
    // Past the 100 meetings the header used to time a sample of, and estimate the rest from.
    expect(truth.length).toBeGreaterThan(100);
    const delivery = await sandbox.emulator.pushMessage({ text: `/meeting ${no} ${from}..${to}`, chatType: "p2p" });
    const reply = await waitFor(() => sandbox.emulator.sent().find((s) => s.parentId === delivery.messageId), 15_000, "the first card");
    const first = cardToText(reply.card as Card);
    expect(first).toContain(`**${truth.length}** 场会议 · 总时长 **统计中…** · 平均每场 **统计中…**`);
    expect(first).toContain(`正在逐场取 ${truth.length} 场会议的时长`);
    expect(buttons(reply.card as Card).map((b) => b.label)).not.toContain("下一页");
    expect(listRows(reply.card as Card)).toHaveLength(LIST_PAGE_SIZE);

    const final = await finalCard(reply.messageId);
    const total = truth.reduce((sum, m) => sum + (m.endTime! - m.startTime), 0);
    const text = cardToText(final);
    expect(text).toContain(`**${truth.length}** 场会议 · 总时长 **${formatDuration(total, "zh")}** · 平均每场 **${formatDuration(total / truth.length, "zh")}**`);
    expect(text).not.toMatch(/约|估算|统计中/);
    expect(buttons(final).map((b) => b.label)).toContain("下一页");
    expect(listRows(final)).toEqual(listRows(reply.card as Card));
    // One reply, patched in place: no second message; every meeting's details fetched once, each accepted by Feishu.
    expect(sandbox.emulator.sent().filter((s) => s.parentId === delivery.messageId)).toHaveLength(1);
    expect(sandbox.emulator.sent().some((s) => s.kind === "patch" && s.messageId === reply.messageId)).toBe(true);
    const gets = calls("meeting_get");
    expect(gets.every((c) => c.code === 0)).toBe(true);
  });

  it("jumps from the newest page to the oldest and back, each a sealed button, numbered as the ends", async () => {
    const no = tenant.notable.busyMeetingNo;
    const from = dayjs.tz(tenant.today, tz()).subtract(29, "day").format("YYYY-MM-DD");
    const to = dayjs.tz(tenant.today, tz()).subtract(1, "day").format("YYYY-MM-DD");
    const truth = meetingsOf(tenant, no, from, to);
    const pages = Math.ceil(truth.length / LIST_PAGE_SIZE);
    expect(pages).toBeGreaterThan(2);
    const first = await ask(`/meeting ${no} ${from}..${to}`);
    expect(buttons(first.card).some((b) => b.label === "« 最新")).toBe(false);
    const oldest = await click(first.card, "最早 »", first.messageId);
    expect(listRows(oldest).map((r) => r.id)).toEqual(truth.slice(0, LIST_PAGE_SIZE).map((m) => m.id).reverse());
    expect(cardToText(oldest)).toContain(`第 ${pages} / ${pages} 页`);
    expect(buttons(oldest).some((b) => b.label === "最早 »" || b.label === "下一页")).toBe(false);
    const newest = await click(oldest, "« 最新", first.messageId);
    expect(listRows(newest)).toEqual(listRows(first.card));
    expect(cardToText(newest)).toContain(`第 1 / ${pages} 页`);
  });

  it("turns a list's pages without asking Feishu for the chat's type; a meeting's details ask for it", async () => {
    const no = tenant.notable.busyMeetingNo;
    // A chat nobody clicked in before: its type is in no cache.
    const chatId = "oc_meeting_pages_no_chat_type";
    const delivery = await sandbox.emulator.pushMessage({ text: `/meeting ${no} 30d`, chatType: "group", chatId, mentionBot: true });
    const reply = await waitFor(() => sandbox.emulator.sent().find((s) => s.parentId === delivery.messageId), 15_000, "the list");
    const list = await finalCard(reply.messageId);
    const lookups = () => sandbox.emulator.calls().filter((c) => c.endpoint === "chat_get" && c.path.endsWith(chatId)).length;
    await click(list, "下一页", reply.messageId);
    expect(lookups()).toBe(0);
    const details = buttons(list).find((b) => b.label === "详情")!;
    await sandbox.emulator.pushCardAction({ value: details.value, openMessageId: reply.messageId });
    expect(lookups()).toBe(1);
  });

  it("answers the same click twice from the gateway's cache: no second list_by_no call", async () => {
    const no = tenant.notable.busyMeetingNo;
    const first = await ask(`/meeting ${no}`);
    const listed = () => calls("meeting_list_by_no").length;
    const second = await click(first.card, "下一页", first.messageId);
    const afterNext = listed();
    expect(listRows(await click(first.card, "下一页", first.messageId))).toEqual(listRows(second));
    expect(listed()).toBe(afterNext);
    const third = await click(second, "下一页", first.messageId);
    const back = await click(third, "上一页", first.messageId);
    expect(listRows(back)).toEqual(listRows(second));
    const afterPrevious = listed();
    expect(listRows(await click(third, "上一页", first.messageId))).toEqual(listRows(second));
    expect(listed()).toBe(afterPrevious);
  });

  it("lists every meeting Feishu keeps by default, newest first: a 58-day project's 57 meetings, each once, Previous going back", async () => {
    const now = Math.floor(Date.now() / 1000);
    // The projects follow the calendar; one of them always lies whole inside the last 90 days.
    const byNo = new Map<string, Meeting[]>();
    for (const m of tenant.meetings) {
      if (m.topic.endsWith(PROJECT_TOPIC_SUFFIX) && m.startTime <= now) byNo.set(m.meetingNo, [...(byNo.get(m.meetingNo) ?? []), m]);
    }
    const [no, truth] = [...byNo].find(([, ms]) => ms.length === PROJECT_MEETINGS && ms[0]!.startTime > now - 89 * 86_400)!;
    expect(truth).toHaveLength(57);
    const date = (m: Meeting) => dayjs.unix(m.startTime).tz(tz()).format("YYYY-MM-DD");
    expect(dayjs(date(truth[56]!)).diff(dayjs(date(truth[0]!)), "day") + 1).toBe(58);

    const first = await ask(`/meeting ${no}`);
    expect(cardToText(first.card)).toContain("**57** 场会议");
    const forward = [listRows(first.card)];
    let card = first.card;
    while (buttons(card).some((b) => b.label === "下一页")) {
      card = await click(card, "下一页", first.messageId);
      forward.push(listRows(card));
      expect(forward.length).toBeLessThanOrEqual(Math.ceil(57 / LIST_PAGE_SIZE));
    }
    const shown = forward.flat().map((r) => r.id);
    expect(shown).toEqual(truth.map((m) => m.id).reverse());
    expect(new Set(shown).size).toBe(57);
    expect(cardToText(card)).toContain(`第 ${Math.ceil(57 / LIST_PAGE_SIZE)} / ${Math.ceil(57 / LIST_PAGE_SIZE)} 页`);
    const backward = [forward[forward.length - 1]!];
    while (buttons(card).some((b) => b.label === "上一页")) {
      card = await click(card, "上一页", first.messageId);
      backward.unshift(listRows(card));
    }
    expect(backward).toEqual(forward);
    // Button values stay small: a time boundary and the header's figures (typed: field names and
    // all), no list of tokens or ids. (What is inside the seal is measured; the seal adds its
    // encoding and MAC on top.)
    for (const b of buttons(first.card)) expect(JSON.stringify(plainValue(b.value)).length).toBeLessThan(400);
  });

  it("answers the Chinese alias with a 7-day list; its Details open the detail in the list's thread, the list staying, and paging stays in place", async () => {
    const no = tenant.notable.busyMeetingNo;
    const { card, messageId } = await ask(`/会议 ${no} 7d`);
    const rows = listRows(card);
    const firstMeeting = tenant.meetings.find((m) => m.id === rows[0]!.id)!;
    expect(firstMeeting.meetingNo).toBe(no);
    const detail = await drill(card, "详情", messageId);
    const text = cardToText(detail);
    expect(text).toContain(`【${firstMeeting.topic}】`);
    expect(text).toContain(`会议号 ${no.slice(0, 3)} ${no.slice(3, 6)} ${no.slice(6)}`);
    // A second person's Details go into the same thread.
    const again = sandbox.emulator.sent().length;
    const second = buttons(card).filter((b) => b.label === "详情")[1]!;
    const secondClick = await sandbox.emulator.pushCardAction({ value: second.value, openMessageId: messageId, operatorOpenId: "ou_someone_else" });
    expect(secondClick.toast, JSON.stringify(secondClick)).toMatchObject({ type: "info" });
    const secondReply = await waitFor(() => sandbox.emulator.sent().slice(again).find((s) => s.parentId === messageId), 15_000, "the second detail");
    const firstReply = sandbox.emulator.sent().find((s) => s.kind === "reply" && s.parentId === messageId && s.threadId !== undefined)!;
    expect(secondReply.threadId).toBe(firstReply.threadId);
    // Next still replaces the list in place.
    const page2 = await click(card, "下一页", messageId);
    expect(listRows(page2)[0]!.id).not.toBe(rows[0]!.id);
  });

  it("shows the 230+ person meeting with its figures and pages through every participant once", async () => {
    const large = tenant.meetings.find((m) => m.id === tenant.notable.largeMeetingId)!;
    expect(large.participants.length).toBeGreaterThanOrEqual(230);
    const first = await ask(`/meeting ${large.id}`);
    const text = cardToText(first.card);
    const host = (first.card.body as { elements: unknown[] }).elements;
    expect(JSON.stringify(host)).toContain(`"tag":"person","user_id":"${large.hostOpenId}"`);
    expect(text).toContain(`累计 ${large.participants.length} 人`);
    const late = large.participants.filter((p) => p.firstJoinTime! - large.startTime > 300).length;
    const early = large.participants.filter((p) => large.endTime! - p.finalLeaveTime! > 300).length;
    const external = large.participants.filter((p) => p.isExternal).length;
    expect(text).toContain(`迟到超过 5 分钟：${late} 人 · 早退超过 5 分钟：${early} 人 · 外部参会人：${external} / ${large.participants.length}`);
    // The topic is hostile markdown: shown as typed, never active.
    expect(large.topic).toContain("<at id=all>");
    for (const md of markdownTexts(first.card)) expect(md).not.toMatch(/<at\b|\]\(/);

    const seen = [...participantIds(first.card, tenant.rooms)];
    let card = first.card;
    let pages = 1;
    while (buttons(card).some((b) => b.label === "下一页")) {
      card = await click(card, "下一页", first.messageId);
      seen.push(...participantIds(card, tenant.rooms));
      pages += 1;
    }
    expect(pages).toBe(Math.ceil(large.participants.length / 30));
    expect([...seen].sort()).toEqual(large.participants.map((p) => p.id).sort());
    // At most one detail call per page: participants are paged from one answer, never fetched one by one.
    expect(calls("meeting_get").length).toBeLessThanOrEqual(pages);
  });

  describe("the password", () => {
    /** The oldest meeting of the last 7 days that has a password: the first row of its number's 7-day list. */
    /** A meeting with a password that is the newest of its number in "7d" (the 7 whole days before today): the top row of that list. */
    const withPassword = () => {
      const from = dayjs.tz(tenant.today, tz()).subtract(7, "day").unix();
      const to = dayjs.tz(tenant.today, tz()).unix();
      const inWeek = (m: (typeof tenant.meetings)[number]) => m.startTime >= from && m.startTime < to;
      const found = tenant.meetings.find(
        (m) =>
          m.password !== undefined &&
          inWeek(m) &&
          m.endTime !== undefined &&
          !m.id.includes(m.password) &&
          !tenant.meetings.some((o) => o.meetingNo === m.meetingNo && o.id !== m.id && inWeek(o) && o.startTime >= m.startTime),
      );
      return found!;
    };

    it("never appears in a group chat, nor in a direct chat by default", async () => {
      const m = withPassword();
      for (const chat of ["group", "p2p"] as const) {
        const { card } = await ask(`/meeting ${m.id}`, chat);
        expect(JSON.stringify(card)).not.toContain(m.password!);
        const list = await ask(`/meeting ${m.meetingNo} 7d`, chat);
        expect(JSON.stringify(list.card)).not.toContain(m.password!);
        // Its Details click answers with the same rule as the typed command.
        expect(JSON.stringify(await drill(list.card, "详情", list.messageId))).not.toContain(m.password!);
      }
    });

    it("appears in a direct chat when app.yaml allows it, and still never in a group", async () => {
      const box = await startTestSandbox({ config: (c) => unlimited({ ...c, bot: { ...c.bot, showPasswordInP2p: true } }) });
      try {
        const m = box.emulator.tenant.meetings.find((x) => x.id === withPassword().id)!;
        const direct = await ask(`/meeting ${m.id}`, "p2p", box);
        expect(cardToText(direct.card)).toContain(`**密码** ${m.password}`);
        const group = await ask(`/meeting ${m.id}`, "group", box);
        expect(JSON.stringify(group.card)).not.toContain(m.password!);
        // A Details click from a direct chat's list keeps the direct chat's rule.
        const list = await ask(`/meeting ${m.meetingNo} 7d`, "p2p", box);
        expect(listRows(list.card)[0]!.id).toBe(m.id);
        expect(cardToText(await drill(list.card, "详情", list.messageId, box))).toContain(`**密码** ${m.password}`);
        const groupList = await ask(`/meeting ${m.meetingNo} 7d`, "group", box);
        expect(listRows(groupList.card)[0]!.id).toBe(m.id);
        expect(JSON.stringify(await drill(groupList.card, "详情", groupList.messageId, box))).not.toContain(m.password!);
      } finally {
        await box.close();
      }
    });
  });

  it("answers usage mistakes with the usage card, without calling the API", async () => {
    const abc = cardToText((await ask("/meeting abc")).card);
    expect(abc).toContain("/meeting 的用法");
    expect(abc).toContain("「abc」不是会议号或会议 ID");
    // The examples are the sandbox tenant's own meeting numbers, which find meetings.
    const example = /\/meeting (\d{9})\n/.exec(abc)?.[1];
    expect(tenant.meetings.some((m) => m.meetingNo === example)).toBe(true);
    const tooLong = cardToText((await ask(`/meeting ${tenant.notable.busyMeetingNo} 120d`)).card);
    expect(tooLong).toContain("飞书只提供最近 90 天的数据");
    expect(calls("meeting_list_by_no")).toHaveLength(0);
  });

  it("names a meeting room by its name from the room list, never by its omm_ id", async () => {
    const nowSec = Math.floor(Date.now() / 1000);
    // A small ended meeting from a week or so ago with a room among its few participants: all on one page.
    const meeting = tenant.meetings.find(
      (m) =>
        m.endTime !== undefined &&
        m.startTime < nowSec - 2 * 86_400 &&
        m.startTime > nowSec - 30 * 86_400 &&
        m.participants.length <= 10 &&
        m.participants.some((p) => p.userType === 2),
    )!;
    expect(meeting, "a seeded meeting with a room taking part").toBeDefined();
    const room = tenant.rooms.find((r) => r.roomId === meeting.participants.find((p) => p.userType === 2)!.id)!;
    const { card } = await ask(`/meeting ${meeting.id}`, "p2p");
    const text = decodeEntities(JSON.stringify(card));
    expect(text).toContain(room.name);
    expect(text).not.toContain("omm_");
    expect(calls("room_list").every((c) => c.code === 0)).toBe(true);
  });

  it("turns a meeting the API does not know into an error card", async () => {
    const { card } = await ask("/meeting 7000000000000000000");
    expect((card.header as { template: string }).template).toBe("red");
    expect(calls("meeting_get")).toHaveLength(1);
  });
});

/**
 * The bot and the emulator with a proxy between them that gives the 230+ person meeting a password:
 * the seeded tenant has no meeting both large enough to page its participants and protected by a
 * password, and paging is where a password could slip through. Everything else passes unchanged.
 */
async function startPasswordSandbox(password: string, config: (c: Config) => Config): Promise<Pick<RunningSandbox, "emulator" | "close">> {
  const emulator = await startEmulator({});
  const meetingId = emulator.tenant.notable.largeMeetingId;
  const proxy = await startPasswordProxy(emulator, meetingId, password);
  const loaded = loadConfig({ env: {}, path: new URL("../../app.yaml", import.meta.url).pathname });
  const encryptKey = randomBytes(16).toString("hex");
  const verificationToken = randomBytes(16).toString("hex");
  const base = config({ ...loaded, server: { ...loaded.server, port: 0, host: "127.0.0.1" } });
  const bot = await startBot(
    {
      ...base,
      feishu: { ...base.feishu, appId: emulator.appId, appSecret: emulator.appSecret, domain: proxy.url, encryptKey, verificationToken },
      bot: { ...base.bot, admins: [DEFAULT_SENDER_OPEN_ID] },
    },
    silentLogger(),
  );
  emulator.setWebhook({ eventUrl: `${bot.url}/webhook/event`, cardUrl: `${bot.url}/webhook/card`, encryptKey, verificationToken });
  return {
    emulator,
    close: async () => {
      await bot.close();
      await new Promise<void>((resolve) => proxy.server.close(() => resolve()));
      await emulator.close();
    },
  };
}

/** Forwards every Open API call to the emulator; answers about `meetingId` come back with `password` set. */
async function startPasswordProxy(emulator: Emulator, meetingId: string, password: string): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined && !["host", "connection", "content-length", "transfer-encoding", "keep-alive"].includes(name)) {
          headers[name] = Array.isArray(value) ? value.join(", ") : value;
        }
      }
      const method = req.method ?? "GET";
      const body = method !== "GET" && method !== "HEAD" && chunks.length > 0 ? Buffer.concat(chunks) : undefined;
      const upstream = await fetch(`${emulator.url}${req.url ?? ""}`, { method, headers, ...(body ? { body } : {}) });
      let text = await upstream.text();
      if (req.url?.startsWith("/open-apis/vc/v1/meetings")) {
        const json = JSON.parse(text) as { data?: { meeting?: { id?: string; password?: string }; meeting_briefs?: Array<{ id?: string; password?: string }> } };
        if (json.data?.meeting?.id === meetingId) json.data.meeting.password = password;
        for (const brief of json.data?.meeting_briefs ?? []) if (brief.id === meetingId) brief.password = password;
        text = JSON.stringify(json);
      }
      res.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "application/json" });
      res.end(text);
    })().catch((error: unknown) => {
      res.writeHead(502);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, server };
}

describe("/meeting: the password of a meeting whose participants page", () => {
  const PASSWORD = "864209";
  let allowed: Pick<RunningSandbox, "emulator" | "close">;
  let byDefault: Pick<RunningSandbox, "emulator" | "close">;
  beforeAll(async () => {
    [allowed, byDefault] = await Promise.all([
      startPasswordSandbox(PASSWORD, (c) => unlimited({ ...c, bot: { ...c.bot, showPasswordInP2p: true } })),
      startPasswordSandbox(PASSWORD, unlimited),
    ]);
  });
  afterAll(async () => {
    await Promise.all([allowed?.close(), byDefault?.close()]);
  });

  async function ask(box: Pick<RunningSandbox, "emulator">, text: string, chatType: Chat): Promise<{ card: Card; messageId: string; chatId: string }> {
    const delivery = await box.emulator.pushMessage({ text, chatType, mentionBot: chatType === "group" });
    const reply = await waitFor(() => box.emulator.sent().find((s) => s.parentId === delivery.messageId), 15_000, `a reply to ${text}`);
    return { card: reply.card as Card, messageId: reply.messageId, chatId: reply.chatId };
  }

  async function press(box: Pick<RunningSandbox, "emulator">, value: Record<string, unknown>, messageId: string, chatId?: string): Promise<Card> {
    const result = await box.emulator.pushCardAction({ value, openMessageId: messageId, ...(chatId ? { chatId } : {}) });
    expect(result.clientError).toBeUndefined();
    return (result.answer as { card: { data: Card } }).card.data;
  }

  /** Every page of the participants, by clicking Next until there is none (at least two pages). */
  async function allPages(box: Pick<RunningSandbox, "emulator">, first: { card: Card; messageId: string }): Promise<Card[]> {
    const pages = [first.card];
    for (let next = buttons(first.card).find((b) => b.label === "下一页"); next; ) {
      const card = await press(box, next.value, first.messageId);
      pages.push(card);
      next = buttons(card).find((b) => b.label === "下一页");
    }
    expect(pages.length).toBeGreaterThanOrEqual(8);
    return pages;
  }

  const large = () => allowed.emulator.tenant.notable.largeMeetingId;

  it("is shown on every page of a direct chat when app.yaml allows it (the proxy's password does arrive)", async () => {
    const pages = await allPages(allowed, await ask(allowed, `/meeting ${large()}`, "p2p"));
    for (const card of pages) expect(cardToText(card)).toContain(`**密码** ${PASSWORD}`);
  });

  it("never appears on any page of a group chat, even when direct chats may see it", async () => {
    const pages = await allPages(allowed, await ask(allowed, `/meeting ${large()}`, "group"));
    for (const card of pages) expect(JSON.stringify(card)).not.toContain(PASSWORD);
  });

  it("never appears on any page of a direct chat by default", async () => {
    const pages = await allPages(byDefault, await ask(byDefault, `/meeting ${large()}`, "p2p"));
    for (const card of pages) expect(JSON.stringify(card)).not.toContain(PASSWORD);
  });

  it("is hidden when a direct chat's Next or Details button is clicked from another chat", async () => {
    const direct = await ask(allowed, `/meeting ${large()}`, "p2p");
    const next = buttons(direct.card).find((b) => b.label === "下一页")!;
    expect(plainValue(next.value)).toMatchObject({ cid: direct.chatId });
    expect(plainValue(next.value)).not.toHaveProperty("ct");
    const same = await press(allowed, next.value, direct.messageId, direct.chatId);
    expect(cardToText(same)).toContain(`**密码** ${PASSWORD}`);
    // The sealed value names the direct chat, so from another chat the click is now refused outright
    // (the other-chat toast, no card at all) rather than answered as a group card without the password.
    await refusedElsewhere(next.value, direct.messageId);

    const tenant = allowed.emulator.tenant;
    const m = tenant.meetings.find((x) => x.id === large())!;
    const day = dayjs.unix(m.startTime).tz(tenant.timezone).format("YYYY-MM-DD");
    const list = await ask(allowed, `/meeting ${m.meetingNo} ${day}..${day}`, "p2p");
    expect(JSON.stringify(list.card)).not.toContain(PASSWORD);
    const details = buttons(list.card).find((b) => b.label === "详情" && detailIdOf(b.value) === large());
    expect(details, "the large meeting's Details button on the first page").toBeDefined();
    // Details open in the direct chat's thread, with the direct chat's rule.
    const before = allowed.emulator.sent().length;
    await allowed.emulator.pushCardAction({ value: details!.value, openMessageId: list.messageId, chatId: list.chatId });
    const detail = await waitFor(() => allowed.emulator.sent().slice(before).find((s) => s.parentId === list.messageId), 15_000, "the detail");
    expect(detail.chatId).toBe(list.chatId);
    expect(cardToText(detail.card)).toContain(`**密码** ${PASSWORD}`);
    await refusedElsewhere(details!.value, list.messageId);
  });

  /** A genuine value clicked from a chat it was not made for: the other-chat toast, no card, no password, no API call. */
  async function refusedElsewhere(value: Record<string, unknown>, messageId: string): Promise<void> {
    const before = allowed.emulator.calls().length;
    const result = await allowed.emulator.pushCardAction({ value, openMessageId: messageId, chatId: "oc_elsewhere" });
    expect(result.clientError).toBeUndefined();
    expect(result.cardReplaced).toBe(false);
    expect(result.toast).toMatchObject({ type: "warning", content: at("zh", "toastOtherChat") });
    expect((result.answer as { card?: unknown }).card).toBeUndefined();
    expect(JSON.stringify(result)).not.toContain(PASSWORD);
    expect(allowed.emulator.calls().slice(before).filter((c) => c.endpoint.startsWith("meeting"))).toEqual([]);
  }
});

describe("/meeting <number> with no range, asked twice", () => {
  let sandbox: RunningSandbox | undefined;
  afterAll(async () => {
    await sandbox?.close();
  });

  it("asks Feishu each list query once: the window ending now is cut to the minute, so the second command shares the first's", async () => {
    // Five seconds into a minute: both commands run inside it.
    sandbox = await startTestSandbox({ config: unlimited, emulator: { now: anchoredClock("2024-06-12T15:00:05+08:00") } });
    const box = sandbox;
    // A number with a couple of pages of meetings in the last 80 days.
    const counts = new Map<string, number>();
    const since = Date.parse("2024-06-12T15:00:05+08:00") / 1000 - 80 * 86_400;
    for (const m of box.emulator.tenant.meetings) if (m.startTime > since) counts.set(m.meetingNo, (counts.get(m.meetingNo) ?? 0) + 1);
    const [no] = [...counts].find(([, n]) => n > 10 && n <= 30)!;
    const deliveries = [
      await box.emulator.pushMessage({ text: `/meeting ${no}`, chatType: "p2p" }),
      await box.emulator.pushMessage({ text: `/meeting ${no}`, chatType: "p2p" }),
    ];
    const texts = await Promise.all(
      deliveries.map((d) =>
        waitFor(() => {
          const reply = box.emulator.sent().find((s) => s.parentId === d.messageId);
          const card = reply && box.emulator.messages().find((m) => m.messageId === reply.messageId)?.card;
          const text = card ? cardToText(card) : "";
          return /场会议 · 总时长 \*\*\d/.test(text) ? text : undefined;
        }, 60_000, "the final card"),
      ),
    );
    expect(texts[1]).toBe(texts[0]);
    const queries = box.emulator
      .calls()
      .filter((c) => c.endpoint === "meeting_list_by_no")
      .map((c) => JSON.stringify([c.query.start_time, c.query.end_time, c.query.page_token ?? ""]));
    expect(queries.length).toBeGreaterThan(0);
    // One window for both commands, and no query asked twice.
    expect(new Set(queries.map((q) => JSON.stringify((JSON.parse(q) as unknown[]).slice(0, 2)))).size).toBe(1);
    expect(queries).toHaveLength(new Set(queries).size);
  });
});
