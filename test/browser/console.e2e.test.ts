/**
 * The sandbox's web console in chromium, as a newcomer uses it: commands typed into the page, the
 * bot's cards drawn as Feishu draws them, their buttons, pickers, table pager and charts working,
 * toasts shown, a member refused, and the tenant's hostile meeting topics shown as text, never run.
 */
import dayjs from "dayjs";
import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../src/config/types.js";
import type { RunningSandbox } from "../../src/sandbox/start.js";
import type { ConsoleSession } from "../../src/sandbox/web/session.js";
import { cardButton, inkedPixels, launchChromium, openConsole, type ConsolePage } from "../helpers/browser.js";
import { anchoredClock, startTestSandbox, waitFor } from "../helpers/sandbox.js";

/** One tester sends many commands a minute here; the per-person rate has tests of its own. */
const unlimited = (c: Config): Config => ({ ...c, access: { ...c.access, userCommandsPerMinute: 0 } });
const PHISH = "[点击领取奖品](https://phish.example.net/login)";

describe("the web console in chromium", () => {
  let sandbox: RunningSandbox;
  let browser: Browser;
  let ui: ConsolePage;
  /** Shared by the emulator and the bot: "today" is one day for both and the expectations. */
  const clock = anchoredClock();
  const day = (offset: number) => dayjs(sandbox.emulator.tenant.today).add(offset, "day").format("YYYY-MM-DD");
  const poll = { timeout: 15_000 };
  const session = async () => (await (await fetch(`${sandbox.bot.url}/console/api/session`)).json()) as ConsoleSession;

  /** A message typed somewhere other than this page (Feishu's own client); returns the id of the bot's reply to it. */
  async function typedElsewhere(chatId: string, chatType: "group" | "p2p", text: string): Promise<string> {
    const { messageId } = await sandbox.emulator.pushMessage({ text, chatId, chatType, senderOpenId: (await session()).roles.admin.openId });
    const reply = await waitFor(() => sandbox.emulator.sent().find((s) => s.parentId === messageId), poll.timeout, `the bot's reply to ${text}`);
    return reply.messageId;
  }

  beforeAll(async () => {
    [sandbox, browser] = await Promise.all([startTestSandbox({ config: unlimited, emulator: { now: clock } }), launchChromium()]);
    ui = await openConsole(browser, sandbox);
  });
  afterAll(async () => {
    await ui?.close();
    await browser?.close();
    await sandbox?.close();
  });
  afterEach(() => {
    expect(ui.problems).toEqual([]);
  });

  it("shows /rooms yesterday's reservations, and Next turns that same card to page 2", async () => {
    const article = await ui.send("/rooms yesterday");
    const card = article.locator(".fc-card");
    await expect.poll(() => card.locator(".fc-header .fc-title").innerText(), poll).toContain(`会议室预定 · 昨天 ${day(-1)}`);
    await expect(article.locator(".msg-quote").innerText()).resolves.toContain("/rooms yesterday");
    const first = await card.innerText();
    expect(first).toContain("第 1/");
    // Yesterday's reservations as the tenant holds them (Shanghai time), one "hh:mm–hh:mm topic" row each.
    const start = Date.parse(`${day(-1)}T00:00:00+08:00`) / 1000;
    const reservations = sandbox.emulator.tenant.reservations.filter((r) => r.startTime >= start && r.startTime < start + 86_400);
    expect(first).toContain(`共 ${reservations.length} 个`);
    expect(first.match(/\d\d:\d\d–\d\d:\d\d /g)?.length ?? 0).toBeGreaterThanOrEqual(5);

    const botMessages = await ui.page.locator("article.msg--bot").count();
    await cardButton(article, "下一页").click();
    await expect.poll(() => card.innerText(), poll).toContain("第 2/");
    expect(await card.innerText()).not.toContain("第 1/");
    // Replaced in place: the same message, no new one.
    expect(await ui.page.locator(`article[data-message-id="${await article.getAttribute("data-message-id")}"]`).count()).toBe(1);
    expect(await ui.page.locator("article.msg--bot").count()).toBe(botMessages);
  });

  it("changes the /rooms card to the day picked on its date picker", async () => {
    const article = await ui.send("/rooms yesterday");
    const picker = article.locator("input.fc-date-picker");
    await expect(picker.inputValue()).resolves.toBe(day(-1));
    await picker.fill(day(-3));
    await expect.poll(() => article.locator(".fc-title").innerText(), poll).toContain(`会议室预定 · ${day(-3)}`);
    await expect(article.locator("input.fc-date-picker").inputValue()).resolves.toBe(day(-3));
  });

  it("opens a meeting's details from /meeting, with its participants named as in the tenant and its table paged", async () => {
    // A number whose latest meeting (the list's first row) has more people than a table page holds.
    const tenant = sandbox.emulator.tenant;
    const latest = (no: string) => tenant.meetings.findLast((m) => m.meetingNo === no && m.startTime <= clock() / 1000);
    const meetingNo = sandbox.config.sandbox!.meetingNumbers.find((no) => (latest(no)?.participants.length ?? 0) > 10);
    expect(meetingNo, "a sample meeting number with a large meeting").toBeDefined();
    const list = await ui.send(`/meeting ${meetingNo}`);
    const details = cardButton(list, "详情").first();
    await details.waitFor(poll);
    await details.click();
    // A drill-down answers in the card's thread: a toast says so, the list card stays.
    await ui.page.locator("#toasts .toast", { hasText: "已在话题中发送" }).waitFor(poll);
    const detail = ui.page.locator("article.msg--bot").filter({ has: ui.page.locator(".fc-card", { hasText: /共 \d+ 位/ }) });
    await detail.waitFor(poll);
    // It answers in the list card's thread, so it quotes that card's title, as Feishu does.
    const listTitle = await list.locator(".fc-title").innerText();
    await expect(detail.locator(".msg-quote").innerText()).resolves.toBe(`会议助手: ${listTitle.trim()}`);

    const names = new Set(tenant.users.map((u) => u.name));
    const shown = await detail.locator(".fc-person-name").allTextContents();
    expect(shown.length).toBeGreaterThanOrEqual(10);
    expect(shown.filter((name) => !names.has(name.trim()))).toEqual([]);

    // The participants table pages in the page itself, as Feishu's table does.
    const rows = detail.locator(".fc-table .fc-row");
    expect(await rows.count()).toBeGreaterThan(10);
    await expect(rows.nth(0).isVisible()).resolves.toBe(true);
    await expect(rows.nth(10).isVisible()).resolves.toBe(false);
    await detail.locator('.fc-table-page[data-page="2"]').click();
    await expect.poll(() => rows.nth(10).isVisible(), poll).toBe(true);
    await expect(rows.nth(0).isVisible()).resolves.toBe(false);
    await expect(detail.locator('.fc-table-page[data-page="2"]').getAttribute("aria-current")).resolves.toBe("page");
  });

  it("draws /report 30d's chart for an admin", async () => {
    const article = await ui.send("/report 30d");
    await expect.poll(() => article.locator(".fc-title").innerText(), poll).toContain("会议使用报告");
    const chart = article.locator('.fc-chart[data-state="drawn"]');
    await chart.waitFor(poll);
    // Ink on the canvas: axes, labels and the line, not an empty frame.
    expect(await inkedPixels(chart)).toBeGreaterThan(2_000);
  });

  it("shows a toast for an Export click, then clears it", async () => {
    const article = await ui.send("/rooms yesterday");
    await cardButton(article, "导出 Excel").click();
    const toast = ui.page.locator("#toasts .toast", { hasText: "正在生成表格…" });
    await toast.waitFor(poll);
    await expect(toast.getAttribute("role")).resolves.toBe("status");
    await toast.waitFor({ state: "detached", timeout: 10_000 });
  });

  it("refuses /report to an ordinary member, naming the admins", async () => {
    const session = (await (await fetch(`${sandbox.bot.url}/console/api/session`)).json()) as { roles: { admin: { name: string } } };
    await ui.page.locator("#role").selectOption("member");
    try {
      const article = await ui.send("/report 30d");
      const card = article.locator(".fc-card");
      await expect(card.locator(".fc-title").innerText()).resolves.toBe("没有权限");
      await expect(card.innerText()).resolves.toContain("只有机器人的管理员可以使用");
      expect(await card.locator(".fc-chart").count()).toBe(0);
      await expect(card.locator(".fc-person-name").allTextContents()).resolves.toContain(session.roles.admin.name);
    } finally {
      await ui.page.locator("#role").selectOption("admin");
    }
  });

  it("shows hostile topics and typed markup as text: no phishing link, no script run, no dialog", async () => {
    const tenant = sandbox.emulator.tenant;
    const now = clock() / 1000;
    const phishing = tenant.meetings.findLast((m) => m.topic.includes(PHISH) && m.endTime !== undefined && m.endTime < now && m.startTime > now - 20 * 86_400);
    expect(phishing, "a recent meeting with the phishing topic").toBeDefined();
    const list = await ui.send(`/meeting ${phishing!.meetingNo}`);
    await expect.poll(() => list.locator(".fc-card").innerText(), poll).toContain("内部培训");
    expect(await ui.page.locator('a[href*="phish.example.net"]').count()).toBe(0);
    await expect(list.locator(".fc-card").innerText()).resolves.toContain(PHISH);

    // Typed markup comes back in the bot's usage cards: both the message and the card show it as text.
    const attempts = [
      ["/rooms", "<img src=x onerror=alert(1)>"],
      ["/meeting", `"><svg onload="window.__xss=1"><script>window.__xss=2</script>`],
    ];
    for (const [command, payload] of attempts) {
      const typed = `${command} ${payload}`;
      const answer = await ui.send(typed);
      await expect(ui.page.locator("article.msg--user").last().innerText()).resolves.toContain(typed);
      await expect(answer.locator(".fc-card").innerText()).resolves.toContain(payload);
    }

    expect(await ui.page.locator("#messages img, #messages script, #messages svg[onload]").count()).toBe(0);
    expect(await ui.page.evaluate(() => (globalThis as { __xss?: unknown }).__xss)).toBeUndefined();
  });

  it("keeps a reader's place when a card arrives that they did not type, and follows what they type", async () => {
    const { page } = ui;
    const group = (await session()).chats.group.chatId;
    const messages = page.locator("#messages");
    const atBottom = () => messages.evaluate((m) => m.scrollHeight - m.scrollTop - m.clientHeight < 24);
    const scrollTop = () => messages.evaluate((m) => m.scrollTop);
    for (const command of ["/help", "/rooms yesterday", "/help"]) await ui.send(command);
    expect(await messages.evaluate((m) => m.scrollHeight > 2 * m.clientHeight), "a chat long enough to scroll").toBe(true);

    // The reader scrolls up to an older card; a card then arrives from elsewhere (a digest, a colleague's command).
    await page.locator(`section.chat[data-chat-id="${group}"] article.msg--bot`).first().evaluate((card) => card.scrollIntoView({ block: "start" }));
    const place = await scrollTop();
    expect(await atBottom()).toBe(false);
    const reply = await typedElsewhere(group, "group", "/help");
    await page.locator(`article[data-message-id="${reply}"] .fc-card`).waitFor(poll);
    expect(await scrollTop()).toBe(place);
    expect(await atBottom()).toBe(false);

    // What the reader types themselves brings the chat to its end, with the bot's answer.
    const answer = await ui.send("/help");
    await expect.poll(atBottom, poll).toBe(true);
    await expect(answer.isVisible()).resolves.toBe(true);
  });

  it("puts the date picker back to the card's day when the bot refuses the day picked (a future one)", async () => {
    const article = await ui.send("/rooms yesterday");
    const picker = article.locator("input.fc-date-picker");
    await expect(picker.inputValue()).resolves.toBe(day(-1));
    const shown = await article.locator(".msg-card").innerHTML();
    await picker.fill(day(1));
    await ui.page.locator("#toasts .toast--warning, #toasts .toast--error", { hasText: "还没到" }).waitFor(poll);
    await expect.poll(() => picker.inputValue(), poll).toBe(day(-1));
    // The card is as it was: no update replaced it.
    await expect(article.locator(".fc-title").innerText()).resolves.toContain(`会议室预定 · 昨天 ${day(-1)}`);
    expect(await article.locator(".msg-card").innerHTML()).toBe(shown);
    expect(await article.getAttribute("data-version")).toBeNull();
  });

  it("marks no chat unread for the history a fresh page loads, only for a card arriving afterwards", async () => {
    const { chats } = await session();
    const p2p = chats.p2p.admin;
    await typedElsewhere(chats.group.chatId, "group", "/help");
    const older = await typedElsewhere(p2p, "p2p", "/help");
    const fresh = await openConsole(browser, sandbox);
    try {
      const { page } = fresh;
      const unread = page.locator("#chats button.rail-chat--unread");
      // The history is drawn (the direct chat's last card is in its hidden section), and nothing is marked.
      await page.locator(`section.chat[data-chat-id="${p2p}"] article[data-message-id="${older}"]`).waitFor({ state: "attached", ...poll });
      await expect(page.locator('#chats [data-chat="group"]').getAttribute("aria-pressed")).resolves.toBe("true");
      expect(await unread.count()).toBe(0);

      const newer = await typedElsewhere(p2p, "p2p", "/help");
      await page.locator(`article[data-message-id="${newer}"]`).waitFor({ state: "attached", ...poll });
      await expect.poll(() => unread.evaluateAll((buttons) => buttons.map((b) => b.getAttribute("data-chat"))), poll).toEqual(["p2p"]);
      expect(fresh.problems).toEqual([]);
    } finally {
      await fresh.close();
    }
  });
});
