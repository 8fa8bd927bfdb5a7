/**
 * What ingress does with a checked push, whatever carried it (an HTTP webhook or the long
 * connection): dedupe, the durable inbox, the hand-off to the bot, and a card callback's answer
 * within Feishu's 3 s. The transports only turn its verdicts into their own answers.
 */
import type { Logger } from "../log/logger.js";
import type { Store } from "../store/store.js";
import { runAfterResponse } from "./background.js";
import { answerCardAction } from "./card-answer.js";
import { dedupeKey } from "./dedupe.js";
import type { Envelope } from "./envelope.js";
import type { CardActionAnswer, IngressHandlers, IngressObserver, IngressTransport, RefusalReason } from "./types.js";

export const DEFAULT_CARD_ANSWER_TIMEOUT_MS = 2_500;

export interface IngressCoreOptions {
  /** How long a delivered message_id / event_id is remembered. */
  dedupeTtlMs: number;
  store: Store;
  handlers: IngressHandlers;
  logger: Logger;
  /** Milliseconds since the epoch (the value of a card action's dedupe mark). */
  now?: () => number;
  /** Card callbacks are answered by then whatever the handler is doing; Feishu waits 3 s. */
  cardAnswerTimeoutMs?: number;
  /** The answer sent when a card handler is late or fails; `{}` leaves the card as it is. */
  slowCardAnswer?: CardActionAnswer;
  /** Told of the pushes the core turns away (duplicates, messages not from a person). */
  observer?: IngressObserver;
  transport: IngressTransport;
}

export type EventEnvelope = Extract<Envelope, { kind: "message" | "other" }>;
export type CardActionEnvelope = Extract<Envelope, { kind: "card_action" }>;

/**
 * `ack`: tell Feishu the push arrived (it is ours now). Otherwise refuse it, so that Feishu pushes it
 * again later; `reason` is the refusal's label, `detail` says why in words.
 */
export type EventVerdict = { ack: true } | { ack: false; reason: RefusalReason; detail: string };

export interface CardVerdict {
  /** The callback's answer, as JSON text. */
  body: string;
  /**
   * Call at once after sending `body`, with whether it reached Feishu: work the handler left for
   * after the answer (a delayed card update) starts once it has, and never when it has not.
   */
  sent(delivered: Promise<boolean>): void;
}

export interface IngressCore {
  /** A message or another event: recorded (a message in the inbox) before the verdict is an ack. */
  acceptEvent(envelope: EventEnvelope): Promise<EventVerdict>;
  /** A card callback: answered within `cardAnswerTimeoutMs`, never refused (Feishu never retries one). */
  acceptCardAction(envelope: CardActionEnvelope): Promise<CardVerdict>;
}

const EMPTY = "{}";
const ACK: EventVerdict = { ack: true };

export function createIngressCore(options: IngressCoreOptions): IngressCore {
  const { store, handlers, logger, dedupeTtlMs, observer, transport } = options;
  const now = options.now ?? Date.now;
  const cardAnswerTimeoutMs = options.cardAnswerTimeoutMs ?? DEFAULT_CARD_ANSWER_TIMEOUT_MS;
  const slowCardAnswer = options.slowCardAnswer ?? {};

  /**
   * Marks the delivery as seen; false for a redelivery. A message is recorded in the store's durable
   * inbox, which is its dedupe mark too: once Feishu has its ack it never sends the message again, so
   * the message must outlive this process. Store failures propagate.
   */
  const firstDelivery = async (envelope: Envelope): Promise<boolean> => {
    const key = dedupeKey(envelope);
    if (key === undefined) return true;
    if (envelope.kind === "message") return store.inbox.add(key, JSON.stringify(envelope.message), { dedupeTtlMs });
    return store.setIfAbsent(key, String(now()), dedupeTtlMs);
  };

  const acceptEvent = async (envelope: EventEnvelope): Promise<EventVerdict> => {
    if (envelope.kind === "message" && envelope.message.senderType !== "user") {
      logger.info({ eventId: envelope.eventId, senderType: envelope.message.senderType }, "ingress: message not from a user dropped");
      observer?.refused("not_from_user", transport);
      return ACK;
    }
    let first: boolean;
    try {
      first = await firstDelivery(envelope);
    } catch (error) {
      // Without dedupe a redelivery could run twice; refusing makes Feishu push it again later instead.
      logger.error({ err: error }, "ingress: dedupe store failed");
      return { ack: false, reason: "store_unavailable", detail: "dedupe store unavailable" };
    }
    if (!first) {
      logger.info({ eventId: envelope.eventId }, "ingress: duplicate delivery dropped");
      observer?.refused("duplicate", transport);
      return ACK;
    }
    if (envelope.kind !== "message") {
      if (envelope.kind === "other") logger.debug({ eventType: envelope.eventType }, "ingress: event type ignored");
      return ACK;
    }
    const { message } = envelope;
    // Starts on the next turn of the event loop: after the transport has sent the ack it is
    // about to send on this verdict.
    runAfterResponse(
      () => handlers.onMessage(message),
      (error) => logger.error({ err: error, messageId: message.messageId }, "ingress: message handler failed"),
    );
    return ACK;
  };

  const acceptCardAction = async (envelope: CardActionEnvelope): Promise<CardVerdict> => {
    let first = true;
    try {
      first = await firstDelivery(envelope);
    } catch (error) {
      // Card callbacks are never retried, so a store outage must not cost the user the click.
      logger.error({ err: error }, "ingress: dedupe store failed; card action handled without dedupe");
    }
    if (!first) {
      logger.info({ eventId: envelope.eventId }, "ingress: duplicate card action dropped");
      observer?.refused("duplicate", transport);
      return { body: EMPTY, sent: () => undefined };
    }
    const { action } = envelope;
    const answered = await answerCardAction(() => handlers.onCardAction(action), {
      timeoutMs: cardAnswerTimeoutMs,
      fallback: slowCardAnswer,
      onError: (error) => logger.error({ err: error, eventId: action.eventId }, "ingress: card action handler failed"),
      onTimeout: () => logger.warn({ eventId: action.eventId, cardAnswerTimeoutMs }, "ingress: card action handler slow; answered early"),
      onLateAnswer: () =>
        logger.warn({ eventId: action.eventId }, "ingress: card action handler answered after the fallback; its answer was not shown"),
    });
    return {
      body: answered.body,
      // Work such as a delayed card update starts only once the answer is out: Feishu refuses or
      // reverts an update made before it (card-delayed-update.md).
      sent: (delivered) => {
        void Promise.all([delivered, answered.afterAnswer]).then(([ok, after]) => {
          if (after === undefined) return;
          if (!ok) {
            logger.warn({ eventId: action.eventId }, "ingress: card answer not delivered; work after it dropped");
            return;
          }
          runAfterResponse(after, (error) =>
            logger.error({ err: error, eventId: action.eventId }, "ingress: work after the card answer failed"),
          );
        });
      },
    };
  };

  return { acceptEvent, acceptCardAction };
}
