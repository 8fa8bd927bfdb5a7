/**
 * What the layers record, through one small typed interface per concern: nothing outside this
 * folder knows Prometheus. Every label is a closed set the caller passes (an endpoint's name, a
 * command's name, an outcome): never an id, a path or a person, so the series stay few.
 */
import type { ErrorCode } from "../errors/coded.js";

/** How a push reached the bot. */
export type Transport = "webhook" | "websocket";

/** What ingress received (after verification). */
export type EventKind = "message" | "card_action" | "url_verification" | "other";

/** Ingress tells what it receives and refuses; the shape of ingress's IngressObserver. */
export interface EventMetrics {
  received(kind: EventKind, transport: Transport): void;
  /** `reason`: ingress's closed RefusalReason (signature, duplicate, too large, …). */
  refused(reason: string, transport: Transport): void;
}

/** A refusal the asker was told of, as few words: who may run it, how often, or a click gone bad. */
export type RefusalOutcome = "chat_not_allowed" | "admins_only" | "rate_limited" | "busy" | "invalid_click";

/**
 * How one command turn ended: answered (`ok`), failed with the typed error's code (a usage mistake
 * is `usage_error`), refused, answered but the answer could not be sent (`reply_failed`), or
 * parsed and then left unanswered on purpose (`ignored`: a sender past their rate).
 */
export type CommandOutcome = "ok" | ErrorCode | RefusalOutcome | "reply_failed" | "ignored";

export interface CommandMetrics {
  /** `command`: the registry's command name, or "unknown" when the turn ended before it was parsed. */
  completed(command: string, outcome: CommandOutcome): void;
}

export interface UpstreamMetrics {
  /**
   * One request Feishu answered (or the network failed): each retry is a call of its own; answers
   * from the cache are none. `code`: "0", Feishu's error code, or a class such as "network" or
   * "http_5xx". `rateLimited`: Feishu said slow down (HTTP 429 or code 99991400).
   */
  called(endpoint: string, answer: { code: string; rateLimited: boolean }): void;
}

/** Where a turn came from, for the time it took to answer. */
export type ReplyKind = "message" | "click";

export interface ReplyMetrics {
  /**
   * A turn's answer is out: for a message, from the moment ingress recorded it in the inbox to the
   * reply sent; for a click, from the callback's arrival to its answer.
   */
  answered(kind: ReplyKind, seconds: number): void;
}

export interface DigestMetrics {
  /** A digest period posted into every chat it names. */
  posted(digest: string): void;
  /** A digest run that left some chat without its card (it is retried; each failed run counts). */
  failed(digest: string): void;
}

/**
 * Feishu's long connection (websocket mode), for the receiver to report. In webhook mode nothing
 * calls these, and `long_connection_up` stays 0.
 */
export interface LongConnectionMetrics {
  /** The socket is open and receiving. */
  up(): void;
  /** The socket closed or could not be opened. */
  down(): void;
  /** The connection came back after it dropped (not the first connect). */
  reconnected(): void;
}

export interface MetricsRecorder {
  readonly events: EventMetrics;
  readonly commands: CommandMetrics;
  readonly upstream: UpstreamMetrics;
  readonly replies: ReplyMetrics;
  readonly digests: DigestMetrics;
  readonly longConnection: LongConnectionMetrics;
}

const nothing = (): void => undefined;

/** Records nothing: for code paths (and tests) built without metrics. */
export const noMetrics: MetricsRecorder = Object.freeze({
  events: { received: nothing, refused: nothing },
  commands: { completed: nothing },
  upstream: { called: nothing },
  replies: { answered: nothing },
  digests: { posted: nothing, failed: nothing },
  longConnection: { up: nothing, down: nothing, reconnected: nothing },
});
