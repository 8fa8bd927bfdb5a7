/**
 * How a message's turn is answered: a card replying to the message, with a uuid derived from the
 * message so a retried send never posts twice. Refusals are cards too, except that a chat off the
 * allow-list hears why at most once an interval (shared through the store by every replica) and
 * busy notices are capped, so a flood costs few messages.
 */
import type { BusyView } from "../../commands/notices.js";
import { refusedChat, refusedCommand } from "../../commands/access.js";
import type { View } from "../../commands/types.js";
import type { Config } from "../../config/types.js";
import type { FeishuGateway } from "../../feishu/gateway.js";
import { uuidFor } from "../../feishu/uuid.js";
import type { IncomingMessage } from "../../ingress/types.js";
import type { Logger } from "../../log/logger.js";
import type { Store } from "../../store/store.js";
import type { Refusal, Responder } from "../pipeline/index.js";
import type { CardRenderer } from "../render.js";

/** A chat not on the allow-list hears why at most this often; otherwise the bot stays silent there. */
export const CHAT_REFUSAL_INTERVAL_MS = 3_600_000;
/** A chat hears "your answer will follow" at most this often, however many of its commands wait. */
export const DELAYED_NOTICE_INTERVAL_MS = 60_000;

export interface MessageResponseDeps {
  config: Config;
  gateway: FeishuGateway;
  store: Store;
  logger: Logger;
  now: () => number;
  render: CardRenderer;
}

export function createMessageResponders(deps: MessageResponseDeps): (message: IncomingMessage) => Responder {
  const { config, gateway, store, logger, now, render } = deps;
  let busyInFlight = 0;

  async function reply(message: IncomingMessage, view: View, purpose: string): Promise<void> {
    const place = { chatId: message.chatId, issuedAt: Math.floor(now() / 1000) };
    const sent = await gateway.replyCard(message.messageId, render(view, place), uuidFor(purpose, message.messageId), { chatId: message.chatId });
    logger.info({ messageId: message.messageId, reply: sent.messageId, view: view.kind }, "replied");
  }

  /**
   * Busy cards carry their own uuid, so they never stand in for the real answer to the same message.
   * They bypass the full queue, so they are capped too: in a flood, past the cap, only the log hears.
   */
  async function replyBusy(message: IncomingMessage, view: BusyView): Promise<void> {
    if (busyInFlight >= config.queue.maxPending + config.queue.concurrency) {
      logger.error({ messageId: message.messageId, reason: view.reason, busyInFlight }, "too many busy replies in flight; this one not sent");
      return;
    }
    busyInFlight += 1;
    try {
      await reply(message, view, "busy");
    } catch (error) {
      logger.error({ err: error, messageId: message.messageId, reason: view.reason }, "could not send the busy reply");
    } finally {
      busyInFlight -= 1;
    }
  }

  async function refuseChat(message: IncomingMessage): Promise<void> {
    let first: boolean;
    try {
      first = await store.setIfAbsent(`access:chat-refused:${message.chatId}`, String(now()), CHAT_REFUSAL_INTERVAL_MS);
    } catch (error) {
      // Without the store the bot cannot tell whether it already said so: silence over spam.
      logger.error({ err: error, chatId: message.chatId }, "store failed; chat refusal not sent");
      return;
    }
    logger.info({ chatId: message.chatId, messageId: message.messageId, told: first }, "chat refusal");
    if (first) await reply(message, refusedChat(config, message.chatId), "reply");
  }

  async function refuse(message: IncomingMessage, refusal: Refusal): Promise<void> {
    switch (refusal.reason) {
      case "chat":
        return refuseChat(message);
      case "admins":
        return reply(message, refusedCommand(config, refusal.command, refusal.sub), "reply");
      case "rate":
        return reply(message, { kind: "busy", reason: "rate-limited", retryAfterSeconds: refusal.retryAfterSeconds, limit: config.access.userCommandsPerMinute }, "reply");
      case "busy":
        return replyBusy(message, { kind: "busy", reason: refusal.busy });
      default:
        // Seals, chats of cards and their age are about clicks: a message never gets here.
        logger.error({ messageId: message.messageId, reason: refusal.reason }, "a click's refusal for a message; nothing sent");
    }
  }

  /** One notice per chat per interval (shared through the store by every replica). */
  async function noticeDelayed(message: IncomingMessage): Promise<void> {
    if (!(await store.setIfAbsent(`notice:delayed:${message.chatId}`, String(now()), DELAYED_NOTICE_INTERVAL_MS))) return;
    await replyBusy(message, { kind: "busy", reason: "delayed" });
  }

  return (message) => {
    let answered = false;
    return {
      get answered() {
        return answered;
      },
      delayed() {
        return noticeDelayed(message);
      },
      view(view) {
        answered = true;
        return reply(message, view, "reply");
      },
      error(view) {
        answered = true;
        return reply(message, view, "reply");
      },
      refuse(refusal) {
        answered = true;
        return refuse(message, refusal);
      },
    };
  };
}
