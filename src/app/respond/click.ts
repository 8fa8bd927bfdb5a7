/**
 * How a click's turn is answered: inline, within Feishu's 3 s, with the replacement card or a toast.
 * Refusals and failures are toasts, so one person's click never wipes a card everyone in the chat
 * sees; a button that opens in the thread (a drill-down, any digest button: commands/actions.ts
 * `Opens`) answers with a reply to the card in its thread instead, the card kept; an Export button
 * (`opens: "file"`) with a toast once its job is recorded, the file following in the thread. Past
 * the inline budget the click gets a "loading" toast at once and the card is updated by token once
 * the answer is in; that update must come after the callback's answer (card-delayed-update.md), so
 * ingress starts it then. A two-step answer's progress views (progress.ts) patch the clicked card
 * (or the thread reply) by message id once the callback's answer is out, so none lands before the
 * first card and, being closed before the final one, none after it.
 */
import { at } from "../../cards/views/access.i18n.js";
import { exportingToast } from "../../cards/views/export.i18n.js";
import type { ErrorView, Locale, View } from "../../commands/types.js";
import type { UsageView } from "../../commands/usage.js";
import type { FeishuGateway } from "../../feishu/gateway.js";
import { uuidFor } from "../../feishu/uuid.js";
import type { CardAction, CardActionAnswer, CardActionResult } from "../../ingress/types.js";
import type { Logger } from "../../log/logger.js";
import type { Refusal, Responder, Turn } from "../pipeline/index.js";
import type { CardRenderer } from "../render.js";
import { createProgressPatches, type ProgressPatches } from "./progress.js";

/** Feishu shows a toast on one or two lines: a failure's words are cut to fit. */
const TOAST_MAX_CHARS = 120;

export interface ClickAnswerDeps {
  gateway: Pick<FeishuGateway, "updateCardByToken" | "replyCard" | "patchCard">;
  /** Progress patches at most this often (progress.ts's interval when absent). */
  progressIntervalMs?: number;
  logger: Logger;
  locale: Locale;
  now: () => number;
  render: CardRenderer;
  /** How long a click may take to answer inline before the loading toast goes out. */
  inlineBudgetMs: number;
}

type Toast = NonNullable<CardActionAnswer["toast"]>;

