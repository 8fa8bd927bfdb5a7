/**
 * A click's two-step answer shows progress too: patches of the clicked card by message id, only once
 * the callback's answer (the first card) is out, and none after the final card's update by token.
 */
import { describe, expect, it } from "vitest";
import { createClickAnswers } from "../../../src/app/respond/click.js";
import type { Turn } from "../../../src/app/pipeline/index.js";
import { createCardRenderer } from "../../../src/app/render.js";
import { createButtonSeal } from "../../../src/cards/seal.js";
import type { View } from "../../../src/commands/types.js";
import { loadConfig } from "../../../src/config/index.js";
import type { FeishuGateway } from "../../../src/feishu/gateway.js";
import type { CardAction } from "../../../src/ingress/types.js";
import { silentLogger } from "../../../src/log/logger.js";
import { waitFor } from "../../helpers/sandbox.js";

const config = loadConfig({ env: {}, path: new URL("../../../app.yaml", import.meta.url).pathname });
const title = (card: unknown) => (card as { header?: { title?: { content?: string } } }).header?.title?.content ?? "";
const view = (name: string): View => ({ kind: "error", title: name, message: "m" });
const ticks = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};

const action: CardAction = {
  eventId: "ev_1",
  operatorOpenId: "ou_clicker",
  token: "c-token",
  tag: "button",
  value: {},
  formValue: undefined,
  openMessageId: "om_card",
  openChatId: "oc_chat",
};

describe("click responder: progress", () => {
  it("patches the clicked card with progress after the callback's answer, and never after the final card", async () => {
    const calls: string[] = [];
    const gateway = {
      async updateCardByToken(_token: string, card: object) {
        calls.push(`token:${title(card)}`);
      },
      async patchCard(id: string, card: object) {
        calls.push(`patch:${id}:${title(card)}`);
      },
      async replyCard() {
        throw new Error("no reply expected");
      },
    } as unknown as FeishuGateway;
    const logger = silentLogger();
    const render = createCardRenderer(createButtonSeal(config.feishu), "zh", logger);
    const answerClick = createClickAnswers({ gateway, logger, locale: "zh", now: Date.now, render, inlineBudgetMs: 2_000, progressIntervalMs: 0 });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const turnFor = (respond: Turn["respond"]) =>
      ({ source: { kind: "click", action }, chatId: "oc_chat", senderOpenId: "ou_clicker", messageId: "om_card", locale: "zh", respond }) as Turn;
    const pipeline = async (turn: Turn) => {
      await turn.respond.view(view("first"), { finalFollows: true });
      turn.respond.progress?.(() => view("half"));
      await gate;
      turn.respond.progress?.(() => view("late"));
      await turn.respond.update(view("final"));
      turn.respond.progress?.(() => view("after"));
    };

    const result = await answerClick(action, turnFor, pipeline);
    expect(title(result.answer.card?.data)).toBe("first");
    await ticks(5);
    expect(calls, "no patch before the callback's answer is out").toEqual([]);

    const after = result.afterAnswer!();
    await waitFor(() => (calls.length > 0 ? true : undefined), 2_000, "the progress patch");
    release();
    await after;
    await ticks(5);
    expect(calls[0]).toBe("patch:om_card:half");
    expect(calls.at(-1)).toBe("token:final");
    expect(calls).not.toContain("patch:om_card:after");
  });
});
