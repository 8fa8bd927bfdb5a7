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
}

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
    const text = extractCommandText(message, await identity.get());
    const view =
      text === undefined ? helpForUnknown(`[${message.messageType}]`, ctx) : await viewForText(text, ctx, logger);
    const card = render(view);
    const sent = await gateway.replyCard(message.messageId, card, uuidFor("reply", message.messageId));
    logger.info({ messageId: message.messageId, reply: sent.messageId, view: view.kind }, "replied");
  }

  async function onCardAction(action: CardAction): Promise<CardActionAnswer> {
    const ctx: CommandContext = {
      chatId: action.openChatId ?? "",
      // The button records the chat type its card was made for; unknown is treated as a group.
      chatType: typeof action.value.ct === "string" ? action.value.ct : "group",
      senderOpenId: action.operatorOpenId,
      messageId: action.openMessageId ?? "",
      locale,
      deps: commandDeps,
    };
    const view = await viewForAction(action.value, ctx, logger);
    if (!view) return { toast: { type: "warning", content: locale === "zh" ? "这个按钮已失效" : "This button no longer works" } };
    return { card: { type: "raw", data: render(view) } };
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
