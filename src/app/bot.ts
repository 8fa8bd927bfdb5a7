import type express from "express";
import type { Config } from "../config/types.js";
import type { CommandContext, CommandDeps, View } from "../commands/types.js";
import { extractCommandText } from "../commands/parse.js";
import { helpForUnknown } from "../commands/help.js";
import { renderView } from "../cards/index.js";
import { createButtonSeal, sealedButtonValues, type ButtonPlace } from "../cards/seal.js";
import { at } from "../cards/views/access.i18n.js";
import type { FeishuGateway } from "../feishu/gateway.js";
import { createIngressApp } from "../ingress/index.js";
import type { CardAction, CardActionAnswer, CardActionResult, IncomingMessage, IngressHandlers } from "../ingress/types.js";
import type { Logger } from "../log/logger.js";
import type { Store } from "../store/store.js";
import { chatAllowed, refusedChat } from "../commands/access.js";
import { createBotIdentity, type BotIdentity } from "./botIdentity.js";
import { errorView } from "../commands/errorView.js";
import { ChatQueue, type DrainResult } from "./queue.js";
import { uuidFor } from "../feishu/uuid.js";
import { viewForAction, viewForText } from "./runCommand.js";
import { createUserRate } from "./userRate.js";
import type { BusyView } from "../commands/notices.js";
import { cardExpired, issuedAtOf } from "../commands/paging.js";

export interface BotDeps {
  config: Config;
  gateway: FeishuGateway;
  store: Store;
  logger: Logger;
  now?: () => number;
  /**
   * How long a click may take to answer inline. Feishu waits 3 s for a callback's answer and never
   * retries it; past this budget the click gets a toast at once and the card is updated by token.
   */
  cardInlineBudgetMs?: number;
}

const DEFAULT_CARD_INLINE_BUDGET_MS = 2_000;
/** A chat not on the allow-list hears why at most this often; otherwise the bot stays silent there. */
export const CHAT_REFUSAL_INTERVAL_MS = 3_600_000;
/** At shutdown, how long the "restarting, send it again" replies to unstarted commands may take. */
const SHUTDOWN_NOTICE_GRACE_MS = 3_000;

const TOASTS = {
  zh: { stale: "这个按钮已失效", loading: "正在加载，请稍候…" },
  en: { stale: "This button no longer works", loading: "Loading, one moment…" },
} as const;

export interface Bot {
  /** The HTTP app: /webhook/event, /webhook/card, /healthz. */
  app: express.Express;
  handlers: IngressHandlers;
  /**
   * Lets queued commands finish for at most `timeoutMs`; the askers of any not finished by then
   * get a "restarting, send it again" card. Call it once the HTTP server has stopped accepting requests.
   */
  drain(timeoutMs: number): Promise<DrainResult>;
  /** Commands waiting and running now. */
  load(): { pending: number; running: number };
}

/**
 * The façade: ingress events in; the chat allow-list, the per-person rate and the work queue;
 * command views rendered to cards; replies out through the gateway.
 */
