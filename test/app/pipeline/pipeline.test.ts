import { describe, expect, it } from "vitest";
import { createPipeline } from "../../../src/app/pipeline/index.js";
import { parse } from "../../../src/app/pipeline/parse.js";
import { ChatQueue } from "../../../src/app/queue.js";
import { createUserRate } from "../../../src/app/userRate.js";
import { compose, type Middleware, type Refusal, type Responder, type Turn } from "../../../src/app/pipeline/turn.js";
import { createButtonSeal } from "../../../src/cards/seal.js";
import type { View } from "../../../src/commands/types.js";
import { silentLogger } from "../../../src/log/logger.js";
import { testDeps } from "../../helpers/context.js";
import { textPipeline } from "../../helpers/pipeline.js";

const logger = silentLogger();
const NOW = Date.parse("2026-03-04T07:30:00Z");

function recorder(): Responder & { answers: Array<View | Refusal> } {
  const answers: Array<View | Refusal> = [];
  return {
    answers,
    get answered() {
      return answers.length > 0;
    },
    view: async (view) => void answers.push(view),
    update: async (view) => void answers.push(view),
    error: async (view) => void answers.push(view),
    refuse: async (refusal) => void answers.push(refusal),
    delayed: async () => undefined,
    working: async () => undefined,
  };
}

describe("compose", () => {
  it("runs the steps in order, and a step that does not call next ends the turn", async () => {
    const seen: string[] = [];
    const step = (name: string, goOn = true): Middleware => async (_turn, next) => {
      seen.push(name);
      if (goOn) await next();
      seen.push(`/${name}`);
    };
    await compose([step("a"), step("b", false), step("c")])({} as Turn);
    expect(seen).toEqual(["a", "b", "/b", "/a"]);
  });
});

describe("messages through the pipeline", () => {
  const deps = testDeps({ now: () => NOW }); // noGateway: any Feishu call fails the test
  const answer = textPipeline(deps, logger);
  const asker = { chatId: "oc_1", chatType: "group" as const, senderOpenId: "ou_someone", messageId: "om_1", locale: "en" as const };

  it("refuses an admin-only command before it runs: no Feishu call", async () => {
    expect(await answer("/report 7d", asker)).toEqual({ kind: "refused", refusal: { reason: "admins", command: "report" } });
  });

  it("turns a usage mistake into the command's usage card, at one place", async () => {
    const result = await answer("/rooms tomorrow", asker);
    expect(result).toMatchObject({ kind: "view", view: { kind: "usage", command: "rooms", usage: expect.stringContaining("/rooms") } });
  });

  it("answers an empty message with help, and an unknown word with help and a note", async () => {
    expect(await answer("", asker)).toMatchObject({ kind: "view", view: { kind: "help" } });
    expect(await answer("/frobnicate", asker)).toMatchObject({ kind: "view", view: { kind: "help", note: { unknownText: "/frobnicate" } } });
  });

  it("answers a mistyped command word with the usage card of the command meant, among those the asker may run", async () => {
    expect(await answer("/room yesterday", asker)).toMatchObject({
      kind: "view",
      view: { kind: "usage", command: "rooms", problem: "There is no /room command; did you mean /rooms?" },
    });
    // /report is for admins here: its typo gets the help an unknown word gets, not its usage.
    expect(await answer("/reprot 7d", asker)).toMatchObject({ kind: "view", view: { kind: "help", note: { unknownText: "/reprot 7d" } } });
  });
});

