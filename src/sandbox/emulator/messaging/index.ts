/**
 * The emulator's messaging half: sending, replying, patching and delayed card updates, the
 * record of everything the bot sent, and how answers to card callbacks change a card.
 */
import type { EmulatorContext } from "../context.js";
import { judgeCallbackAnswer } from "./callback-answer.js";
import { createControlRouter } from "./control.js";
import { createMessageBook } from "./message-book.js";
import { createRoute, replyRoute } from "./send-routes.js";
import type { MessagingState } from "./state.js";
import type { CallbackOutcome, CallbackRecord, Messaging, SentMessage } from "./types.js";
import { UPDATE_WINDOW_MS, cardUpdateRoute, patchRoute } from "./update-routes.js";
import { createUpdateTokens } from "./update-tokens.js";

export type {
  CallbackAnswerInput,
  CallbackOutcome,
  CallbackRecord,
  ChatMessage,
  Messaging,
  SentKind,
  SentMessage,
  Toast,
} from "./types.js";
export { SANDBOX_CHATS } from "./message-book.js";
export { SANDBOX_TENANT_KEY } from "./state.js";

export function createMessaging(ctx: EmulatorContext): Messaging {
  const sent: SentMessage[] = [];
  const callbacks: CallbackRecord[] = [];
  const state: MessagingState = {
    ctx,
    book: createMessageBook(),
    tokens: createUpdateTokens(),
    record: (entry) => {
      sent.push({ ...entry, at: ctx.now() });
    },
  };
  for (const route of [replyRoute(state), createRoute(state), patchRoute(state), cardUpdateRoute(state)]) {
    ctx.route(route);
  }

  const answerCallback: Messaging["answerCallback"] = (input) => {
    const now = ctx.now();
    const clicked = state.book.get(input.messageId);
    let outcome: CallbackOutcome;
    if (!clicked || clicked.msgType !== "interactive") {
      outcome = { ok: false, code: 200673, msg: `no card message ${input.messageId}` };
    } else {
      const judged = judgeCallbackAnswer(input, clicked);
      outcome = judged.outcome;
      if (outcome.ok) {
        state.tokens.arm(input.token, clicked.messageId, now);
        // Past the update window a card can still be clicked, but an answer no longer changes it.
        if (judged.card && now - clicked.createTime <= UPDATE_WINDOW_MS) {
          const content = JSON.stringify(judged.card.card);
          clicked.card = judged.card.card;
          clicked.content = content;
          clicked.updateTime = now;
          state.record({
            kind: "callback_card",
            messageId: clicked.messageId,
            chatId: clicked.chatId,
            msgType: "interactive",
            content,
            card: judged.card.card,
          });
        } else if (judged.card) {
          outcome = { ...outcome, cardReplaced: false };
        }
      }
    }
    callbacks.push({
      token: input.token,
      messageId: input.messageId,
      ...(input.operatorOpenId ? { operatorOpenId: input.operatorOpenId } : {}),
      outcome,
      at: now,
    });
    return outcome;
  };

  const messaging: Messaging = {
    sent: () => sent.map((entry) => ({ ...entry })),
    messages: (chatId) => state.book.list(chatId).map((m) => ({ ...m })),
    registerIncoming: (m) => {
      if (m.chatType) state.book.addChat(m.chatId, m.chatType);
      state.book.add({ ...m });
    },
    message: (messageId) => {
      const found = state.book.get(messageId);
      return found ? { ...found } : undefined;
    },
    chatType: (chatId) => state.book.chatType(chatId),
    answerCallback,
    callbacks: () => [...callbacks],
    reset: () => {
      sent.length = 0;
      callbacks.length = 0;
      state.book.reset();
      state.tokens.reset();
    },
    control: createControlRouter({
      sent: () => messaging.sent(),
      messages: (chatId) => messaging.messages(chatId),
      callbacks: () => messaging.callbacks(),
    }),
  };
  return messaging;
}
