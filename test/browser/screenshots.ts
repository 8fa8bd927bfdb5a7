/**
 * `npm run screenshots`: the README's pictures, taken from the real web console in chromium. A
 * sandbox on a fixed day (so the cards show the same data each run), the commands a newcomer tries,
 * each card's message shot on its own into docs/images/<name>.png, and the whole page as console.png.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, statSync } from "node:fs";
import type { Locator } from "playwright-core";
import type { Config } from "../../src/config/types.js";
import { cardButton, launchChromium, openConsole, type ConsolePage } from "../helpers/browser.js";
import { anchoredClock, startTestSandbox } from "../helpers/sandbox.js";

const OUT = new URL("../../docs/images/", import.meta.url).pathname;
const VIEWPORT = { width: 1280, height: 900 };
const DRAWN_MS = 20_000;
/** Pixels of the chat shown above the whole-page shot's first message: less than the gap between messages. */
const PAGE_MARGIN = 12;

/** Every command of the tour, however quickly typed. */
const unlimited = (c: Config): Config => ({ ...c, access: { ...c.access, userCommandsPerMinute: 0 } });

const written: string[] = [];

/** A card still being filled in: the meeting list counting, /rooms 30d loading its days. */
const UNFINISHED = /统计中…|正在加载/;

/** Shoots one message once its card is final: `finished` shown, no progress left, every chart drawn. */
async function shoot(ui: ConsolePage, article: Locator, name: string, finished: string | RegExp): Promise<void> {
  await article.locator(".fc-card", { hasText: finished }).and(article.locator(".fc-card", { hasNotText: UNFINISHED })).waitFor({ timeout: DRAWN_MS });
  const charts = article.locator(".fc-chart");
  for (let i = 0; i < (await charts.count()); i++) {
    await charts.nth(i).and(ui.page.locator('[data-state="drawn"]')).waitFor({ timeout: DRAWN_MS });
  }
  // A card taller than the window would be clipped by the chat's scrolling: grow the window to fit it.
  const height = Math.ceil((await article.boundingBox())?.height ?? 0) + 300;
  if (height > VIEWPORT.height) await ui.page.setViewportSize({ width: VIEWPORT.width, height });
  await article.evaluate((element) => element.scrollIntoView({ block: "center" }));
  // The message as wide as its card: the chat's empty width to the right says nothing.
  const box = (await article.boundingBox())!;
  const card = (await article.locator(".fc-card").boundingBox())!;
  const path = `${OUT}${name}.png`;
  await ui.page.screenshot({ path, animations: "disabled", clip: { ...box, width: Math.min(box.width, card.x + card.width + 16 - box.x) } });
  await ui.page.setViewportSize(VIEWPORT);
  written.push(path);
}

/**
 * The whole page, its window grown just enough that the chat shows whole messages from `first` (a
 * typed command) to the chat's end, the bot's card: nothing cut off under the top bar.
 */
async function shootPage(ui: ConsolePage, first: Locator, name: string): Promise<void> {
  // The room the chat still needs, from a little above `first` (inside the gap between messages) to its end.
  const missing = await first.evaluate((article, margin) => {
    const messages = article.closest("#messages")!;
    const top = article.getBoundingClientRect().top - messages.getBoundingClientRect().top + messages.scrollTop - margin;
    return messages.scrollHeight - top - messages.clientHeight;
  }, PAGE_MARGIN);
  await ui.page.setViewportSize({ width: VIEWPORT.width, height: VIEWPORT.height + Math.max(0, Math.ceil(missing)) });
  await ui.page.locator("#messages").evaluate((messages) => (messages.scrollTop = messages.scrollHeight));
  const path = `${OUT}${name}.png`;
  await ui.page.screenshot({ path, animations: "disabled" });
  await ui.page.setViewportSize(VIEWPORT);
  written.push(path);
}

/** Without a Chinese font chromium draws the cards' words as empty boxes. */
function checkChineseFont(): void {
  let families: string;
  try {
    families = execFileSync("fc-list", [":lang=zh", "family"], { encoding: "utf8" });
  } catch {
    return; // No fontconfig (not Linux): the system's own fonts cover Chinese.
  }
  if (families.trim() === "") throw new Error("no Chinese font for chromium: apt-get install fonts-noto-cjk, then run npm run screenshots again");
}

async function main(): Promise<void> {
  checkChineseFont();
  mkdirSync(OUT, { recursive: true });
  // A fixed day, so each run pictures the same tenant data.
  const clock = anchoredClock("2024-06-12T15:00:00+08:00");
  const [sandbox, browser] = await Promise.all([
    startTestSandbox({ config: unlimited, emulator: { now: clock } }),
    launchChromium(),
  ]);
  try {
    const ui = await openConsole(browser, sandbox, { viewport: VIEWPORT, deviceScaleFactor: 1, replyTimeoutMs: DRAWN_MS });
    // The sample number whose latest meeting is the largest: a details card with a full table.
    const tenant = sandbox.emulator.tenant;
    const size = (no: string) => tenant.meetings.findLast((m) => m.meetingNo === no && m.startTime <= clock() / 1000)?.participants.length ?? 0;
    const meetingNo = [...sandbox.config.sandbox!.meetingNumbers].sort((a, b) => size(b) - size(a))[0]!;

    await shoot(ui, await ui.send("/help"), "help", "/rooms");
    await shoot(ui, await ui.send("/rooms yesterday"), "rooms", "第 1/");

    const list = await ui.send(`/meeting ${meetingNo}`);
    await shoot(ui, list, "meeting-list", "详情");
    await cardButton(list, "详情").first().click();
    const detail = ui.page.locator("article.msg--bot").filter({ has: ui.page.locator(".fc-card", { hasText: /共 \d+ 位/ }) });
    await shoot(ui, detail, "meeting-detail", /共 \d+ 位/);

    const report = await ui.send("/report 30d");
    await shoot(ui, report, "report", "会议使用报告");
    await shootPage(ui, ui.page.locator("article.msg--user", { hasText: "/report 30d" }).last(), "console");

    await shoot(ui, await ui.send("/rooms 30d"), "rooms-period", "导出 Excel");
    await shoot(ui, await ui.send("/pushstats week"), "pushstats", "机器人消息触达");

    await ui.page.locator("#role").selectOption("member");
    await shoot(ui, await ui.send("/report 30d"), "refused", "没有权限");

    if (ui.problems.length > 0) throw new Error(`the page reported problems:\n${ui.problems.join("\n")}`);
    await ui.close();
  } finally {
    await browser.close();
    await sandbox.close();
  }
  for (const path of written) console.log(`${path.slice(OUT.length - "docs/images/".length)}  ${Math.round(statSync(path).size / 1024)} KB`);
}

await main();