describe("a click's parse step", () => {
  const deps = testDeps({ now: () => NOW });
  const seal = createButtonSeal(deps.config.feishu);

  function clickTurn(value: Record<string, unknown>, respond: Responder): Turn {
    return {
      source: {
        kind: "click",
        action: { eventId: "ev", operatorOpenId: "ou_a", token: "t", tag: "button", value, formValue: undefined, openMessageId: "om_card", openChatId: "oc_1" },
      },
      chatId: "oc_1",
      senderOpenId: "ou_a",
      messageId: "om_card",
      locale: "en",
      respond,
    };
  }

  function parser() {
    const step = parse({ commandDeps: deps, seal, logger });
    return { step };
  }

  const genuine = (plain: Record<string, unknown>) => seal.seal({ issued: Math.floor(NOW / 1000), cid: "oc_1", ...plain });

  it("reads a genuine value's command and arguments, and nothing of a chat type it claims", async () => {
    const { step } = parser();
    const respond = recorder();
    const turn = clickTurn(genuine({ cmd: "rooms", args: { date: "2026-03-03" }, ct: "p2p" }), respond);
    let ran = false;
    await step(turn, async () => void (ran = true));
    expect(ran).toBe(true);
    expect(turn.chatType).toBeUndefined();
    expect(turn.request).toMatchObject({ args: { date: "2026-03-03" } });
    expect(respond.answers).toEqual([]);
  });

  it("reads where the answer goes from the seal: a thread when the button says so (or said so as asNewMessage), else in place", async () => {
    const { step } = parser();
    const opened = async (plain: Record<string, unknown>) => {
      const turn = clickTurn(genuine({ cmd: "meeting", args: { kind: "detail", meetingId: "7300000000000000001" }, ...plain }), recorder());
      await step(turn, async () => undefined);
      return turn.request?.opens;
    };
    expect(await opened({ opens: "thread" })).toBe("thread");
    expect(await opened({ asNewMessage: true })).toBe("thread");
    expect(await opened({})).toBeUndefined();
    expect(await opened({ opens: "elsewhere" })).toBeUndefined();
  });

  it.each([
    ["unsealed", { cmd: "rooms", args: { date: "2026-03-03" } }, "forged"],
    ["for another chat", genuine({ cmd: "rooms", args: { date: "2026-03-03" }, cid: "oc_2" }), "other-chat"],
    ["past 14 days", genuine({ cmd: "rooms", args: { date: "2026-03-03" }, issued: Math.floor(NOW / 1000) - 15 * 86_400 }), "expired"],
    ["naming no command", genuine({ cmd: "nope", args: {} }), "stale"],
    ["with args its schema refuses", genuine({ cmd: "rooms", args: { date: "2026-03-03", filter: "x".repeat(41) } }), "stale"],
    ["with args as the old string list", genuine({ cmd: "rooms", args: ["2026-03-03"] }), "stale"],
    ["with a cursor its schema refuses", genuine({ cmd: "rooms", args: { date: "2026-03-03" }, cursor: { back: [], page: 0 } }), "stale"],
  ])("refuses a value %s, and the turn goes no further", async (_name, value, reason) => {
    const { step } = parser();
    const respond = recorder();
    let ran = false;
    await step(clickTurn(value as Record<string, unknown>, respond), async () => void (ran = true));
    expect(ran).toBe(false);
    expect(respond.answers).toEqual([{ reason }]);
  });
});

describe("the order of the steps for a click", () => {
  it("asks Feishu for the chat type only for an authorised click whose answer depends on it", async () => {
    const base = testDeps({ now: () => NOW });
    const config = { ...base.config, bot: { ...base.config.bot, admins: ["ou_admin"] } };
    const deps = { ...base, config };
    const seal = createButtonSeal(config.feishu);
    const lookups: string[] = [];
    const pipeline = createPipeline({
      commandDeps: deps,
      identity: { get: () => Promise.resolve({ openId: "ou_bot", name: "bot" }) },
      userRate: createUserRate({ perMinute: 0 }),
      queue: new ChatQueue({ concurrency: 1, maxPending: 10 }),
      seal,
      chatTypes: { of: async (chatId) => (lookups.push(chatId), "p2p") },
      logger,
    });
    const value = seal.seal({ cmd: "help", args: {}, cid: "oc_1", issued: Math.floor(NOW / 1000) });
    const turnFor = (operator: string, v: Record<string, unknown>, respond: Responder): Turn => ({
      source: { kind: "click", action: { eventId: "ev", operatorOpenId: operator, token: "t", tag: "button", value: v, formValue: undefined, openMessageId: "om_card", openChatId: "oc_1" } },
      chatId: "oc_1",
      senderOpenId: operator,
      messageId: "om_card",
      locale: "en",
      respond,
    });
    const help = recorder();
    await pipeline(turnFor("ou_someone", value, help));
    expect(help.answers).toMatchObject([{ kind: "help" }]);
    expect(lookups).toEqual([]);

    const detail = seal.seal({ cmd: "meeting", args: { kind: "detail", meetingId: "7300000000000000001" }, cid: "oc_1", issued: Math.floor(NOW / 1000) });
    const meeting = recorder();
    const turn = turnFor("ou_someone", detail, meeting);
    await pipeline(turn);
    expect(lookups).toEqual(["oc_1"]);
    expect(await turn.chatTypeLookup).toBe("p2p");
    // noGateway: the meeting lookup fails, and the failure is the click's error (a toast), not a new card.
    expect(meeting.answers).toMatchObject([{ kind: "error" }]);

    const report = seal.seal({ cmd: "report", args: {}, cid: "oc_1", issued: Math.floor(NOW / 1000) });
    const refused = recorder();
    await pipeline(turnFor("ou_someone", report, refused));
    expect(refused.answers).toEqual([{ reason: "admins", command: "report" }]);
    const forged = recorder();
    await pipeline(turnFor("ou_someone", { cmd: "help", args: {} }, forged));
    expect(forged.answers).toEqual([{ reason: "forged" }]);
    expect(lookups).toEqual(["oc_1"]);
  });
});

