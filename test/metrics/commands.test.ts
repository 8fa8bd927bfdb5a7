/**
 * The pipeline's first step counts each command turn by name and outcome and times its answer from
 * the event's receipt; the inbox worker hands that receipt (the entry's addedAt) to the turn.
 */
import { describe, expect, it } from "vitest";
import { createInboxWorker, type InboxReceipt } from "../../src/app/inbox-worker.js";
import { createPipeline, type Responder, type Turn } from "../../src/app/pipeline/index.js";
import { ChatQueue } from "../../src/app/queue.js";
import { createUserRate } from "../../src/app/userRate.js";
import { createButtonSeal } from "../../src/cards/seal.js";
import type { CommandDeps } from "../../src/commands/types.js";
import { FeishuError } from "../../src/feishu/errors.js";
import type { FeishuGateway } from "../../src/feishu/gateway.js";
import { silentLogger } from "../../src/log/logger.js";
import type { CommandOutcome, ReplyKind } from "../../src/metrics/index.js";
import { MemoryStore } from "../../src/store/index.js";
import { testDeps } from "../helpers/context.js";
import { waitFor } from "../helpers/sandbox.js";

const BOT = { key: "@_user_1", openId: "ou_metrics_bot", name: "bot" };

/** Every Feishu call fails as Feishu refusing it would (a missing scope). */
const refusingGateway = new Proxy({} as FeishuGateway, {
  get: (_t, name) => () =>
    Promise.reject(new FeishuError({ code: 99991672, msg: "scope missing", endpoint: name === "getChat" ? "chat_get" : "reservation_list", httpStatus: 400 })),
});

function rig(deps: CommandDeps, opts: { perMinute?: number } = {}) {
  const commands: Array<{ command: string; outcome: CommandOutcome }> = [];
  const replies: Array<{ kind: ReplyKind; seconds: number }> = [];
  const pipeline = createPipeline({
    commandDeps: deps,
    identity: { get: () => Promise.resolve({ openId: BOT.openId, name: BOT.name }) },
    userRate: createUserRate({ perMinute: opts.perMinute ?? 0 }),
    queue: new ChatQueue({ concurrency: 4, maxPending: 1000 }),
    seal: createButtonSeal(deps.config.feishu),
    chatTypes: { of: () => Promise.resolve("group") },
    logger: silentLogger(),
    metrics: {
      commands: { completed: (command, outcome) => void commands.push({ command, outcome }) },
      replies: { answered: (kind, seconds) => void replies.push({ kind, seconds }) },
    },
  });

  /** A group message `text` (mentioning the bot unless told), received `waitedMs` before the pipeline runs it. */
  async function send(text: string, more: { mention?: boolean; sender?: string; waitedMs?: number; failReply?: boolean } = {}) {
    let answered = false;
    const settle = () => {
      answered = true;
      return more.failReply ? Promise.reject(new Error("reply refused")) : Promise.resolve();
    };
    const respond: Responder = {
      get answered() {
        return answered;
      },
      view: settle,
      update: settle,
      error: settle,
      refuse: settle,
      delayed: () => Promise.resolve(),
      working: () => Promise.resolve(),
    };
    const mention = more.mention ?? true;
    const turn: Turn = {
      source: {
        kind: "message",
        message: {
          eventId: "ev_1",
          messageId: "om_1",
          chatId: "oc_1",
          chatType: "group",
          messageType: "text",
          content: JSON.stringify({ text: mention ? `${BOT.key} ${text}` : text }),
          mentions: mention ? [BOT] : [],
          senderOpenId: more.sender ?? "ou_someone",
          senderType: "user",
          rootId: undefined,
          parentId: undefined,
        },
      },
      chatId: "oc_1",
      senderOpenId: more.sender ?? "ou_someone",
      messageId: "om_1",
      locale: "en",
      respond,
      chatType: "group",
      receivedAt: Date.now() - (more.waitedMs ?? 0),
    };
    await pipeline(turn).catch(() => undefined);
  }
  return { commands, replies, send };
}

describe("commands in the metrics", () => {
  it("counts an answered command as ok and times it from its receipt", async () => {
    const { commands, replies, send } = rig(testDeps());
    await send("/help", { waitedMs: 1500 });
    expect(commands).toEqual([{ command: "help", outcome: "ok" }]);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.kind).toBe("message");
    // From the receipt, not from when the pipeline began: at least the 1.5 s it waited.
    expect(replies[0]!.seconds).toBeGreaterThanOrEqual(1.5);
    expect(replies[0]!.seconds).toBeLessThan(60);
  });

  it("names the refusal, the usage mistake and the typed error", async () => {
    const { commands, send } = rig(testDeps({ gateway: refusingGateway }));
    await send("/report 7d");
    await send("/rooms tomorrow");
    await send("/rooms yesterday");
    expect(commands).toEqual([
      { command: "report", outcome: "admins_only" },
      { command: "rooms", outcome: "usage_error" },
      { command: "rooms", outcome: "feishu_api_error" },
    ]);
  });

  it("counts a bug as unexpected_error, and an answer that could not be sent as reply_failed", async () => {
    const broken = new Proxy({} as FeishuGateway, { get: () => () => Promise.reject(new Error("a bug")) });
    const { commands, send } = rig(testDeps({ gateway: broken }));
    await send("/rooms yesterday");
    await send("/help", { failReply: true });
    expect(commands).toEqual([
      { command: "rooms", outcome: "unexpected_error" },
      { command: "help", outcome: "reply_failed" },
    ]);
  });

  it("counts the rate notice as rate_limited, and chatter without a mention not at all", async () => {
    const { commands, replies, send } = rig(testDeps(), { perMinute: 1 });
    await send("/help");
    await send("/help");
    await send("hello all", { mention: false });
    expect(commands).toEqual([
      { command: "help", outcome: "ok" },
      { command: "unknown", outcome: "rate_limited" },
    ]);
    expect(replies).toHaveLength(2);
  });
});

describe("a message's receipt", () => {
  it("reaches the worker's run as the inbox entry's addedAt, on every attempt", async () => {
    let now = Date.parse("2026-01-01T00:00:00Z");
    const store = new MemoryStore({ now: () => now });
    const receipts: InboxReceipt[] = [];
    const worker = createInboxWorker({ inbox: store.inbox, run: async (_m, receipt) => void receipts.push(receipt), logger: silentLogger() });
    await store.inbox.add("msg:om_1", JSON.stringify({ messageId: "om_1" }), { dedupeTtlMs: 60_000 });
    now += 5_000;
    worker.start();
    await waitFor(() => (receipts.length > 0 ? true : undefined));
    worker.close();
    expect(receipts).toEqual([{ receivedAt: Date.parse("2026-01-01T00:00:00Z"), attempts: 1 }]);
  });
});
