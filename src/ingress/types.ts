/** What ingress hands to the rest of the bot: verified, decrypted, deduplicated events. */

export interface Mention {
  /** Placeholder in the text, such as "@_user_1". */
  key: string;
  openId: string | undefined;
  name: string;
}

/** An `im.message.receive_v1` event, reduced to what the bot uses. */
export interface IncomingMessage {
  eventId: string;
  messageId: string;
  chatId: string;
  chatType: "p2p" | "group" | (string & {});
  /** "text", "post", ... */
  messageType: string;
  /** The message content exactly as Feishu sent it: a JSON string. */
  content: string;
  mentions: Mention[];
  senderOpenId: string;
  /** "user" for people; messages from other apps are ignored upstream of commands. */
  senderType: string;
  rootId: string | undefined;
  parentId: string | undefined;
}

/** A `card.action.trigger` callback: someone clicked a button on one of our cards. */
export interface CardAction {
  eventId: string | undefined;
  operatorOpenId: string;
  /** The delayed-update token for this card (valid 30 min, twice). */
  token: string;
  tag: string | undefined;
  /** The clicked component's `value` object. */
  value: Record<string, unknown>;
  formValue: Record<string, unknown> | undefined;
  /**
   * What a picker outside a form sent (card-action-trigger-callback.md): `option` from a select or a
   * date picker ("2026-11-30 +0800"), `options` from a multi-select, `inputValue` from an input.
   * Untrusted, as typed text is; cut to MAX_OPTION_LENGTH (envelope.ts), which no option the bot
   * offers reaches, so an over-long one is still seen, and refused, as the wrong option it is.
   */
  option?: string;
  options?: string[];
  inputValue?: string;
  openMessageId: string | undefined;
  openChatId: string | undefined;
}

/** The inline answer to a card callback (HTTP 200 body). `{}` leaves the card as it is. */
export interface CardActionAnswer {
  toast?: { type: "info" | "success" | "error" | "warning"; content: string };
  card?: { type: "raw"; data: Record<string, unknown> };
}

/**
 * What a card handler gives back: the inline answer, and optionally work to start once an answer
 * has gone out. A delayed card update belongs in `afterAnswer`: Feishu refuses or reverts one made
 * in parallel with, or before, the callback's answer (card-delayed-update.md).
 */
export interface CardActionResult {
  answer: CardActionAnswer;
  /**
   * Started only after the HTTP answer has been written in full: this `answer`, or ingress's own
   * fallback when the handler was late. Never started when the answer could not be delivered.
   * Its failure is logged by ingress.
   */
  afterAnswer?: () => Promise<void>;
}

export interface IngressHandlers {
  /**
   * Runs after the HTTP 200 has been sent, for a message already recorded in the store's inbox
   * (its payload the message as JSON): whoever claims that entry from the inbox answers it. Errors
   * are logged, never reach the HTTP layer.
   */
  onMessage(message: IncomingMessage): Promise<void>;
  /** Must answer within Feishu's 3 s; `answer` is the callback's HTTP 200 body. */
  onCardAction(action: CardAction): Promise<CardActionResult>;
}

/** How a push reached the bot: an HTTP webhook, or Feishu's long connection (the SDK's WSClient). */
export type IngressTransport = "webhook" | "websocket";

/** Why ingress turned a push away, as a bounded label (metrics, logs). */
export type RefusalReason =
  | "bad_request"
  | "unauthorized"
  | "too_large"
  | "unsupported_encoding"
  | "store_unavailable"
  | "duplicate"
  | "not_from_user"
  | "wrong_app";

/** Told of every push ingress receives and every one it refuses (the metrics layer listens). */
export interface IngressObserver {
  received(kind: "message" | "card_action" | "url_verification" | "other", transport: IngressTransport): void;
  refused(reason: RefusalReason, transport: IngressTransport): void;
}