describe("a digest's sealed button", () => {
  const base = testDeps({ now: () => NOW });
  const morning = {
    name: "morning",
    chats: ["oc_1"],
    cron: "0 9 * * *",
    timezone: "Asia/Shanghai",
    locale: "zh" as const,
    sections: [{ kind: "report" as const }, { kind: "rooms" as const }],
    catchUpMinutes: 360,
  };
  const config = { ...base.config, bot: { ...base.config.bot, admins: ["ou_admin"] }, digests: [morning] };
  const deps = { ...base, config };
  const seal = createButtonSeal(config.feishu);
  const pipeline = createPipeline({
    commandDeps: deps,
    identity: { get: () => Promise.resolve({ openId: "ou_bot", name: "bot" }) },
    userRate: createUserRate({ perMinute: 0 }),
    queue: new ChatQueue({ concurrency: 1, maxPending: 10 }),
    seal,
    chatTypes: { of: async () => "group" },
    logger,
  });
  const issued = Math.floor(NOW / 1000);
  const report = { cmd: "report", args: { range: { from: "2026-02-24", to: "2026-03-02" } } };
  const click = async (value: Record<string, unknown>, chatId = "oc_1", operator = "ou_member") => {
    const respond = recorder();
    const turn: Turn = {
      source: { kind: "click", action: { eventId: "ev", operatorOpenId: operator, token: "t", tag: "button", value, formValue: undefined, openMessageId: "om_digest", openChatId: chatId } },
      chatId,
      senderOpenId: operator,
      messageId: "om_digest",
      locale: "zh",
      respond,
    };
    await pipeline(turn);
    return { answers: respond.answers, request: turn.request };
  };

  it("runs an admin-only section's command for anyone in the digest's chat, answered in the thread", async () => {
    const { answers, request } = await click(seal.seal({ ...report, opens: "thread", digest: "morning", cid: "oc_1", issued }));
    expect(request).toMatchObject({ opens: "thread", fromDigest: "morning" });
    // noGateway: the report ran and its query failed; what matters is that it was not refused.
    expect(answers).toMatchObject([{ kind: "error" }]);
  });

  it("is refused as before without the digest's name, in a chat the digest does not go to, or for a command it has no section of", async () => {
    expect((await click(seal.seal({ ...report, opens: "thread", cid: "oc_1", issued }))).answers).toEqual([{ reason: "admins", command: "report" }]);
    // A preview posted into a chat that does not receive the digest: its seal names that chat.
    expect((await click(seal.seal({ ...report, digest: "morning", cid: "oc_2", issued }), "oc_2")).answers).toEqual([{ reason: "admins", command: "report" }]);
    expect((await click(seal.seal({ ...report, digest: "evening", cid: "oc_1", issued }))).answers).toEqual([{ reason: "admins", command: "report" }]);
    const push = { cmd: "pushstats", args: { cycle: "day", date: "2026-03-01" }, digest: "morning", cid: "oc_1", issued };
    expect((await click(seal.seal(push))).answers).toEqual([{ reason: "admins", command: "pushstats" }]);
  });

  it("grants nothing when copied to another chat, nor when the name is put beside the seal or into it by hand", async () => {
    const genuine = seal.seal({ ...report, digest: "morning", cid: "oc_1", issued });
    expect((await click(genuine, "oc_2")).answers).toEqual([{ reason: "other-chat" }]);
    const adminsOwn = seal.seal({ ...report, cid: "oc_1", issued });
    expect((await click({ ...adminsOwn, digest: "morning" })).answers).toEqual([{ reason: "forged" }]);
    const [payload, mac] = (adminsOwn.s as string).split(".");
    const altered = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, "base64url").toString()), digest: "morning" })).toString("base64url");
    expect((await click({ s: `${altered}.${mac}` })).answers).toEqual([{ reason: "forged" }]);
  });

  it("names the sub-command refused: a non-admin's /digest run", async () => {
    const answer = textPipeline(deps, logger);
    const asker = { chatId: "oc_1", chatType: "group" as const, senderOpenId: "ou_member", messageId: "om_run", locale: "zh" as const };
    expect(await answer("/digest run morning", asker)).toEqual({ kind: "refused", refusal: { reason: "admins", command: "digest", sub: "run" } });
    expect(await answer("/digest", { ...asker, messageId: "om_list" })).toMatchObject({ kind: "view", view: { kind: "digest-list" } });
  });
});
