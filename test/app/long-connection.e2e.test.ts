/**
 * The bot in long-connection mode end to end: startBot with `feishu.connection: websocket` (no
 * encrypt key, no verification token, no public URL), the SDK's real WSClient, and the emulator
 * pushing over its long connection (pbbp2 frames, acks read as Feishu reads them). A message and a
 * click are answered once; a redelivery, a dropped socket and a second replica change nothing of
 * that; a shutdown lets what is in flight finish.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startBot, type RunningBot, type StartOptions } from "../../src/app/start.js";
import { loadConfig } from "../../src/config/index.js";
import type { Config } from "../../src/config/types.js";
import { LongConnectionError } from "../../src/ingress/index.js";
import { createLogger, type Logger } from "../../src/log/logger.js";
import { DEFAULT_SENDER_OPEN_ID } from "../../src/sandbox/emulator/events/index.js";
import { startEmulator, type Emulator, type EmulatorOptions } from "../../src/sandbox/emulator/index.js";
import { openStore } from "../../src/store/index.js";
import type { Store } from "../../src/store/store.js";
import { startTestSandbox, waitFor } from "../helpers/sandbox.js";
import { parsePrometheusText, valueOf as sampleOf } from "../metrics/prom-text.js";
import { buttons, buttonLabel as label, buttonValue as valueOf } from "../helpers/card-buttons.js";

async function scrape(bot: RunningBot) {
  return parsePrometheusText(await (await fetch(`${bot.url}/metrics`)).text());
}

/** Reconnect at once after a drop, not after Feishu's 120 s. */
const FAST_RECONNECT = { ReconnectInterval: 1, ReconnectNonce: 0 };

const loaded = loadConfig({ env: {}, path: new URL("../../app.yaml", import.meta.url).pathname });

let emulator: Emulator;
const bots: RunningBot[] = [];
const cleanups: Array<() => void> = [];

async function startLongConnectionEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  return startEmulator({
    rateLimits: false,
    subscription: { events: "long_connection", callbacks: "long_connection" },
    longConnection: { clientConfig: FAST_RECONNECT },
    ...options,
  });
}

/** The bot as an operator without a public URL runs it: long connection, no key, no token. */
function longConnectionConfig(overrides: Partial<Config["feishu"]> = {}): Config {
  return {
    ...loaded,
    server: { ...loaded.server, port: 0, host: "127.0.0.1" },
    feishu: {
      ...loaded.feishu,
      appId: emulator.appId,
      appSecret: emulator.appSecret,
      domain: emulator.url,
      connection: "websocket",
      encryptKey: undefined,
      verificationToken: undefined,
      ...overrides,
    },
    // /report is for admins; the emulator's default sender is one here, as in sandbox mode.
    bot: { ...loaded.bot, admins: [DEFAULT_SENDER_OPEN_ID] },
    access: { ...loaded.access, userCommandsPerMinute: 0 },
  };
}

/** A logger whose records the test can read. */
function capturedLogger(): { logger: Logger; messages: () => string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...chunk.toString("utf8").split("\n").filter((line) => line !== ""));
      callback();
    },
  });
  return {
    logger: createLogger({ level: "info", destination }),
    messages: () => lines.map((line) => (JSON.parse(line) as { msg: string }).msg),
  };
}

async function startLongConnectionBot(options: { logger?: Logger; store?: Store; config?: Config } & StartOptions = {}): Promise<RunningBot> {
  const { logger, config, ...start } = options;
  const bot = await startBot(config ?? longConnectionConfig(), logger ?? capturedLogger().logger, { workingNoticeAfterMs: 60_000, ...start });
  bots.push(bot);
  return bot;
}

const repliesTo = (messageId: string) => emulator.sent().filter((s) => s.parentId === messageId);
/** Reply calls, not replies: the reply's uuid would hide a second run of the command from `sent()`. */
const replyCalls = (messageId: string) => emulator.calls().filter((c) => c.endpoint === "message_reply" && c.path.includes(messageId));

/** Waits for the reply to `messageId`, then for the bots to be idle, so a second run would have shown. */
async function onlyReply(messageId: string, running: RunningBot[]): Promise<void> {
  await waitFor(() => (repliesTo(messageId).length > 0 ? true : undefined), 10_000, `the reply to ${messageId}`);
  await waitFor(() => (running.every((b) => b.bot.load().pending + b.bot.load().running === 0) ? true : undefined), 10_000, "the bots idle");
  expect(repliesTo(messageId)).toHaveLength(1);
  expect(replyCalls(messageId)).toHaveLength(1);
}


