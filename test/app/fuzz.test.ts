/**
 * Fuzzing the whole bot. 10,000 random command texts through parse → authorise → run → render,
 * with the real commands and a real gateway against the emulator: no exception escapes and every
 * text is answered with a valid card within the budget. Then 2,000 random requests against the
 * webhook of a running bot: never a 5xx, never a crash, and every real message addressed to the
 * bot answered with exactly one card. (test/ingress/robustness.test.ts fuzzes ingress alone.)
 */
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { textPipeline, viewOf } from "../helpers/pipeline.js";
import { startSandbox, type RunningSandbox } from "../../src/sandbox/start.js";
import { MAX_CARD_BYTES, checkCardBudget, renderView } from "../../src/cards/index.js";
import { listCommands } from "../../src/commands/registry.js";
import type { CommandContext } from "../../src/commands/types.js";
import { loadConfig } from "../../src/config/index.js";
import type { Config } from "../../src/config/types.js";
import { createFeishuGateway, createLarkClient } from "../../src/feishu/index.js";
import { silentLogger } from "../../src/log/logger.js";
import { startEmulator, type Emulator } from "../../src/sandbox/emulator/index.js";
import { checkCard } from "../../src/sandbox/emulator/messaging/card-validator.js";
import { encrypt, encryptedBody, messageEvent, signedHeaders, urlVerification } from "../ingress/feishu-sender.js";
import { sleep, waitFor } from "../helpers/sandbox.js";

const ADMIN = "ou_fuzz_admin";
const crashes: unknown[] = [];
const onCrash = (error: unknown) => crashes.push(error);

beforeAll(() => {
  process.on("uncaughtException", onCrash);
  process.on("unhandledRejection", onCrash);
});
afterAll(() => {
  process.off("uncaughtException", onCrash);
  process.off("unhandledRejection", onCrash);
  expect(crashes).toEqual([]);
});

function baseConfig(): Config {
  const loaded = loadConfig({ env: {}, path: new URL("../../app.yaml", import.meta.url).pathname });
  return {
    ...loaded,
    server: { ...loaded.server, port: 0, host: "127.0.0.1" },
    bot: { ...loaded.bot, admins: [ADMIN] },
    // Every fuzzed message must be answered: no per-person silence here (it has its own tests).
    access: { ...loaded.access, userCommandsPerMinute: 0 },
  };
}

/** Random text that looks like a command often enough to reach every command's argument parsing. */
function commandTexts(tenantDays: string[], meetingNos: string[], wellFormed: string[] = ["/help"]) {
  const words = listCommands().flatMap((command) => [...command.words.en, ...command.words.zh]);
  const commandWord = fc
    .tuple(fc.constantFrom(...words), fc.constantFrom("/", "", "／", " /"), fc.boolean())
    .map(([word, slash, upper]) => `${slash}${upper ? word.toUpperCase() : word}`);
  const hostile = fc.constantFrom(
    "<at id=all></at>",
    "[click](https://evil.example)",
    "**bold** `code` ~~x~~",
    "\u202e\u200b\ufeff",
    "😀".repeat(40),
    "x".repeat(2_000),
    "{{json-e}} ${x} $eval",
    '"}]},{"tag":"hr"',
    "\\n\n\r\t",
  );
  const arg = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom("7d", "30d", "90d", "91d", "0d", "-1d", "today", "yesterday", "今天", "昨天", "明天", "week", "month", "day", "run", "list") },
    { weight: 3, arbitrary: fc.constantFrom(...tenantDays) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...tenantDays), fc.constantFrom(...tenantDays)).map(([a, b]) => `${a}..${b}`) },
    { weight: 2, arbitrary: fc.constantFrom(...meetingNos, "123456789", "000000000", "12345678901234567890") },
    { weight: 2, arbitrary: fc.string({ maxLength: 30 }) },
    { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 30 }) },
    { weight: 1, arbitrary: hostile },
    { weight: 1, arbitrary: fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)) },
  );
  const commandLike = fc
    .tuple(commandWord, fc.array(arg, { maxLength: 4 }), fc.constantFrom(" ", "  ", "\u3000", "\t"))
    .map(([word, args, sep]) => [word, ...args].join(sep));
  return fc.oneof(
    { weight: 1, arbitrary: fc.constantFrom(...wellFormed) },
    { weight: 7, arbitrary: commandLike },
    { weight: 2, arbitrary: fc.string({ maxLength: 200 }) },
    { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 100 }) },
  );
}

