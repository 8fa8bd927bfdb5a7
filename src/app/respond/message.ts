/**
 * How a message's turn is answered: a card replying to the message, with a uuid derived from the
 * message so a retried send never posts twice. Refusals are cards too, except that a chat off the
 * allow-list hears why at most once an interval (shared through the store by every replica) and
 * busy notices are capped, so a flood costs few messages.
 *
 * A command that waits long in its chat's queue ("your answer will follow") or runs long ("working
 * on it") first gets a stand-in card as its reply; the answer (or its error card) then replaces that
 * card in place (PATCH), so the asker sees one message that turns into the answer. The stand-in's
 * message id is kept in the store under the message's inbox id: a run resumed after a crash patches
 * the stand-in an earlier run posted rather than replying a second time. A command answering in two
 * steps (a list whose totals are still being counted) has its final card patched over its first,
 * and its progress views (progress.ts) patched over it in between.
 */
import type { BusyView } from "../../commands/notices.js";
import { refusedChat, refusedCommand } from "../../commands/access.js";
import type { View } from "../../commands/types.js";
import type { Config } from "../../config/types.js";
import type { FeishuGateway } from "../../feishu/gateway.js";
import { uuidFor } from "../../feishu/uuid.js";
import { messageInboxId } from "../../ingress/index.js";
import type { IncomingMessage } from "../../ingress/types.js";
import type { Logger } from "../../log/logger.js";
import type { Store } from "../../store/store.js";
import type { Refusal, Responder } from "../pipeline/index.js";
import type { CardRenderer } from "../render.js";
import { createProgressPatches, type ProgressPatches } from "./progress.js";

/** A chat not on the allow-list hears why at most this often; otherwise the bot stays silent there. */
export const CHAT_REFUSAL_INTERVAL_MS = 3_600_000;
/** A chat hears "your answer will follow" at most this often, however many of its commands wait. */
export const DELAYED_NOTICE_INTERVAL_MS = 60_000;