describe("long-connection mode", () => {
  beforeEach(async () => {
    emulator = await startLongConnectionEmulator();
  });

  afterEach(async () => {
    await Promise.all(bots.splice(0).map((bot) => bot.close()));
    await emulator.close();
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  it("answers a message pushed over the socket exactly once, and serves no webhook", async () => {
    const bot = await startLongConnectionBot();
    expect(bot.longConnection?.state()).toBe("connected");
    expect(emulator.longConnection.connections()).toHaveLength(1);

    const pushed = await emulator.pushMessage({ text: "/help", chatType: "p2p" });
    // The ack: code 200, within Feishu's 3 s.
    expect(pushed).toMatchObject({ status: 200, timedOut: false });
    await onlyReply(pushed.messageId, [bot]);

    const webhook = await fetch(`${bot.url}/webhook/event`, { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
    expect(webhook.status).toBe(404);
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
    expect(emulator.longConnection.violations()).toEqual([]);

    const metrics = await scrape(bot);
    expect(sampleOf(metrics, "feishu_bot_events_received_total", { kind: "message", transport: "websocket" })).toBe(1);
    expect(sampleOf(metrics, "feishu_bot_events_received_total", { kind: "message", transport: "webhook" })).toBeUndefined();
    expect(sampleOf(metrics, "feishu_bot_long_connection_up")).toBe(1);
    expect(sampleOf(metrics, "feishu_bot_long_connection_reconnects_total")).toBe(0);
  });

  it("answers a push split into parts once it is whole", async () => {
    const bot = await startLongConnectionBot();
    emulator.longConnection.configure({ fragmentBytes: 200 });
    const pushed = await emulator.pushMessage({ text: `/help ${"长".repeat(200)}`, chatType: "p2p" });
    expect(pushed.status).toBe(200);
    await onlyReply(pushed.messageId, [bot]);
    expect(emulator.longConnection.violations()).toEqual([]);
  });

  it("refuses (code 500) a push whose verification token is not the configured one, and answers nothing", async () => {
    const bot = await startLongConnectionBot({ config: longConnectionConfig({ verificationToken: "another-apps-token" }) });
    const pushed = await emulator.pushMessage({ text: "/help", chatType: "p2p" });
    expect(pushed.status).toBe(500);
    await waitFor(() => (bot.bot.load().pending + bot.bot.load().running === 0 ? true : undefined), 5_000, "the bot idle");
    expect(repliesTo(pushed.messageId)).toEqual([]);
  });

  it("answers a click inline over the socket, and a slow one with a toast, then the card updated after the answer", async () => {
    const bot = await startLongConnectionBot();
    const asked = await emulator.pushMessage({ text: "/report", chatType: "p2p" });
    await onlyReply(asked.messageId, [bot]);
    const reply = repliesTo(asked.messageId)[0]!;
    const range = (days: string) => buttons(reply.card).find((b) => label(b) === days);

    // Fast: the new card is the answer itself.
    const inline = await emulator.pushCardAction({ value: valueOf(range("7 天")!), openMessageId: reply.messageId });
    expect(inline).toMatchObject({ status: 200, timedOut: false, cardReplaced: true });
    expect(inline.clientError).toBeUndefined();

    // Slow (its data comes after the bot's 2 s inline budget): a toast now, the card later by token.
    emulator.injectFault({ endpoint: "report_get_daily", effect: { kind: "latency", ms: 2_300 }, times: "once" });
    const slow = await emulator.pushCardAction({ value: valueOf(range("30 天")!), openMessageId: reply.messageId });
    expect(slow).toMatchObject({ status: 200, timedOut: false, cardReplaced: false, toast: { type: "info" } });
    const update = await waitFor(
      () => emulator.sent().find((s) => s.kind === "card_update" && s.messageId === reply.messageId),
      10_000,
      "the delayed card update",
    );
    const answered = emulator.callbacks().find((c) => c.token === slow.token);
    expect(answered).toMatchObject({ outcome: { ok: true } });
    // Accepted (the emulator arms a token only once it has read the callback's answer), and after it.
    expect(emulator.calls().filter((c) => c.endpoint === "card_update").map((c) => c.code)).toEqual([0]);
    expect(update.at).toBeGreaterThanOrEqual(answered!.at);
    expect(emulator.longConnection.violations()).toEqual([]);
  });

  it("answers a message pushed twice (the same event, then the same message under a new event) once", async () => {
    const bot = await startLongConnectionBot();
    const first = await emulator.pushMessage({ text: "/help", chatType: "p2p" });
    const sameEvent = await emulator.pushMessage({ eventId: first.eventId });
    const sameMessage = await emulator.pushMessage({ messageId: first.messageId, eventId: randomUUID().replaceAll("-", "") });
    expect([first.status, sameEvent.status, sameMessage.status]).toEqual([200, 200, 200]);
    expect(sameMessage.eventId).not.toBe(first.eventId);
    await onlyReply(first.messageId, [bot]);
  });

  it("reconnects after the socket drops, says so in the log, and answers a push lost in the drop once when it comes again", async () => {
    const { logger, messages } = capturedLogger();
    const bot = await startLongConnectionBot({ logger });
    const [before] = emulator.longConnection.connections();

    emulator.longConnection.dropConnection("all");
    await waitFor(() => (messages().includes("long connection restored") ? true : undefined), 10_000, "the connection restored");
    const log = messages();
    expect(log.indexOf("long connection lost; reconnecting")).toBeGreaterThan(-1);
    expect(log.indexOf("long connection lost; reconnecting")).toBeLessThan(log.indexOf("long connection restored"));
    expect(bot.longConnection?.state()).toBe("connected");
    const [after] = await emulator.longConnection.waitForConnections(1);
    expect(after!.deviceId).not.toBe(before!.deviceId);

    // The socket dies right after this push is sent: no ack reaches Feishu, which pushes it again.
    emulator.longConnection.dropAfterSend(1);
    const lost = await emulator.pushMessage({ text: "/help", chatType: "p2p" });
    expect(lost.status).not.toBe(200);
    await waitFor(() => (messages().filter((m) => m === "long connection restored").length === 2 ? true : undefined), 10_000, "reconnected again");
    const again = await emulator.pushMessage({ eventId: lost.eventId });
    expect(again.status).toBe(200);
    await onlyReply(lost.messageId, [bot]);
    // Each reconnect asked the endpoint for a fresh URL.
    expect(emulator.longConnection.endpointCalls()).toHaveLength(3);
    const metrics = await scrape(bot);
    expect(sampleOf(metrics, "feishu_bot_long_connection_reconnects_total")).toBe(2);
    expect(sampleOf(metrics, "feishu_bot_long_connection_up")).toBe(1);
  });

  it("is ready at /readyz only while the long connection is up", async () => {
    const bot = await startLongConnectionBot({ selfCheck: {} });
    const readyz = async () => {
      const res = await fetch(`${bot.url}/readyz`);
      return { status: res.status, body: (await res.json()) as { ready: boolean; connection: { kind: string; state?: string } } };
    };
    await waitFor(async () => ((await readyz()).status === 200 ? true : undefined), 10_000, "ready");
    expect((await readyz()).body.connection).toEqual({ kind: "websocket", listening: bot.url, state: "connected" });

    // Feishu turns every new connection away: the bot keeps trying, and is not ready meanwhile.
    emulator.longConnection.configure({ maxConnections: 0 });
    emulator.longConnection.dropConnection("all");
    await waitFor(async () => ((await readyz()).status === 503 ? true : undefined), 10_000, "not ready while reconnecting");
    expect((await readyz()).body).toMatchObject({ ready: false, connection: { state: "reconnecting" } });

    emulator.longConnection.configure({ maxConnections: 50 });
    await waitFor(async () => ((await readyz()).status === 200 ? true : undefined), 10_000, "ready again");
  });

  it("with two bots on one SQLite file, answers each message once, also when pushed again to the other, and both bots take pushes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "long-connection-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const url = `sqlite:${join(dir, "bot.db")}`;
    const pair = [await startLongConnectionBot({ store: await openStore(url) }), await startLongConnectionBot({ store: await openStore(url) })];
    await emulator.longConnection.waitForConnections(2);

    const pushed = [];
    for (let i = 0; i < 12; i++) {
      pushed.push(await emulator.pushMessage({ text: "/help", chatType: "p2p", chatId: `oc_pair_${i}`, senderOpenId: `ou_pair_${i}` }));
    }
    expect(pushed.map((p) => p.status)).toEqual(pushed.map(() => 200));
    // Feishu pushes again what it thinks was not acked, to any client: often the other bot.
    const again = await Promise.all(pushed.map((p) => emulator.pushMessage({ eventId: p.eventId })));
    expect(again.map((p) => p.status)).toEqual(pushed.map(() => 200));
    for (const p of pushed) await onlyReply(p.messageId, pair);
    // Each push went to one connection: both took some.
    const acks = emulator.longConnection.connections().map((c) => c.acks);
    expect(acks).toHaveLength(2);
    expect(acks.every((n) => n > 0)).toBe(true);
    expect(acks[0]! + acks[1]!).toBe(24);
  });

  it("on shutdown, lets a click being answered and a command running finish, then closes the socket", async () => {
    const bot = await startLongConnectionBot();
    const asked = await emulator.pushMessage({ text: "/report", chatType: "p2p" });
    await onlyReply(asked.messageId, [bot]);
    const reply = repliesTo(asked.messageId)[0]!;
    const thirty = buttons(reply.card).find((b) => label(b) === "30 天")!;

    // Both wait ~1 s for report_get_daily: the click stays within its inline budget.
    const daily = () => emulator.calls().filter((c) => c.endpoint === "report_get_daily").length;
    emulator.injectFault({ endpoint: "report_get_daily", effect: { kind: "latency", ms: 1_000 }, times: "always" });
    const base = daily();
    // Another range than the card's: its data is not in the gateway's cache.
    const running = await emulator.pushMessage({ text: "/report 14d", chatType: "p2p" });
    expect(running.status).toBe(200);
    await waitFor(() => (daily() > base ? true : undefined), 5_000, "the command waiting for its data");
    const before = daily();
    const click = emulator.pushCardAction({ value: valueOf(thirty), openMessageId: reply.messageId });
    let clickAnswered = false;
    void click.then(() => {
      clickAnswered = true;
    });
    await waitFor(() => (daily() > before ? true : undefined), 5_000, "the click waiting for its data");

    // Still waiting for its answer when the shutdown begins.
    expect(clickAnswered).toBe(false);
    await bots.splice(bots.indexOf(bot), 1)[0]!.shutdown();
    expect(await click).toMatchObject({ status: 200, timedOut: false, cardReplaced: true });
    expect(repliesTo(running.messageId)).toHaveLength(1);
    await waitFor(() => (emulator.longConnection.connections().length === 0 ? true : undefined), 5_000, "the socket closed");
    expect(emulator.longConnection.violations()).toEqual([]);
  });

  it("fails to start, saying why, when Feishu refuses the app's secret, without retrying", async () => {
    const { logger, messages } = capturedLogger();
    const start = startBot(longConnectionConfig({ appSecret: "not-the-secret" }), logger, {});
    const error = await start.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LongConnectionError);
    expect((error as LongConnectionError).kind).toBe("refused");
    expect(messages().some((m) => m.startsWith("long connection failed"))).toBe(true);
    expect(emulator.longConnection.endpointCalls()).toHaveLength(1);
    expect(emulator.longConnection.connections()).toHaveLength(0);
  });
});

describe("sandbox mode with feishu.connection: websocket", () => {
  it("joins the bot and the emulator by the long connection, with no webhook and no encrypt key", async () => {
    const sandbox = await startTestSandbox({ connection: "websocket" });
    try {
      expect(sandbox.config.feishu.encryptKey).toBeUndefined();
      expect(sandbox.emulator.subscription()).toEqual({ events: "long_connection", callbacks: "long_connection" });
      expect(sandbox.bot.longConnection?.state()).toBe("connected");
      const pushed = await sandbox.emulator.pushMessage({ text: "/help", chatType: "p2p" });
      expect(pushed.status).toBe(200);
      await waitFor(() => sandbox.emulator.sent().find((s) => s.parentId === pushed.messageId), 10_000, "the reply");
    } finally {
      await sandbox.close();
    }
  });
});
