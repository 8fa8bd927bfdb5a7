/**
 * The message responder's stand-in card: a fast answer is one reply; a slow one is a "working on it"
 * reply then replaced in place by the answer (or error card); a resumed run finds the stand-in an
 * earlier run posted, through the store, and patches it rather than replying a second time.
 */
import { describe, expect, it } from "vitest";
import { createMessageResponders, standInKey } from "../../../src/app/respond/message.js";
import { createCardRenderer } from "../../../src/app/render.js";
import { createButtonSeal } from "../../../src/cards/seal.js";
import { loadConfig } from "../../../src/config/index.js";
import type { FeishuGateway } from "../../../src/feishu/gateway.js";
import type { IncomingMessage } from "../../../src/ingress/types.js";
import { silentLogger } from "../../../src/log/logger.js";
import { MemoryStore } from "../../../src/store/index.js";

const config = loadConfig({ env: {}, path: new URL("../../../app.yaml", import.meta.url).pathname });
const title = (card: unknown) => (card as { header?: { title?: { content?: string } } }).header?.title?.content ?? "";

const message: IncomingMessage = {
  eventId: "ev_1",
  messageId: "om_asked",
  chatId: "oc_chat",
  chatType: "p2p",
  messageType: "text",
  content: JSON.stringify({ text: "/help" }),
  mentions: [],
  senderOpenId: "ou_asker",
  senderType: "user",
  rootId: undefined,
  parentId: undefined,
};

type Call = { kind: "reply"; to: string; uuid: string; title: string } | { kind: "patch"; id: string; title: string };

function setup(opts: { replyDelayMs?: number; failPatch?: boolean } = {}) {
  const calls: Call[] = [];
  let n = 0;
  const gateway = {
    async replyCard(to: string, card: object, uuid: string) {
      if (opts.replyDelayMs) await new Promise((r) => setTimeout(r, opts.replyDelayMs));
      calls.push({ kind: "reply", to, uuid, title: title(card) });
      n += 1;
      return { messageId: `om_bot_${n}`, chatId: message.chatId };
    },
    async patchCard(id: string, card: object) {
      if (opts.failPatch) throw new Error("patch refused");
      calls.push({ kind: "patch", id, title: title(card) });
    },
  } as unknown as FeishuGateway;
  const store = new MemoryStore();
  const logger = silentLogger();
  const render = createCardRenderer(createButtonSeal(config.feishu), "zh", logger);
  const responders = createMessageResponders({ config, gateway, store, logger, now: Date.now, render });
  return { calls, store, responders };
}

const answer = { kind: "error", title: "答案", message: "m" } as const;

describe("message responder: the stand-in card", () => {
  it("a fast answer is one reply, nothing patched", async () => {
    const { calls, responders } = setup();
    await responders(message).view(answer);
    expect(calls).toEqual([expect.objectContaining({ kind: "reply", to: "om_asked", title: "答案" })]);
  });

  it("a slow one: the working card as the reply, then the answer patched into it", async () => {
    const { calls, store, responders } = setup();
    const respond = responders(message);
    await respond.working();
    await respond.view(answer);
    expect(calls).toEqual([
      expect.objectContaining({ kind: "reply", to: "om_asked", title: "正在查询" }),
      { kind: "patch", id: "om_bot_1", title: "答案" },
    ]);
    expect(await store.get(standInKey("om_asked"))).toBe("om_bot_1");
  });

  it("the answer waits for a working card still on its way, and replaces it", async () => {
    const { calls, responders } = setup({ replyDelayMs: 50 });
    const respond = responders(message);
    void respond.working();
    await respond.error(answer);
    expect(calls.map((c) => c.kind)).toEqual(["reply", "patch"]);
  });

  it("the working card and the will-follow card are one stand-in: the second is not posted", async () => {
    const { calls, responders } = setup();
    const respond = responders(message);
    await respond.delayed();
    await respond.working();
    await respond.view(answer);
    expect(calls.map((c) => [c.kind, c.title])).toEqual([["reply", "我有点忙"], ["patch", "答案"]]);
  });

  it("a resumed run patches the stand-in an earlier run posted, and never replies again", async () => {
    const { calls, responders } = setup();
    await responders(message).working(); // the first run posts it, then dies
    const resumed = responders(message);
    await resumed.working(); // found in the store: not posted again
    await resumed.view(answer);
    expect(calls.map((c) => c.kind)).toEqual(["reply", "patch"]);
    // Even a resumed run that is fast patches it.
    await responders(message).view(answer);
    expect(calls.map((c) => c.kind)).toEqual(["reply", "patch", "patch"]);
  });

  it("no working card once answered", async () => {
    const { calls, responders } = setup();
    const respond = responders(message);
    await respond.view(answer);
    await respond.working();
    expect(calls.map((c) => c.kind)).toEqual(["reply"]);
  });

  it("a refused patch falls back to replying with the answer", async () => {
    const { calls, responders } = setup({ failPatch: true });
    const respond = responders(message);
    await respond.working();
    await respond.view(answer);
    expect(calls.map((c) => [c.kind, c.title])).toEqual([["reply", "正在查询"], ["reply", "答案"]]);
  });
});
