/**
 * The sandbox's web console in a real browser: Debian's chromium driven by playwright-core, which
 * never downloads a browser of its own (.ci/run installs the Debian package). A missing chromium
 * fails loudly, so a machine without one never passes the browser tests by skipping them.
 */
import { existsSync } from "node:fs";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import type { RunningSandbox } from "../../src/sandbox/start.js";
import { waitFor } from "./sandbox.js";

/** Quiet and offline: no GPU, no sandboxing (CI runs as root), nothing fetched from Google. */
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  // Feishu's zh client's language (on Linux chromium takes its own widgets' language from LANGUAGE, below).
  "--lang=zh-CN",
];

/**
 * Chromium's own widgets (the date picker's yyyy/mm/dd field order) follow the environment's language,
 * not --lang nor the page's locale, and need Debian's chromium-l10n locale packs; without either they
 * stay en-US (mm/dd/yyyy). LANGUAGE needs no libc locale generated, unlike LANG.
 */
const CHROMIUM_ENV = { LANGUAGE: "zh_CN" };

export async function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(executablePath)) {
    throw new Error(
      `no chromium at ${executablePath}: the browser tests need Debian's chromium (apt-get install chromium, as .ci/run does) ` +
        `or CHROMIUM_PATH set to a Chromium executable`,
    );
  }
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, env: { ...process.env, ...CHROMIUM_ENV } });
}

export interface ConsolePage {
  page: Page;
  /** What went wrong in the page: uncaught errors and any dialog (alert, confirm...) it opened. */
  problems: string[];
  /** Types `text` into the composer, sends it with Enter, and returns the article of the bot's card replying to it. */
  send(text: string): Promise<Locator>;
  close(): Promise<void>;
}

export interface OpenOptions {
  viewport?: { width: number; height: number };
  deviceScaleFactor?: number;
  /** Milliseconds a bot reply may take to arrive (default 15 s). */
  replyTimeoutMs?: number;
}

/** Opens `${bot}/console` in a fresh context and waits until its event stream is live. */
export async function openConsole(browser: Browser, sandbox: RunningSandbox, options: OpenOptions = {}): Promise<ConsolePage> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 900 },
    deviceScaleFactor: options.deviceScaleFactor ?? 1,
    // navigator.language and Accept-Language as a zh client sends them.
    locale: "zh-CN",
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("dialog", (dialog) => {
    problems.push(`dialog (${dialog.type()}): ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.goto(`${sandbox.bot.url}/console`);
  await page.locator("#status", { hasText: /^\s*live\s*$/ }).waitFor({ timeout: 10_000 });

  const replyTimeoutMs = options.replyTimeoutMs ?? 15_000;

  return {
    page,
    problems,
    async send(text) {
      const posted = page.waitForResponse((r) => new URL(r.url()).pathname === "/console/api/message" && r.request().method() === "POST");
      await page.locator("#message").fill(text);
      await page.locator("#message").press("Enter");
      const response = await posted;
      if (!response.ok()) throw new Error(`sending ${JSON.stringify(text)}: HTTP ${response.status()} ${await response.text()}`);
      const { messageId } = (await response.json()) as { messageId: string };
      // The emulator saw the bot reply; the page must then show that very message as a card.
      const reply = await waitFor(
        () => sandbox.emulator.sent().find((s) => s.parentId === messageId),
        replyTimeoutMs,
        `the bot's reply to ${JSON.stringify(text)}`,
      );
      const shown = page.locator(`article.msg--bot[data-message-id="${reply.messageId}"]`);
      await shown.locator(".fc-card").waitFor({ timeout: replyTimeoutMs });
      return shown;
    },
    close: () => context.close(),
  };
}

/** A card's button by its exact label, as a person finds it. */
export function cardButton(article: Locator, label: string): Locator {
  return article.locator(".fc-card").getByRole("button", { name: label, exact: true });
}

/** How many pixels of a drawn chart's canvas are neither transparent nor (near) white. */
export async function inkedPixels(chart: Locator): Promise<number> {
  return chart.evaluate((element) => {
    const canvas = element.querySelector("canvas");
    const context = canvas?.getContext("2d");
    if (!canvas || !context) return 0;
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    let inked = 0;
    for (let i = 0; i < data.length; i += 4) {
      const white = data[i]! > 240 && data[i + 1]! > 240 && data[i + 2]! > 240;
      if (data[i + 3]! > 0 && !white) inked++;
    }
    return inked;
  });
}