describe("10,000 random command texts", () => {
  let emulator: Emulator;
  let config: Config;

  beforeAll(async () => {
    emulator = await startEmulator({ rateLimits: false });
    config = { ...baseConfig(), feishu: { ...baseConfig().feishu, appId: emulator.appId, appSecret: emulator.appSecret, domain: emulator.url } };
  });
  afterAll(async () => {
    await emulator.close();
  });

  it("answers every one with a valid card within the budget, and refuses admin-only ones to others without an API call", async () => {
    const logger = silentLogger();
    // A pinned clock: commands whose window ends "now" ask the same query each time, so repeats
    // come from the cache and the run stays fast (a live bot gets the same within a second).
    const now = Date.now();
    const gateway = createFeishuGateway(createLarkClient(config.feishu, logger), {
      appId: config.feishu.appId,
      logger,
      timezone: config.bot.timezone,
      now: () => now,
      // One try and no client-side limits: failures are answered as cards too, and fast.
      retry: { attempts: 1, baseDelayMs: 0, deadlineMs: 5_000, maxResetWaitMs: 0 },
      limits: false,
    });
    const answer = textPipeline({ gateway, config, now: () => now }, logger);
    const tenant = emulator.tenant;
    const days = tenant.dailyReports.map((d) => d.date).filter((_, i, all) => i % 9 === 0 || i >= all.length - 3);
    // Numbers with few meetings: /meeting paces its detail fetches (25 ms each) even from the cache,
    // and a busy number would spend most of the run waiting.
    const perNumber = new Map<string, number>();
    for (const m of tenant.meetings) perNumber.set(m.meetingNo, (perNumber.get(m.meetingNo) ?? 0) + 1);
    const meetingNos = [...perNumber].filter(([, count]) => count <= 3).map(([no]) => no).slice(0, 4);
    // And two meeting ids (19 digits), which open the detail card.
    const ended = tenant.meetings.filter((m) => m.endTime !== undefined && m.endTime * 1000 < Date.now() - 86_400_000);
    const ids = [ended[0]!.id, ended[ended.length - 1]!.id];
    const kinds = new Map<string, number>();
    let largest = { bytes: 0, elements: 0 };

    await fc.assert(
      fc.asyncProperty(
        commandTexts(days, meetingNos, [...ids.map((id) => `/meeting ${id}`), "/rooms yesterday", "/report 30d", "/pushstats week"]),
        fc.constantFrom(ADMIN, "ou_someone"),
        fc.constantFrom<CommandContext["chatType"]>("group", "p2p"),
        fc.constantFrom<"zh" | "en">("zh", "en"),
        async (text, sender, chatType, locale) => {
          const ctx: CommandContext = {
            chatId: "oc_fuzz",
            chatType,
            senderOpenId: sender,
            messageId: "om_fuzz",
            locale,
            deps: { gateway, config, now: () => now },
          };
          const before = emulator.calls().length;
          const view = viewOf(await answer(text, ctx), ctx.deps);
          if (!view) throw new Error(`no answer to ${JSON.stringify(text)}`);
          const card = renderView(view, locale);
          const size = checkCardBudget(card);
          if (size.bytes > largest.bytes) largest = size;
          const check = checkCard(card);
          expect(check.ok, JSON.stringify(check)).toBe(true);
          kinds.set(view.kind, (kinds.get(view.kind) ?? 0) + 1);
          if (view.kind === "refused") {
            expect(sender).not.toBe(ADMIN);
            expect(emulator.calls().length).toBe(before);
          }
        },
      ),
      { numRuns: 10_000 },
    );
    const apiCalls = emulator.calls().filter((c) => c.endpoint !== "tenant_token").length;
    console.info(`command fuzz: views ${JSON.stringify(Object.fromEntries(kinds))}, ${apiCalls} API calls, largest card ${largest.bytes} bytes / ${largest.elements} elements`);
    // The run reached the real commands, not just help and usage.
    for (const kind of ["help", "usage", "refused", "rooms", "report", "pushstats", "meeting-list", "meeting-detail"]) expect(kinds.get(kind) ?? 0, kind).toBeGreaterThan(0);
    expect(apiCalls).toBeGreaterThan(50);
    expect(largest.bytes).toBeLessThanOrEqual(MAX_CARD_BYTES);
  }, 60_000);
});