/** Where the stand-in card of a message is remembered (by its inbox id, as the durable inbox knows it). */
export function standInKey(messageId: string): string {
  return `reply:stand-in:${messageInboxId(messageId)}`;
}

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

  const placeOf = (message: IncomingMessage) => ({ chatId: message.chatId, issuedAt: Math.floor(now() / 1000) });
  /** Long enough for any resumed run of the message (the inbox dedupes it as long). */
  const standInTtlMs = config.bot.dedupeTtlSeconds * 1000;

  async function reply(message: IncomingMessage, view: View, purpose: string): Promise<string> {
    const sent = await gateway.replyCard(message.messageId, render(view, placeOf(message)), uuidFor(purpose, message.messageId), { chatId: message.chatId });
    logger.info({ messageId: message.messageId, reply: sent.messageId, view: view.kind }, "replied");
    return sent.messageId;
  }

  /** Replaces the stand-in card `standIn` with `view`; false (logged) when Feishu refused. */
  async function patch(message: IncomingMessage, standIn: string, view: View): Promise<boolean> {
    try {
      await gateway.patchCard(standIn, render(view, placeOf(message)));
      logger.info({ messageId: message.messageId, reply: standIn, view: view.kind }, "replaced the stand-in card with the answer");
      return true;
    } catch (error) {
      logger.error({ err: error, messageId: message.messageId, reply: standIn, view: view.kind }, "could not replace the stand-in card; replying instead");
      return false;
    }
  }

  /** The stand-in an earlier run of this message posted, if any (a store failure reads as none). */
  async function earlierStandIn(message: IncomingMessage): Promise<string | undefined> {
    try {
      return await store.get(standInKey(message.messageId));
    } catch (error) {
      logger.error({ err: error, messageId: message.messageId }, "store failed; no earlier stand-in card looked up");
      return undefined;
    }
  }

  /**
   * Posts the stand-in card for `message` (or finds the one an earlier run posted) and remembers it.
   * Its own uuid: a repeated send within the hour gets the same message back, never a second one.
   */
  async function postStandIn(message: IncomingMessage, view: BusyView): Promise<string | undefined> {
    const earlier = await earlierStandIn(message);
    if (earlier !== undefined) return earlier;
    const sent = await reply(message, view, "stand-in");
    try {
      await store.set(standInKey(message.messageId), sent, standInTtlMs);
    } catch (error) {
      logger.error({ err: error, messageId: message.messageId }, "store failed; a resumed run would not find the stand-in card");
    }
    return sent;
  }

  /**
   * Busy cards carry their own uuid, so they never stand in for the real answer to the same message.
   * They bypass the full queue, so they are capped too: in a flood, past the cap, only the log hears.
   */
  async function replyBusy(message: IncomingMessage, view: BusyView): Promise<void> {
    await capped(message, view, () => reply(message, view, "busy"));
  }

  async function capped<T>(message: IncomingMessage, view: BusyView, send: () => Promise<T>): Promise<T | undefined> {
    if (busyInFlight >= config.queue.maxPending + config.queue.concurrency) {
      logger.error({ messageId: message.messageId, reason: view.reason, busyInFlight }, "too many busy replies in flight; this one not sent");
      return undefined;
    }
    busyInFlight += 1;
    try {
      return await send();
    } catch (error) {
      logger.error({ err: error, messageId: message.messageId, reason: view.reason }, "could not send the busy reply");
      return undefined;
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

  return (message) => {
    let answered = false;
    /** This run's stand-in card: on its way or sent (undefined inside when it could not be sent). */
    let standIn: Promise<string | undefined> | undefined;

    /** The stand-in card, posted once per run (and found again from an earlier run); capped like busy cards. */
    function standInFor(view: BusyView): Promise<void> {
      if (answered) return Promise.resolve();
      standIn ??= capped(message, view, () => postStandIn(message, view));
      return standIn.then(() => undefined);
    }

    /** The message holding this run's answer, once it is out: a later, final view patches it. */
    let answeredIn: string | undefined;

    /** The answer replaces the stand-in when there is one (this run's, or an earlier run's); otherwise a reply. */
    async function answer(view: View): Promise<void> {
      const shown = standIn ? await standIn : await earlierStandIn(message);
      if (shown !== undefined && (await patch(message, shown, view))) {
        answeredIn = shown;
        return;
      }
      answeredIn = await reply(message, view, "reply");
    }

    /** Progress views of a two-step answer, patched over its first card until the final one. */
    let progress: ProgressPatches | undefined;
    function showProgress(view: () => View): void {
      if (answeredIn === undefined) return;
      const card = answeredIn;
      progress ??= createProgressPatches(
        async (shown) => {
          await gateway.patchCard(card, render(shown, placeOf(message)));
        },
        { now, onError: (error) => logger.warn({ err: error, messageId: message.messageId, reply: card }, "progress patch failed") },
      );
      progress.push(view);
    }

    /** The final view of a two-step answer: patched over the first; a reply of its own if that cannot be patched. */
    async function update(view: View): Promise<void> {
      await progress?.close();
      if (answeredIn === undefined) return answer(view);
      if (await patch(message, answeredIn, view)) return;
      await reply(message, view, "final");
    }

    async function refuse(refusal: Refusal): Promise<void> {
      switch (refusal.reason) {
        case "chat":
          return refuseChat(message);
        case "admins":
          return answer(refusedCommand(config, refusal.command, refusal.sub));
        case "rate":
          return answer({ kind: "busy", reason: "rate-limited", retryAfterSeconds: refusal.retryAfterSeconds, limit: config.access.userCommandsPerMinute });
        case "busy": {
          const view: BusyView = { kind: "busy", reason: refusal.busy };
          // A command told "your answer will follow" and then cut off by a shutdown: its card says so.
          const shown = standIn ? await standIn : undefined;
          if (shown !== undefined && (await patch(message, shown, view))) return;
          return replyBusy(message, view);
        }
        default:
          // Seals, chats of cards and their age are about clicks: a message never gets here.
          logger.error({ messageId: message.messageId, reason: refusal.reason }, "a click's refusal for a message; nothing sent");
      }
    }

    /** One "your answer will follow" per chat per interval (shared through the store by every replica). */
    async function noticeDelayed(): Promise<void> {
      if (!(await store.setIfAbsent(`notice:delayed:${message.chatId}`, String(now()), DELAYED_NOTICE_INTERVAL_MS))) return;
      await standInFor({ kind: "busy", reason: "delayed" });
    }

    return {
      get answered() {
        return answered;
      },
      delayed() {
        return noticeDelayed();
      },
      working() {
        return standInFor({ kind: "busy", reason: "working" });
      },
      view(view) {
        answered = true;
        return answer(view);
      },
      update(view) {
        answered = true;
        return update(view);
      },
      progress(view) {
        showProgress(view);
      },
      async error(view) {
        answered = true;
        await progress?.close();
        return answer(view);
      },
      refuse(refusal) {
        answered = true;
        return refuse(refusal);
      },
    };
  };
}
