/**
 * A click too slow to answer inline, end to end over HTTP: the emulator clicks a /report card, the
 * bot answers with a toast at once, and only after that answer updates the card by its token, as
 * card-delayed-update.md requires (an update before the answer fails or is reverted).
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createBot } from "../../src/app/bot.js";
import { listen, type RunningServer } from "../../src/app/server.js";
import { loadConfig } from "../../src/config/index.js";
import type { Config } from "../../src/config/types.js";
import { createFeishuGateway, createLarkClient } from "../../src/feishu/index.js";
import { silentLogger } from "../../src/log/logger.js";
import { DEFAULT_SENDER_OPEN_ID } from "../../src/sandbox/emulator/events/index.js";
import { startEmulator, type Emulator } from "../../src/sandbox/emulator/index.js";
import { MemoryStore } from "../../src/store/index.js";
import { waitFor } from "../helpers/sandbox.js";
import { buttons, buttonLabel as label, buttonValue as valueOf } from "../helpers/card-buttons.js";

/** A click waits this long for its data, far past the bot's inline budget below. */
const DATA_LATENCY_MS = 600;
const INLINE_BUDGET_MS = 100;

type Card = Record<string, unknown>;


describe("a slow click: toast first, then the card updated by token", () => {
  let emulator: Emulator;
  let server: RunningServer;

  beforeAll(async () => {
    emulator = await startEmulator({ rateLimits: false });
    const loaded = loadConfig({ env: {}, path: new URL("../../app.yaml", import.meta.url).pathname });
    const encryptKey = randomBytes(16).toString("hex");
    const verificationToken = randomBytes(16).toString("hex");
    const config: Config = {
      ...loaded,
      feishu: { ...loaded.feishu, appId: emulator.appId, appSecret: emulator.appSecret, domain: emulator.url, encryptKey, verificationToken },
      // /report is for admins; the emulator's default sender is one here, as in sandbox mode.
      bot: { ...loaded.bot, admins: [DEFAULT_SENDER_OPEN_ID] },
    };
    const logger = silentLogger();
    const gateway = createFeishuGateway(createLarkClient(config.feishu, logger), {
      appId: config.feishu.appId,
      timezone: config.bot.timezone,
      logger,
    });
    const bot = createBot({ config, gateway, store: new MemoryStore(), logger, cardInlineBudgetMs: INLINE_BUDGET_MS });
    server = await listen(bot.app, 0, "127.0.0.1");
    emulator.setWebhook({
      eventUrl: `${server.url}/webhook/event`,
      cardUrl: `${server.url}/webhook/card`,
      encryptKey,
      verificationToken,
    });
  });
  afterAll(async () => {
    await server?.close();
    await emulator?.close();
  });
  beforeEach(() => {
    emulator.reset();
    emulator.clearFaults();
  });

  it("answers with the loading toast, then replaces the card by token once the data is in, after the answer", async () => {
    const asked = await emulator.pushMessage({ text: "/report", chatType: "p2p" });
    const reply = await waitFor(() => emulator.sent().find((s) => s.parentId === asked.messageId), 5_000, "the /report reply");
    const thirty = buttons(reply.card).find((b) => label(b) === "30 天");
    expect(thirty).toBeDefined();

    emulator.injectFault({ endpoint: "report_get_daily", effect: { kind: "latency", ms: DATA_LATENCY_MS }, times: "once" });
    const started = Date.now();
    const click = await emulator.pushCardAction({ value: valueOf(thirty!), openMessageId: reply.messageId });
    // The answer came well before the data: a toast, and the card left alone for now.
    expect(Date.now() - started).toBeLessThan(DATA_LATENCY_MS);
    expect(click.status).toBe(200);
    expect(click.clientError).toBeUndefined();
    expect(click.toast).toMatchObject({ type: "info" });
    expect(click.cardReplaced).toBe(false);

    const update = await waitFor(
      () => emulator.sent().find((s) => s.kind === "card_update" && s.messageId === reply.messageId),
      5_000,
      "the delayed card update",
    );
    // Accepted: the emulator arms a token only once it has read the callback's answer.
    const updateCalls = emulator.calls().filter((c) => c.endpoint === "card_update");
    expect(updateCalls.map((c) => c.code)).toEqual([0]);
    const [callback] = emulator.callbacks();
    expect(callback).toMatchObject({ token: click.token, messageId: reply.messageId, outcome: { ok: true } });
    expect(update.at).toBeGreaterThanOrEqual(callback!.at);
    expect(updateCalls[0]!.at).toBeGreaterThanOrEqual(callback!.at);
    // The card everyone sees is now the 30-day report, with 30 天 the chosen range.
    const shown = emulator.messages().find((m) => m.messageId === reply.messageId)!.card as Card;
    const chosen = buttons(shown).find((b) => b.type === "primary_filled");
    expect(label(chosen!)).toBe("30 天");
  });
});
