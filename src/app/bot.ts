import type express from "express";
import type { Config } from "../config/types.js";
import type { CommandContext, CommandDeps, View } from "../commands/types.js";
import { extractCommandText } from "../commands/parse.js";
import { helpForUnknown } from "../commands/help.js";
import { renderView } from "../cards/index.js";
import type { FeishuGateway } from "../feishu/gateway.js";
import { createIngressApp } from "../ingress/index.js";
import type { CardAction, CardActionAnswer, IncomingMessage, IngressHandlers } from "../ingress/types.js";
import type { Logger } from "../log/logger.js";
import type { Store } from "../store/store.js";
import { createBotIdentity } from "./botIdentity.js";
import { errorView } from "./errorView.js";
import { uuidFor } from "./replyUuid.js";
import { viewForAction, viewForText } from "./runCommand.js";

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

const TOASTS = {
  zh: { stale: "这个按钮已失效", loading: "正在加载，请稍候…" },
  en: { stale: "This button no longer works", loading: "Loading, one moment…" },
} as const;

export interface Bot {
  /** The HTTP app: /webhook/event, /webhook/card, /healthz. */
  app: express.Express;
  handlers: IngressHandlers;
}

/** The façade: ingress events in, command views rendered to cards, replies out through the gateway. */
export function createBot(deps: BotDeps): Bot {
  const { config, gateway, store, logger } = deps;
  const locale = config.bot.locale;
  const identity = createBotIdentity(() => gateway.getBotInfo(), logger);
  // Learn the bot's open_id before the first message needs it; a failure is retried on demand.
  void identity.get();
  const commandDeps: CommandDeps = { gateway, config, now: deps.now ?? Date.now };

  function render(view: View) {
    try {
      return renderView(view, locale);
    } catch (error) {
      logger.error({ err: error, view: view.kind }, "card rendering failed");
      return renderView(errorView(error, locale), locale);
    }
  }

  async function onMessage(message: IncomingMessage): Promise<void> {
    const ctx: CommandContext = {
      chatId: message.chatId,
      chatType: message.chatType,
      senderOpenId: message.senderOpenId,
      messageId: message.messageId,
      locale,
      deps: commandDeps,
    };
    const known = await identity.get();
    // In a group the bot answers only when it is mentioned: with the scope to read every group
    // message it would otherwise answer every one. Without its own open_id (the lookup failed),
    // the first mention is taken as the bot's, since it only hears messages that mention it.
    const bot = known.openId ? known : { openId: message.mentions[0]?.openId, name: message.mentions[0]?.name };
    if (message.chatType === "group" && !message.mentions.some((m) => m.openId !== undefined && m.openId === bot.openId)) {
      logger.debug({ messageId: message.messageId }, "group message does not mention the bot; ignored");
      return;
    }
    const text = extractCommandText(message, bot);
    const view =
      text === undefined ? helpForUnknown(`[${message.messageType}]`, ctx) : await viewForText(text, ctx, logger);
    const card = render(view);
    const sent = await gateway.replyCard(message.messageId, card, uuidFor("reply", message.messageId), {
      chatId: message.chatId,
    });
    logger.info({ messageId: message.messageId, reply: sent.messageId, view: view.kind }, "replied");
  }

  async function onCardAction(action: CardAction): Promise<CardActionAnswer> {
    const ctx: CommandContext = {
      chatId: action.openChatId ?? "",
      // The button records the chat its card was made for; a card forwarded elsewhere, or one that
      // does not say, is treated as a group card (no passwords).
      chatType: action.value.ct === "p2p" && action.value.cid === action.openChatId ? "p2p" : "group",
      senderOpenId: action.operatorOpenId,
      messageId: action.openMessageId ?? "",
      locale,
      deps: commandDeps,
    };
    const work = viewForAction(action.value, ctx, logger).then((view) => (view ? render(view) : undefined));
    const slow = Symbol("slow");
    let timer: NodeJS.Timeout | undefined;
    const budget = new Promise<typeof slow>((resolve) => {
      timer = setTimeout(() => resolve(slow), deps.cardInlineBudgetMs ?? DEFAULT_CARD_INLINE_BUDGET_MS);
    });
    const first = await Promise.race([work, budget]);
    clearTimeout(timer);
    if (first !== slow) {
      if (!first) return { toast: { type: "warning", content: TOASTS[locale].stale } };
      return { card: { type: "raw", data: first } };
    }
    // Too slow to answer inline: a toast now, and the card replaced once the data is in. The update
    // token only works after this answer has been sent, which returning here does.
    void work
      .then((card) => (card ? gateway.updateCardByToken(action.token, card) : undefined))
      .catch((error: unknown) => logger.error({ err: error, messageId: action.openMessageId }, "delayed card update failed"));
    return { toast: { type: "info", content: TOASTS[locale].loading } };
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
  return { app, handlers };
}
