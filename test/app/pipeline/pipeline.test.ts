import { describe, expect, it } from "vitest";
import { parse } from "../../../src/app/pipeline/parse.js";
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
    refuse: async (refusal) => void answers.push(refusal),
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
    const lookups: string[] = [];
    const step = parse({
      commandDeps: deps,
      identity: { get: () => Promise.resolve({ openId: "ou_bot", name: "bot" }) },
      seal,
      chatTypes: { of: async (chatId) => (lookups.push(chatId), "p2p") },
      logger,
    });
    return { step, lookups };
  }

  const genuine = (plain: Record<string, unknown>) => seal.seal({ issued: Math.floor(NOW / 1000), cid: "oc_1", ...plain });

  it("asks Feishu for the chat type once the seal verifies, whatever the value says", async () => {
    const { step, lookups } = parser();
    const respond = recorder();
    const turn = clickTurn(genuine({ cmd: "rooms", args: { date: "2026-03-03" }, ct: "group" }), respond);
    let ran = false;
    await step(turn, async () => void (ran = true));
    expect(ran).toBe(true);
    expect(lookups).toEqual(["oc_1"]);
    expect(turn.chatType).toBe("p2p");
    expect(turn.request).toMatchObject({ args: { date: "2026-03-03" } });
    expect(respond.answers).toEqual([]);
  });

  it.each([
    ["unsealed", { cmd: "rooms", args: { date: "2026-03-03" } }, "forged"],
    ["for another chat", genuine({ cmd: "rooms", args: { date: "2026-03-03" }, cid: "oc_2" }), "other-chat"],
    ["past 14 days", genuine({ cmd: "rooms", args: { date: "2026-03-03" }, issued: Math.floor(NOW / 1000) - 15 * 86_400 }), "expired"],
    ["naming no command", genuine({ cmd: "nope", args: {} }), "stale"],
    ["with args its schema refuses", genuine({ cmd: "rooms", args: { date: "2026-03-03", filter: "x".repeat(41) } }), "stale"],
    ["with args as the old string list", genuine({ cmd: "rooms", args: ["2026-03-03"] }), "stale"],
    ["with a cursor its schema refuses", genuine({ cmd: "rooms", args: { date: "2026-03-03" }, cursor: { back: [], page: 0 } }), "stale"],
  ])("refuses a value %s before any lookup", async (_name, value, reason) => {
    const { step, lookups } = parser();
    const respond = recorder();
    let ran = false;
    await step(clickTurn(value as Record<string, unknown>, respond), async () => void (ran = true));
    expect(ran).toBe(false);
    expect(lookups).toEqual([]);
    expect(respond.answers).toEqual([{ reason }]);
  });
});
