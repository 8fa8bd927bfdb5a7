/**
 * A scheduled digest reaches an open console by itself: the sandbox's minutely digest, on a clock
 * started ten seconds before a minute turns, shows up in the group chat without a reload.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withSandboxDigest, SANDBOX_GROUP_CHAT } from "../../src/sandbox/digest.js";
import type { RunningSandbox } from "../../src/sandbox/start.js";
import { launchChromium, openConsole, type ConsolePage } from "../helpers/browser.js";
import { anchoredClock, startTestSandbox } from "../helpers/sandbox.js";

describe("a digest in the web console", () => {
  let sandbox: RunningSandbox;
  let browser: Browser;
  let ui: ConsolePage;

  beforeAll(async () => {
    [sandbox, browser] = await Promise.all([
      startTestSandbox({ config: withSandboxDigest, emulator: { now: anchoredClock("2024-06-12T15:00:50+08:00") } }),
      launchChromium(),
    ]);
    ui = await openConsole(browser, sandbox);
  });
  afterAll(async () => {
    await ui?.close();
    await browser?.close();
    await sandbox?.close();
  });

  it("appears live in the group chat when the minute turns", async () => {
    const { page } = ui;
    await page.locator('#chats [data-chat="group"]').click();
    await expect(page.locator('#chats [data-chat="group"]').getAttribute("aria-pressed")).resolves.toBe("true");
    // Survives only if the page is never reloaded.
    await page.evaluate(() => ((globalThis as { __sameLoad?: boolean }).__sameLoad = true));
    const group = page.locator(`section.chat[data-chat-id="${SANDBOX_GROUP_CHAT}"]`);
    const digests = group.locator("article.msg--bot").filter({ has: page.locator(".fc-title", { hasText: "定时摘要" }) });
    // The bot's start posts 15:00's (a minute late is on time); the page then waits for 15:01's.
    const digest = digests.filter({ has: page.locator(".fc-subtitle", { hasText: "2024-06-12 15:01" }) });
    expect(await digest.count(), "15:01's digest is still to come when the page is open").toBe(0);
    await digest.waitFor({ timeout: 30_000 });
    await expect(digest.isVisible()).resolves.toBe(true);
    // Posted by the schedule, not a reply to anything typed.
    expect(await digest.locator(".msg-quote").count()).toBe(0);
    await expect(digest.locator(".fc-card").innerText()).resolves.toContain("会议概况");
    expect(await page.evaluate(() => (globalThis as { __sameLoad?: boolean }).__sameLoad)).toBe(true);
    expect(ui.problems).toEqual([]);
  }, 45_000);
});