/** Answers `action` by running its turn (made by `turnFor` around the click's responder) through `pipeline`. */
export function createClickAnswers(deps: ClickAnswerDeps) {
  const { locale } = deps;

  function toastFor(refusal: Refusal): Toast {
    switch (refusal.reason) {
      case "chat":
        return { type: "warning", content: at(locale, "toastChat") };
      case "admins":
        return { type: "error", content: at(locale, "toastRefused", { command: `/${refusal.command}${refusal.sub !== undefined ? ` ${refusal.sub}` : ""}` }) };
      case "rate":
        return { type: "warning", content: at(locale, "toastRate", { seconds: refusal.retryAfterSeconds }) };
      case "forged":
        return { type: "warning", content: at(locale, "toastForged") };
      case "other-chat":
        return { type: "warning", content: at(locale, "toastOtherChat") };
      case "expired":
        return { type: "warning", content: at(locale, "toastExpired") };
      case "stale":
      case "busy":
        return { type: "warning", content: at(locale, "toastStale") };
    }
  }

  function toastText(view: ErrorView | UsageView): string {
    const text = view.kind === "usage" ? view.problem : `${view.title}${locale === "zh" ? "：" : ": "}${view.message}`;
    const chars = [...text.replace(/\s+/gu, " ")];
    return chars.length <= TOAST_MAX_CHARS ? chars.join("") : `${chars.slice(0, TOAST_MAX_CHARS - 1).join("")}…`;
  }

  /**
   * The answer as a new message replying to the clicked card in its thread (`reply_in_thread`), the
   * card left as it is. Its uuid is derived from the card, the clicker and the button, so a double
   * click within Feishu's hour posts once.
   */
  async function sendInThread(action: CardAction, view: View): Promise<string | undefined> {
    const messageId = action.openMessageId;
    if (messageId === undefined) return undefined;
    const card = deps.render(view, { chatId: action.openChatId ?? "", issuedAt: Math.floor(deps.now() / 1000) });
    const uuid = uuidFor("below", `${messageId}:${action.operatorOpenId}:${JSON.stringify(action.value)}`);
    const sent = await deps.gateway.replyCard(messageId, card, uuid, { inThread: true, ...(action.openChatId ? { chatId: action.openChatId } : {}) });
    deps.logger.info({ messageId, reply: sent.messageId, view: view.kind }, "answered a click in the card's thread");
    return sent.messageId;
  }

  return async function answerClick(
    action: CardAction,
    turnFor: (respond: Responder) => Turn,
    pipeline: (turn: Turn) => Promise<void>,
  ): Promise<CardActionResult> {
    let settle!: (answer: CardActionAnswer) => void;
    const answer = new Promise<CardActionAnswer>((resolve) => (settle = resolve));
    let answered = false;
    /** A two-step answer: its final card, for the token update after the callback's answer; its thread reply, to patch. */
    let finalFollows = false;
    let finalCard: object | undefined;
    let threadReply: Promise<string | undefined> | undefined;
    /** Resolves once the callback's answer is out (inline, or the delayed update by token): progress may follow it. */
    let answerOut!: () => void;
    const out = new Promise<void>((resolve) => (answerOut = resolve));
    let progress: ProgressPatches | undefined;
    const showProgress = (view: () => View) => {
      progress ??= createProgressPatches(
        async (shown) => {
          await out;
          const target = turn.request?.opens === "thread" ? await threadReply : action.openMessageId;
          if (target !== undefined) await deps.gateway.patchCard(target, cardOf(shown));
        },
        {
          now: deps.now,
          ...(deps.progressIntervalMs !== undefined ? { intervalMs: deps.progressIntervalMs } : {}),
          onError: (error) => deps.logger.warn({ err: error, messageId: action.openMessageId }, "progress patch failed"),
        },
      );
      progress.push(view);
    };
    const cardOf = (view: View) => deps.render(view, { chatId: action.openChatId ?? "", issuedAt: turn.issuedAt ?? Math.floor(deps.now() / 1000) });
    const responder: Responder = {
      get answered() {
        return answered;
      },
      view(view, more) {
        answered = true;
        finalFollows = more?.finalFollows === true;
        if (turn.request?.opens === "thread") {
          settle({ toast: { type: "info", content: at(locale, "toastSent") } });
          threadReply = sendInThread(action, view);
          return threadReply.then(() => undefined);
        }
        settle({ card: { type: "raw", data: cardOf(view) } });
        return Promise.resolve();
      },
      progress(view) {
        if (finalFollows) showProgress(view);
      },
      async update(view) {
        answered = true;
        await progress?.close();
        if (turn.request?.opens !== "thread") {
          finalCard = cardOf(view);
          return;
        }
        const reply = threadReply ? await threadReply : undefined;
        if (reply !== undefined) await deps.gateway.patchCard(reply, cardOf(view));
        else await sendInThread(action, view);
      },
      error(view) {
        answered = true;
        settle({ toast: { type: "error", content: toastText(view) } });
        return Promise.resolve();
      },
      refuse(refusal) {
        answered = true;
        settle({ toast: toastFor(refusal) });
        return Promise.resolve();
      },
      exporting() {
        answered = true;
        settle({ toast: { type: "info", content: exportingToast(locale) } });
        return Promise.resolve();
      },
      // A click is answered inline or by token: there is no message to say it waits.
      delayed: () => Promise.resolve(),
      working: () => Promise.resolve(),
    };
    const turn = turnFor(responder);
    // Silence (a sender past their rate) leaves the card as it is.
    const done = pipeline(turn).then(
      () => settle({}),
      (error: unknown) => {
        deps.logger.error({ err: error, messageId: action.openMessageId }, "click failed");
        settle({});
      },
    );
    /** The final card of a two-step answer replaces the first by token, once the pipeline has it. */
    const updateFinal = () =>
      Promise.resolve(answerOut())
        .then(() => done)
        .then(() => (finalCard ? deps.gateway.updateCardByToken(action.token, finalCard) : undefined))
        .catch((error: unknown) => deps.logger.error({ err: error, messageId: action.openMessageId }, "final card update failed"));

    const slow = Symbol("slow");
    let timer: NodeJS.Timeout | undefined;
    const budget = new Promise<typeof slow>((resolve) => {
      timer = setTimeout(() => resolve(slow), deps.inlineBudgetMs);
    });
    const first = await Promise.race([answer, budget]);
    clearTimeout(timer);
    if (first !== slow) return finalFollows ? { answer: first, afterAnswer: updateFinal } : { answer: first };
    return {
      answer: { toast: { type: "info", content: at(locale, "toastLoading") } },
      afterAnswer: () =>
        answer
          .then((late) => (late.card ? deps.gateway.updateCardByToken(action.token, late.card.data) : undefined))
          .catch((error: unknown) => deps.logger.error({ err: error, messageId: action.openMessageId }, "delayed card update failed"))
          .then(updateFinal),
    };
  };
}
