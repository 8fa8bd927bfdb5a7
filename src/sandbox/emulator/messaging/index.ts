/**
 * The emulator's messaging half: sending, replying, patching and delayed card updates, the
 * record of everything the bot sent, and how answers to card callbacks change a card.
 */
import type { EmulatorContext } from "../context.js";
import { CallbackClientError, judgeCallbackAnswer } from "./callback-answer.js";
import { schemaOf } from "./card-validator.js";
import { createControlRouter } from "./control.js";
import { createFileStore, fileUploadRoute, FILE_MAX_BYTES } from "./files.js";
import { multipartBodies } from "./multipart.js";
import { createMessageBook } from "./message-book.js";
import { createRoute, replyRoute } from "./send-routes.js";
import type { MessagingState } from "./state.js";
import { newMessageId } from "./ids.js";
import type { CallbackOutcome, CallbackRecord, ChatMessage, ClickInput, Messaging, SentMessage } from "./types.js";
import { UPDATE_WINDOW_MS, cardUpdateRoute, patchRoute } from "./update-routes.js";
import { createUpdateTokens } from "./update-tokens.js";

export type {
  CallbackAnswerInput,
  CallbackOutcome,
  CallbackRecord,
  ChatMessage,
  ChatRecord,
  ClickInput,
  Messaging,
  SentKind,
  SentMessage,
  Toast,
} from "./types.js";
export { SANDBOX_CHATS } from "./message-book.js";
export type { UploadedFile, WorkbookContent } from "./files.js";
export { SANDBOX_TENANT_KEY } from "./state.js";

const DAY_MS = 24 * 60 * 60 * 1000;
/**
 * How long a sent card can be clicked (card-v2-release-notes.md, card-callback-handling.md):
 * 14 days for JSON 2.0, 30 for 1.0. A template card's schema is invisible to the emulator, so it
 * gets the stricter 2.0 window.
 */
export const INTERACTION_WINDOW_MS = { v2: 14 * DAY_MS, v1: 30 * DAY_MS } as const;

export function interactionWindowMs(card: unknown): number {
  return schemaOf(card) === "1.0" ? INTERACTION_WINDOW_MS.v1 : INTERACTION_WINDOW_MS.v2;
}

export function createMessaging(ctx: EmulatorContext): Messaging {
  const sent: SentMessage[] = [];
  /** How many times reset() has emptied the log: a reader of /sent tells a reset log by it. */
  let generation = 0;
  const callbacks: CallbackRecord[] = [];
  const state: MessagingState = {
    ctx,
    book: createMessageBook(),
    tokens: createUpdateTokens(),
    files: createFileStore(),
    record: (entry) => {
      sent.push({ ...entry, at: ctx.now() });
    },
  };
  ctx.route(fileUploadRoute(state));
  ctx.route(replyRoute(state));
  ctx.route(createRoute(state));
  ctx.route(patchRoute(state));
  ctx.route(cardUpdateRoute(state));

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
    recordCallback(input, outcome, now);
    return outcome;
  };

  function recordCallback(input: ClickInput, outcome: CallbackOutcome, at: number, delivered?: false): void {
    callbacks.push({
      token: input.token,
      messageId: input.messageId,
      ...(input.operatorOpenId ? { operatorOpenId: input.operatorOpenId } : {}),
      outcome,
      at,
      ...(delivered === false ? { delivered } : {}),
    });
  }

  const refuseExpiredClick: Messaging["refuseExpiredClick"] = (input) => {
    const now = ctx.now();
    const clicked = state.book.get(input.messageId);
    if (!clicked || clicked.msgType !== "interactive") return undefined;
    const windowMs = interactionWindowMs(clicked.card);
    if (now - clicked.createTime <= windowMs) return undefined;
    const days = windowMs / DAY_MS;
    const outcome: CallbackOutcome = {
      ok: false,
      code: CallbackClientError.expired,
      msg: `the card was sent more than ${days} days ago and can no longer be interacted with; the click was not delivered`,
    };
    recordCallback(input, outcome, now, false);
    return outcome;
  };

  const messaging: Messaging = {
    sent: () => sent.map((entry) => ({ ...entry })),
    messages: (chatId) => state.book.list(chatId).map((m) => ({ ...m })),
    registerIncoming: (m) => {
      if (m.chatType) state.book.addChat(m.chatId, m.chatType);
      state.book.add({ ...m });
    },
    forward: (messageId, chatId) => {
      const original = state.book.get(messageId);
      if (!original) throw new Error(`no message ${messageId} to forward`);
      const { parentId: _parent, rootId: _root, threadId: _thread, chatType: _type, ...rest } = original;
      const copy: ChatMessage = { ...rest, messageId: newMessageId(), chatId, createTime: ctx.now(), updateTime: ctx.now() };
      const type = state.book.chatType(chatId);
      if (type) copy.chatType = type;
      state.book.add(copy);
      return { ...copy };
    },
    message: (messageId) => {
      const found = state.book.get(messageId);
      return found ? { ...found } : undefined;
    },
    chatType: (chatId) => state.book.chatType(chatId),
    chat: (chatId) => {
      const type = state.book.chatType(chatId);
      if (!type) return undefined;
      const people = new Set(state.book.list(chatId).flatMap((m) => (m.sender.type === "user" ? [m.sender.id] : [])));
      return { chatId, type, botIsMember: state.book.botIsMember(chatId), userCount: type === "p2p" ? 1 : people.size };
    },
    removeBot: (chatId) => state.book.removeBot(chatId),
    answerCallback,
    refuseExpiredClick,
    callbacks: () => [...callbacks],
    files: () => state.files.list().map((file) => ({ ...file })),
    file: (fileKey) => {
      const found = state.files.get(fileKey);
      return found ? { ...found } : undefined;
    },
    // Past Feishu's bound, so an oversized file reaches the route and gets its 234006.
    bodyParsers: multipartBodies(FILE_MAX_BYTES + 1024 * 1024),
    reset: () => {
      generation++;
      sent.length = 0;
      callbacks.length = 0;
      state.book.reset();
      state.tokens.reset();
      state.files.reset();
    },
    control: createControlRouter({
      sent: () => messaging.sent(),
      generation: () => generation,
      messages: (chatId) => messaging.messages(chatId),
      callbacks: () => messaging.callbacks(),
      file: (fileKey) => messaging.file(fileKey),
    }),
  };
  return messaging;
}