describe("2,000 random webhook requests", () => {
  let sandbox: RunningSandbox;
  let key: string;
  let token: string;

  beforeAll(async () => {
    sandbox = await startSandbox(baseConfig(), silentLogger(), { rateLimits: false }, { gateway: { limits: false } });
    key = sandbox.config.feishu.encryptKey!;
    token = sandbox.config.feishu.verificationToken!;
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it("never answers 5xx nor crashes, and answers each real message addressed to the bot with exactly one card", async () => {
    const printable = fc.string({ maxLength: 40 }).map((s) => s.replace(/[^\x20-\x7e]/g, ""));
    const headerName = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/);
    const text = fc.oneof(commandTexts(["2024-06-01"], ["123456789"]), fc.constantFrom("/help", "/rooms yesterday", "/report 7d"));
    /** A real chat message, as Feishu delivers it: the emulator encrypts, signs and records it. */
    const realMessage = fc.record({
      kind: fc.constant("message" as const),
      text,
      chatType: fc.constantFrom<"group" | "p2p">("group", "p2p"),
      mentionBot: fc.boolean(),
      admin: fc.boolean(),
    });
    const body = fc.oneof(
      fc.jsonValue({ maxDepth: 5 }).map((v) => JSON.stringify(v) ?? "null"),
      fc.string({ maxLength: 300 }),
      fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
      printable.map((s) => JSON.stringify({ encrypt: s })),
      fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify({ encrypt: encrypt(JSON.stringify(v) ?? "null", key) })),
      // Well-formed events the emulator never sent: mutated, with random text, or not for us.
      fc
        .tuple(text, fc.constantFrom("header", "event", "schema", "type", "none"), fc.jsonValue({ maxDepth: 3 }))
        .map(([t, field, value]) => {
          const event: Record<string, unknown> = messageEvent({ token, text: t });
          if (field !== "none") event[field] = value;
          return encryptedBody(event, key);
        }),
      fc.constant(null).map(() => encryptedBody(urlVerification(token), key)),
    );
    const forged = fc.record({
      kind: fc.constant("raw" as const),
      body,
      path: fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom("/webhook/event", "/webhook/card") },
        { weight: 1, arbitrary: fc.constantFrom("/webhook/../webhook/event", "/webhook/event?x=1", "/healthz", "/nope") },
      ),
      signing: fc.constantFrom("valid", "valid", "none", "junk", "stale", "wrong-key"),
      junk: fc.record({ timestamp: printable, nonce: printable, signature: printable }),
      contentType: fc.option(fc.constantFrom("application/json", "text/plain", "application/octet-stream", "application/json; charset=utf-99", "multipart/form-data; boundary=x")),
      extra: fc.dictionary(headerName, printable, { maxKeys: 4 }),
    });
    const request = fc.oneof({ weight: 1, arbitrary: realMessage }, { weight: 5, arbitrary: forged });

    const addressed: string[] = [];
    const unaddressed: string[] = [];
    const statuses = new Map<number, number>();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        n += 1;
        if (r.kind === "message") {
          const delivery = await sandbox.emulator.pushMessage({
            text: r.text,
            chatType: r.chatType,
            mentionBot: r.mentionBot,
            chatId: `oc_fuzz_${n}`,
            senderOpenId: r.admin ? ADMIN : `ou_fuzz_${n}`,
          });
          expect(delivery.status).toBe(200);
          (r.chatType === "p2p" || r.mentionBot ? addressed : unaddressed).push(delivery.messageId);
          statuses.set(delivery.status, (statuses.get(delivery.status) ?? 0) + 1);
          return;
        }
        const headers: Record<string, string> = { ...r.extra };
        const now = Math.floor(Date.now() / 1000);
        if (r.signing === "valid") Object.assign(headers, signedHeaders(r.body, key));
        if (r.signing === "stale") Object.assign(headers, signedHeaders(r.body, key, { timestampSeconds: now - 3_600 }));
        if (r.signing === "wrong-key") Object.assign(headers, signedHeaders(r.body, `${key}x`));
        if (r.signing === "junk") {
          headers["x-lark-request-timestamp"] = r.junk.timestamp;
          headers["x-lark-request-nonce"] = r.junk.nonce;
          headers["x-lark-signature"] = r.junk.signature;
        }
        if (r.contentType !== null) headers["content-type"] = r.contentType;
        const response = await fetch(sandbox.bot.url + r.path, { method: "POST", body: r.body, headers });
        const answer = await response.text();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        expect(response.status, answer).toBeLessThan(500);
        expect(answer).not.toMatch(/\n\s+at /);
        if (response.status !== 200) expect(response.status).toBeGreaterThanOrEqual(400);
        // Nothing but a correctly signed request gets past the door, save the URL challenge, which
        // Feishu sends unsigned (it must still decrypt under our key and carry our token).
        if (r.signing !== "valid" && response.status === 200) expect(Object.keys(JSON.parse(answer) as object)).toEqual(["challenge"]);
      }),
      { numRuns: 2_000 },
    );

    const replies = (id: string) => sandbox.emulator.sent().filter((s) => s.parentId === id);
    await waitFor(() => (addressed.every((id) => replies(id).length > 0) ? true : undefined), 20_000, "a reply to every addressed message");
    await sleep(300);
    console.info(`webhook fuzz: ${n} requests, statuses ${JSON.stringify(Object.fromEntries(statuses))}, ${addressed.length} addressed messages`);
    expect(addressed.length).toBeGreaterThan(50);
    for (const id of addressed) {
      const [reply, ...more] = replies(id);
      expect(more).toEqual([]);
      expect(reply!.msgType).toBe("interactive");
      checkCardBudget(reply!.card as Record<string, unknown>);
    }
    // In a group the bot hears only what mentions it.
    for (const id of unaddressed) expect(replies(id)).toEqual([]);
    expect((await fetch(`${sandbox.bot.url}/healthz`)).status).toBe(200);
    const probe = await sandbox.emulator.pushMessage({ text: "/help", chatType: "p2p", messageId: `om_${randomUUID()}` });
    expect(probe.status).toBe(200);
    await waitFor(() => (replies(probe.messageId).length === 1 ? true : undefined), 5_000, "a reply after the storm");
  }, 90_000);
});