export function createBot(deps: BotDeps): Bot {
  const { config, gateway, store, logger } = deps;
  const locale = config.bot.locale;
  const now = deps.now ?? Date.now;
  const identity = createBotIdentity(() => gateway.getBotInfo(), logger);
  // Learn the bot's open_id before the first message needs it; a failure is retried on demand.
  void identity.get();
  const commandDeps: CommandDeps = { gateway, config, now };
  const userRate = createUserRate({ perMinute: config.access.userCommandsPerMinute, now });
  const queue = new ChatQueue({
    concurrency: config.queue.concurrency,
    maxPending: config.queue.maxPending,
    onError: (error, chatId) => logger.error({ err: error, chatId }, "queued command failed"),
  });

  const seal = createButtonSeal(config.feishu);

  /**
   * Every button of every card the bot sends is sealed with the chat the card goes to, its chat
   * type as Feishu's event said, and when it was issued: now for a new message, the clicked card's
   * time for one that replaces it (Feishu counts 14 days from the message).
   */
  function render(view: View, place: ButtonPlace) {
    try {
      return renderView(view, locale, { buttonValues: sealedButtonValues(seal, place) });
    } catch (error) {
      logger.error({ err: error, view: view.kind }, "card rendering failed");
      return renderView(errorView(error, locale), locale);
    }
  }

  async function reply(message: IncomingMessage, view: View, purpose = "reply"): Promise<void> {
    const place: ButtonPlace = { chatId: message.chatId, chatType: message.chatType === "p2p" ? "p2p" : "group", issuedAt: Math.floor(now() / 1000) };
    const sent = await gateway.replyCard(message.messageId, render(view, place), uuidFor(purpose, message.messageId), {
      chatId: message.chatId,
    });
    logger.info({ messageId: message.messageId, reply: sent.messageId, view: view.kind }, "replied");
  }

  /**
   * Busy cards carry their own uuid, so they never stand in for the real answer to the same message.
   * They bypass the full queue, so they are capped too: in a flood, past the cap, only the log hears.
   */
  let busyInFlight = 0;
  async function replyBusy(message: IncomingMessage, reason: BusyView["reason"]): Promise<void> {
    if (busyInFlight >= config.queue.maxPending + config.queue.concurrency) {
      logger.error({ messageId: message.messageId, reason, busyInFlight }, "too many busy replies in flight; this one not sent");
      return;
    }
    busyInFlight += 1;
    try {
      await reply(message, { kind: "busy", reason }, "busy");
    } catch (error) {
      logger.error({ err: error, messageId: message.messageId, reason }, "could not send the busy reply");
    } finally {
      busyInFlight -= 1;
    }
  }

  function contextFor(message: IncomingMessage): CommandContext {
    return {
      chatId: message.chatId,
      chatType: message.chatType,
      senderOpenId: message.senderOpenId,
      messageId: message.messageId,
      locale,
      deps: commandDeps,
    };
  }

  async function answer(message: IncomingMessage, bot: BotIdentity): Promise<void> {
    const ctx = contextFor(message);
    const text = extractCommandText(message, bot);
    const view =
      text === undefined ? helpForUnknown(`[${message.messageType}]`, ctx) : await viewForText(text, ctx, logger);
    await reply(message, view);
  }

  /** One refusal per chat per interval (shared through the store by every replica), then silence. */
  async function refuseChat(message: IncomingMessage): Promise<void> {
    let first: boolean;
    try {
      first = await store.setIfAbsent(`access:chat-refused:${message.chatId}`, String(now()), CHAT_REFUSAL_INTERVAL_MS);
    } catch (error) {
      // Without the store the bot cannot tell whether it already said so: silence over spam.
      logger.error({ err: error, chatId: message.chatId }, "store failed; chat refusal not sent");
      return;
    }
    logger.info({ chatId: message.chatId, messageId: message.messageId, told: first }, "chat not on access.chats; command refused");
    if (!first) return;
    const pushed = queue.push(message.chatId, { run: () => reply(message, refusedChat(config, message.chatId)) });
    if (pushed.accepted) await pushed.done;
  }

  async function onMessage(message: IncomingMessage): Promise<void> {
    const known = await identity.get();
    // In a group the bot answers only when it is mentioned: with the scope to read every group
    // message it would otherwise answer every one. Without its own open_id (the lookup failed),
    // the first mention is taken as the bot's, since it only hears messages that mention it.
    const bot = known.openId ? known : { openId: message.mentions[0]?.openId, name: message.mentions[0]?.name };
    if (message.chatType === "group" && !message.mentions.some((m) => m.openId !== undefined && m.openId === bot.openId)) {
      logger.debug({ messageId: message.messageId }, "group message does not mention the bot; ignored");
      return;
    }
    if (!chatAllowed(config, message.chatId)) {
      await refuseChat(message);
      return;
    }
    const rate = userRate.check(message.senderOpenId);
    if (rate.kind === "ignore") {
      logger.info({ messageId: message.messageId, sender: message.senderOpenId }, "sender over their command rate; ignored");
      return;
    }
    const run =
      rate.kind === "notice"
        ? () => reply(message, { kind: "busy", reason: "rate-limited", retryAfterSeconds: rate.retryAfterSeconds, limit: config.access.userCommandsPerMinute })
        : () => answer(message, bot);
    const pushed = queue.push(message.chatId, {
      run,
      cancel: () => withDeadline(replyBusy(message, "shutting-down"), SHUTDOWN_NOTICE_GRACE_MS),
    });
    if (!pushed.accepted) {
      logger.warn({ messageId: message.messageId, chatId: message.chatId, reason: pushed.reason, ...queueLoad() }, "command not queued");
      await replyBusy(message, pushed.reason === "full" ? "queue-full" : "shutting-down");
      return;
    }
    await pushed.done;
  }

  async function onCardAction(action: CardAction): Promise<CardActionResult> {
    // Clicks are checked like typed commands, for the person who clicked; refusals are toasts, so
    // one person's click never replaces a card everyone in the chat sees.
    if (!chatAllowed(config, action.openChatId)) return toast("warning", at(locale, "toastChat"));
    // Nothing in a value is read before its seal verifies: a changed or foreign value gets a toast.
    const opened = seal.open(action.value);
    if (!opened.ok) {
      logger.warn({ eventId: action.eventId, reason: opened.reason, operator: action.operatorOpenId }, "click refused: button value not sealed by this bot");
      return toast("warning", at(locale, "toastForged"));
    }
    const value = opened.value;
    // A card forwarded, or a value copied, into another chat must not answer there.
    if (action.openChatId === undefined || value.cid !== action.openChatId) {
      logger.warn({ eventId: action.eventId, operator: action.operatorOpenId }, "click refused: the card was made for another chat");
      return toast("warning", at(locale, "toastOtherChat"));
    }
    // Feishu no longer updates a card past 14 days: say so rather than run a query nobody will see.
    if (cardExpired(value, now())) return toast("warning", at(locale, "toastExpired"));
    const chatType = value.ct === "p2p" ? "p2p" : "group";
    const rate = userRate.check(action.operatorOpenId);
    if (rate.kind === "ignore") return { answer: {} };
    if (rate.kind === "notice") return toast("warning", at(locale, "toastRate", { seconds: rate.retryAfterSeconds }));
    const ctx: CommandContext = {
      chatId: action.openChatId,
      // The sealed value records the chat type Feishu's event gave when the card was made, for this very chat.
      chatType,
      senderOpenId: action.operatorOpenId,
      messageId: action.openMessageId ?? "",
      locale,
      deps: commandDeps,
    };
    const place: ButtonPlace = { chatId: action.openChatId, chatType, issuedAt: issuedAtOf(value, now()) };
    const work = viewForAction(value, ctx, logger).then((view): CardActionAnswer => {
      if (!view) return { toast: { type: "warning", content: TOASTS[locale].stale } };
      if (view.kind === "refused") {
        return { toast: { type: "error", content: at(locale, "toastRefused", { command: `/${view.command ?? ""}` }) } };
      }
      return { card: { type: "raw", data: render(view, place) } };
    });
    const slow = Symbol("slow");
    let timer: NodeJS.Timeout | undefined;
    const budget = new Promise<typeof slow>((resolve) => {
      timer = setTimeout(() => resolve(slow), deps.cardInlineBudgetMs ?? DEFAULT_CARD_INLINE_BUDGET_MS);
    });
    const first = await Promise.race([work, budget]);
    clearTimeout(timer);
    if (first !== slow) return { answer: first };
    // Too slow to answer inline: a toast now, and the card replaced by token once the data is in.
    // The update must come after the answer (card-delayed-update.md), so ingress starts it then.
    return {
      answer: { toast: { type: "info", content: TOASTS[locale].loading } },
      afterAnswer: () =>
        work
          .then((late) => (late.card ? gateway.updateCardByToken(action.token, late.card.data) : undefined))
          .catch((error: unknown) => logger.error({ err: error, messageId: action.openMessageId }, "delayed card update failed")),
    };
  }

  function toast(type: NonNullable<CardActionAnswer["toast"]>["type"], content: string): CardActionResult {
    return { answer: { toast: { type, content } } };
  }

  function queueLoad() {
    return { pending: queue.pending, running: queue.running };
  }

  async function drain(timeoutMs: number): Promise<DrainResult> {
    logger.info({ timeoutMs, ...queueLoad() }, "finishing queued commands");
    const result = await queue.drain(timeoutMs);
    if (result.finished) logger.info("queued commands finished");
    else logger.warn(result, "shutdown deadline passed: unfinished commands were told to send again");
    return result;
  }

  const handlers: IngressHandlers = { onMessage, onCardAction };
  const app = createIngressApp({
    encryptKey: config.feishu.encryptKey,
    verificationToken: config.feishu.verificationToken,
    maxClockSkewSeconds: config.server.maxClockSkewSeconds,
    bodyLimitBytes: config.server.bodyLimitBytes,
    dedupeTtlMs: config.bot.dedupeTtlSeconds * 1000,
    store,
    handlers,
    logger,
    ...(deps.now ? { now: deps.now } : {}),
  });
  return { app, handlers, drain, load: queueLoad };
}

/** Resolves when `work` settles or after `ms`, whichever comes first. */
async function withDeadline(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
