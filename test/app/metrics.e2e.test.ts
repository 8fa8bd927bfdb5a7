/**
 * GET /metrics end to end: the bot and the emulator on ephemeral ports, a few commands through the
 * signed webhook (one answered, one refused to a non-admin, one failing upstream, one retried after
 * a 429, a click), a bad signature and a redelivery, two digests caught up at start (one posted, one
 * failing); then one scrape, read as Prometheus reads it, must tell each of those.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../src/config/types.js";
import type { RunningSandbox } from "../../src/sandbox/start.js";
import type { SentMessage } from "../../src/sandbox/emulator/index.js";
import { startTestSandbox, waitFor } from "../helpers/sandbox.js";
import { parsePrometheusText, seriesOf, valueOf, type Scrape } from "../metrics/prom-text.js";
import { buttonLabel, buttons, buttonValue } from "../helpers/card-buttons.js";

/** The emulator's default chat user: the sandbox's admin. */
const ADMIN = "ou_sandbox_user";
const VISITOR = "ou_visitor";
const GROUP = "oc_sandbox_group";
/** No such chat: Feishu refuses a send into it (230001), so the digest posting there fails. */
const NOWHERE = "oc_metrics_nowhere";


describe("GET /metrics", () => {
  let sandbox: RunningSandbox;
  let response: Response;
  let text: string;
  let scrape: Scrape;

  const scrapeNow = async () => parsePrometheusText(await (await fetch(`${sandbox.bot.url}/metrics`)).text());

  /** Polls the scrape until `check` holds: digests and replies finish on their own time. */
  async function scrapeUntil(check: (s: Scrape) => boolean, what: string): Promise<Scrape> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const s = await scrapeNow();
      if (check(s)) return s;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async function ask(message: string, senderOpenId = ADMIN): Promise<{ messageId: string; reply: SentMessage }> {
    const delivery = await sandbox.emulator.pushMessage({ text: message, chatType: "group", mentionBot: true, senderOpenId });
    expect(delivery.status).toBe(200);
    const reply = await waitFor(() => sandbox.emulator.sent().find((s) => s.parentId === delivery.messageId), 8_000, `a reply to ${message}`);
    return { messageId: delivery.messageId, reply };
  }

  beforeAll(async () => {
    // Every hour, two hours' catch-up: the run of the hour just gone is posted late as the bot starts.
    const digest = { cron: "0 * * * *", timezone: "Asia/Shanghai", locale: "zh" as const, sections: [{ kind: "pushstats" as const }], catchUpMinutes: 120 };
    sandbox = await startTestSandbox({
      config: (c: Config) => ({
        ...c,
        bot: { ...c.bot, admins: [ADMIN] },
        digests: [
          { ...digest, name: "hourly", chats: [GROUP] },
          { ...digest, name: "broken", chats: [NOWHERE] },
        ],
      }),
      // Timers that never fire: only the catch-up at start runs, not the next hour's run nor the
      // failed one's retry, whenever this test happens to run.
      bot: { timers: { setTimeout: () => undefined, clearTimeout: () => undefined } },
    });
    // The digests first, so the commands' upstream calls are not mixed with theirs.
    await scrapeUntil(
      (s) =>
        valueOf(s, "feishu_bot_digests_total", { digest: "hourly", outcome: "posted" }) === 1 &&
        valueOf(s, "feishu_bot_digests_total", { digest: "broken", outcome: "failed" }) === 1,
      "the digests' runs",
    );

    // Answered.
    const help = await ask("/help");
    // Answered, then a click on its card answered too.
    const report = await ask("/report");
    const thirty = buttons(report.reply.card).find((b) => buttonLabel(b) === "30 天")!;
    const click = await sandbox.emulator.pushCardAction({ value: buttonValue(thirty), openMessageId: report.reply.messageId, operatorOpenId: ADMIN });
    expect(click.cardReplaced).toBe(true);
    // Refused: /report is for admins.
    await ask("/report", VISITOR);
    // Failing upstream: Feishu refuses the reservations (scope missing).
    sandbox.emulator.injectFault({ endpoint: "reservation_list", effect: { kind: "code", code: 99991672 }, times: "always" });
    await ask("/rooms yesterday");
    sandbox.emulator.clearFaults();
    // Rate limited once by Feishu: the reply is retried and lands.
    sandbox.emulator.injectFault({ endpoint: "message_reply", effect: { kind: "code", code: 99991400, httpStatus: 429 }, times: "once" });
    await ask("/help");
    // Redelivered: dropped as a duplicate.
    const again = await sandbox.emulator.pushMessage({ text: "/help", chatType: "group", mentionBot: true, messageId: help.messageId });
    expect(again.status).toBe(200);
    // Signed with the wrong key: refused.
    const good = sandbox.config.feishu;
    sandbox.emulator.setWebhook({ eventUrl: `${sandbox.bot.url}/webhook/event`, encryptKey: "not-the-bots-key", verificationToken: good.verificationToken! });
    expect((await sandbox.emulator.pushMessage({ text: "/help", chatType: "group", mentionBot: true })).status).toBe(401);
    sandbox.emulator.setWebhook({
      eventUrl: `${sandbox.bot.url}/webhook/event`,
      cardUrl: `${sandbox.bot.url}/webhook/card`,
      encryptKey: good.encryptKey!,
      verificationToken: good.verificationToken!,
    });

    // Every turn counted (the last command's count comes once its turn ends, just after its reply).
    await scrapeUntil((s) => valueOf(s, "feishu_bot_commands_total", { command: "help", outcome: "ok" }) === 2, "the last /help counted");
    response = await fetch(`${sandbox.bot.url}/metrics`);
    text = await response.text();
    scrape = parsePrometheusText(text);
  }, 60_000);

  afterAll(async () => {
    await sandbox?.close();
  });

  it("answers in Prometheus text format, without credentials", () => {
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(scrape.samples.some((s) => s.name === "process_resident_memory_bytes" || s.name === "nodejs_heap_size_total_bytes")).toBe(true);
  });

  it("counts events received by kind and transport, and refused by reason", () => {
    // Five commands and the redelivery passed verification; the badly signed one did not.
    expect(seriesOf(scrape, "feishu_bot_events_received_total")).toEqual(
      expect.arrayContaining([
        { kind: "message", transport: "webhook", value: 6 },
        { kind: "card_action", transport: "webhook", value: 1 },
      ]),
    );
    expect(seriesOf(scrape, "feishu_bot_events_refused_total")).toEqual(
      expect.arrayContaining([
        { reason: "unauthorized", transport: "webhook", value: 1 },
        { reason: "duplicate", transport: "webhook", value: 1 },
      ]),
    );
  });

  it("counts commands by name and outcome", () => {
    expect(seriesOf(scrape, "feishu_bot_commands_total")).toEqual(
      expect.arrayContaining([
        { command: "help", outcome: "ok", value: 2 },
        { command: "report", outcome: "ok", value: 2 },
        { command: "report", outcome: "admins_only", value: 1 },
        { command: "rooms", outcome: "feishu_api_error", value: 1 },
      ]),
    );
    expect(seriesOf(scrape, "feishu_bot_commands_total")).toHaveLength(4);
  });

  it("counts upstream calls by endpoint name and code, and the 429", () => {
    expect(valueOf(scrape, "feishu_bot_upstream_calls_total", { endpoint: "tenant_token", code: "0" })).toBeGreaterThanOrEqual(1);
    expect(valueOf(scrape, "feishu_bot_upstream_calls_total", { endpoint: "reservation_list", code: "99991672" })).toBe(1);
    expect(valueOf(scrape, "feishu_bot_upstream_calls_total", { endpoint: "message_reply", code: "99991400" })).toBe(1);
    // Five replies landed; the digest's send into the unknown chat was refused.
    expect(valueOf(scrape, "feishu_bot_upstream_calls_total", { endpoint: "message_reply", code: "0" })).toBe(5);
    expect(valueOf(scrape, "feishu_bot_upstream_calls_total", { endpoint: "message_create", code: "0" })).toBe(1);
    expect(valueOf(scrape, "feishu_bot_upstream_calls_total", { endpoint: "message_create", code: "230001" })).toBe(1);
    expect(seriesOf(scrape, "feishu_bot_upstream_429_total")).toEqual([{ endpoint: "message_reply", value: 1 }]);
  });

  it("times each answer from the event's receipt, for messages and clicks", () => {
    expect(valueOf(scrape, "feishu_bot_event_to_reply_seconds_count", { kind: "message" })).toBe(5);
    expect(valueOf(scrape, "feishu_bot_event_to_reply_seconds_count", { kind: "click" })).toBe(1);
    expect(valueOf(scrape, "feishu_bot_event_to_reply_seconds_bucket", { kind: "message", le: "+Inf" })).toBe(5);
  });

  it("shows the inbox empty once every message is answered", () => {
    expect(valueOf(scrape, "feishu_bot_inbox_depth", { state: "pending" })).toBe(0);
    expect(valueOf(scrape, "feishu_bot_inbox_depth", { state: "claimed" })).toBe(0);
  });

  it("counts digests posted and failed", () => {
    expect(seriesOf(scrape, "feishu_bot_digests_total")).toEqual([
      { digest: "hourly", outcome: "posted", value: 1 },
      { digest: "broken", outcome: "failed", value: 1 },
    ]);
  });

  it("shows the long connection down in webhook mode, never reconnected", () => {
    expect(valueOf(scrape, "feishu_bot_long_connection_up")).toBe(0);
    expect(valueOf(scrape, "feishu_bot_long_connection_reconnects_total")).toBe(0);
  });

  it("names no chat, person, message or secret", () => {
    const { appSecret, encryptKey, verificationToken } = sandbox.config.feishu;
    for (const secret of [appSecret, encryptKey, verificationToken]) expect(text).not.toContain(secret);
    const labelValues = scrape.samples.flatMap((s) => Object.values(s.labels));
    expect(labelValues.filter((v) => /^o[cmu]_|^cli_/.test(v))).toEqual([]);
  });
});
