/**
 * One message through the bot's real pipeline (mention → allow-list → rate → queue → parse →
 * authorise → run) with a responder that keeps the answer instead of sending it: for tests that
 * want the view a text gets, without HTTP in between.
 */
import { createPipeline, type Refusal, type Responder, type Turn } from "../../src/app/pipeline/index.js";
import { ChatQueue } from "../../src/app/queue.js";
import { createUserRate } from "../../src/app/userRate.js";
import { refusedChat, refusedCommand } from "../../src/commands/access.js";
import { createButtonSeal } from "../../src/cards/seal.js";
import type { CommandContext, View } from "../../src/commands/types.js";
import type { Logger } from "../../src/log/logger.js";

const BOT = { key: "@_user_1", openId: "ou_pipeline_bot", name: "bot" };

export type Answer = { kind: "view"; view: View } | { kind: "refused"; refusal: Refusal } | { kind: "silent" };

/** The pipeline for `deps`, and a function answering a typed text as `ctx` says (chat, type, sender, locale). */
export function textPipeline(deps: CommandContext["deps"], logger: Logger) {
  const pipeline = createPipeline({
    commandDeps: deps,
    identity: { get: () => Promise.resolve({ openId: BOT.openId, name: BOT.name }) },
    userRate: createUserRate({ perMinute: 0 }),
    queue: new ChatQueue({ concurrency: 4, maxPending: 1000 }),
    seal: createButtonSeal(deps.config.feishu),
    chatTypes: { of: () => Promise.resolve("group") },
    logger,
  });
  return async function answer(text: string, ctx: Pick<CommandContext, "chatId" | "chatType" | "senderOpenId" | "messageId" | "locale">): Promise<Answer> {
    let result: Answer = { kind: "silent" };
    let answered = false;
    const respond: Responder = {
      get answered() {
        return answered;
      },
      view(view) {
        answered = true;
        result = { kind: "view", view };
        return Promise.resolve();
      },
      // A two-step answer's final view: the answer as it ends up.
      update(view) {
        answered = true;
        result = { kind: "view", view };
        return Promise.resolve();
      },
      error(view) {
        answered = true;
        result = { kind: "view", view };
        return Promise.resolve();
      },
      refuse(refusal) {
        answered = true;
        result = { kind: "refused", refusal };
        return Promise.resolve();
      },
      delayed: () => Promise.resolve(),
      working: () => Promise.resolve(),
    };
    const group = ctx.chatType !== "p2p";
    const turn: Turn = {
      source: {
        kind: "message",
        message: {
          eventId: `ev_${ctx.messageId}`,
          messageId: ctx.messageId,
          chatId: ctx.chatId,
          chatType: ctx.chatType,
          messageType: "text",
          content: JSON.stringify({ text: group ? `${BOT.key} ${text}` : text }),
          mentions: group ? [BOT] : [],
          senderOpenId: ctx.senderOpenId,
          senderType: "user",
          rootId: undefined,
          parentId: undefined,
        },
      },
      chatId: ctx.chatId,
      senderOpenId: ctx.senderOpenId,
      messageId: ctx.messageId,
      locale: ctx.locale,
      respond,
      chatType: ctx.chatType === "p2p" ? "p2p" : "group",
    };
    await pipeline(turn);
    return result;
  };
}

/** The card a refusal shows for a message, or the view itself: what the asker sees. */
export function viewOf(answer: Answer, deps: CommandContext["deps"]): View | undefined {
  if (answer.kind === "view") return answer.view;
  if (answer.kind === "silent") return undefined;
  const { refusal } = answer;
  if (refusal.reason === "admins") return refusedCommand(deps.config, refusal.command, refusal.sub);
  if (refusal.reason === "chat") return refusedChat(deps.config, "");
  return { kind: "busy", reason: refusal.reason === "rate" ? "rate-limited" : "queue-full" };
}
