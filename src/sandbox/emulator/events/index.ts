/**
 * Pushes what Feishu pushes to the bot: messages typed by chat users, card button clicks and the
 * URL challenge, to the webhook (encrypted and signed with its settings) or, as the subscription
 * says, over the long connection. A click's answer is handed to messaging, which applies it as
 * Feishu's client would, whichever way it came back.
 */
import { randomUUID } from "node:crypto";
import type { EmulatorContext } from "../context.js";
import { newEventId, newMessageId, newUpdateToken } from "../messaging/ids.js";
import { SANDBOX_CHATS, SANDBOX_TENANT_KEY, type Messaging, type Toast } from "../messaging/index.js";
import { addPushRoutes } from "./control.js";
import { FEISHU_WAIT_MS, deliver, type Delivery, type Webhook } from "./deliver.js";
import { checkPickedOption } from "./picked-option.js";
import {
  cardActionCallback,
  challengeRequest,
  messageEvent,
  postContent,
  textContent,
  type Identity,
  type MessageEventInput,
} from "./envelopes.js";

export type { Webhook } from "./deliver.js";

/** Who types when a test does not say. */
export const DEFAULT_SENDER_OPEN_ID = "ou_sandbox_user";

export interface PushMessageOptions {
  text?: string;
  post?: { title?: string; content: unknown[][] };
  chatId?: string;
  chatType?: "group" | "p2p";
  senderOpenId?: string;
  /** Defaults to true in groups (the bot only hears @-mentions there) and false in p2p chats. */
  mentionBot?: boolean;
  /** An id pushed before makes this a redelivery of that message. */
  messageId?: string;
  /** An id pushed before makes this a redelivery of that very event. */
  eventId?: string;
  url?: string;
}

export interface PushResult {
  status: number;
  body: string;
  timedOut: boolean;
  error?: string;
}

export interface PushCardActionOptions {
  value: Record<string, unknown>;
  openMessageId: string;
  operatorOpenId?: string;
  /** The chat the click comes from; another than the card's means a copy forwarded there is clicked. */
  chatId?: string;
  /** The component clicked; "button" unless told. */
  tag?: string;
  name?: string;
  formValue?: Record<string, unknown>;
  /**
   * What a picker sends (a select's option value, a date picker's "2026-11-30 +0800"): refused,
   * as Feishu's client never sends it, unless the component with this value on the card offers it.
   * The tag then defaults to the component's.
   */
  option?: string;
  /** The picker's user's time zone, sent with a date picker's option; the tenant's unless told. */
  timezone?: string;
  /**
   * A modified client: the option goes out unchecked against the card, so a test can see the bot
   * refuse what no real client sends.
   */
  tampered?: boolean;
  url?: string;
}

/** An option the clicked card could not have sent: the control API answers 400 with the reason. */
export class OptionRefusedError extends Error {
  constructor(why: string) {
    super(`option refused: ${why}`);
    this.name = "OptionRefusedError";
  }
}

export interface CardActionResult extends PushResult {
  token: string;
  eventId: string;
  /** The bot's parsed answer, when it was a JSON object. */
  answer?: unknown;
  toast?: Toast;
  cardReplaced: boolean;
  /**
   * The error Feishu's client would show for this answer (200671, 200672, 200673, 200830, 200341),
   * or 230031 for a click on a card past its interaction window.
   */
  clientError?: { code: number; msg: string };
  /** Present (false) when the click was refused by the client and never reached the bot. */
  delivered?: false;
}

export interface EventPusher {
  pushMessage(opts: PushMessageOptions): Promise<PushResult & { messageId: string; eventId: string }>;
  pushCardAction(opts: PushCardActionOptions): Promise<CardActionResult>;
  pushChallenge(opts?: { url?: string }): Promise<PushResult & { challenge: string; echoed: boolean }>;
}

/**
 * The other way to the bot: Feishu's long connection. Which way a push goes is the developer
 * console's subscription setting, one for events and one for card callbacks.
 */
export interface LongConnectionRoute {
  mode(kind: "events" | "callbacks"): "webhook" | "long_connection";
  /** One push to one connected client, its ack read as an HTTP answer would be. */
  deliver(payload: unknown, timeoutMs: number): Promise<Delivery>;
  /** The app's verification token, carried in envelopes when no webhook told the emulator another. */
  verificationToken: string;
}

export interface EventPusherOptions {
  /** The time zone a date picker's callback reports for its user. */
  timezone?: string;
  /** How long to wait for the bot's HTTP answer or ack; Feishu's 3 s unless a test needs otherwise. */
  timeoutMs?: number;
  /** Without it every push goes to the webhook. */
  longConnection?: LongConnectionRoute;
}

/** Where one push goes, and the identity its envelope carries. */
interface Target {
  identity: Identity;
  send(payload: unknown): Promise<Delivery>;
}

/** The message part of a pushed event, kept so that a redelivery is byte-for-byte the same event. */
type StoredEvent = Omit<MessageEventInput, "eventId">;

export class NoWebhookError extends Error {
  constructor() {
    super("the bot's webhook is not known to the emulator yet");
    this.name = "NoWebhookError";
  }
}

export function createEventPusher(
  ctx: EmulatorContext,
  getWebhook: () => Webhook | undefined,
  messaging: Messaging,
  options: EventPusherOptions = {},
): EventPusher {
  const timeoutMs = options.timeoutMs ?? FEISHU_WAIT_MS;
  const events = new Map<string, StoredEvent>();
  const lastEventOfMessage = new Map<string, string>();

  const webhook = (): Webhook => {
    const current = getWebhook();
    if (!current) throw new NoWebhookError();
    return current;
  };
  const identity = (hook: Webhook): Identity => ({
    appId: ctx.appId,
    tenantKey: SANDBOX_TENANT_KEY,
    verificationToken: hook.verificationToken,
  });
  const send = (url: string, payload: unknown, hook: Webhook): Promise<Delivery> =>
    deliver(url, payload, hook, { timeoutMs, nowSeconds: Math.floor(ctx.now() / 1000) });
  /** `url` overrides the webhook's; a long connection has no URL to override. */
  const target = (kind: "events" | "callbacks", url: string | undefined, webhookUrl: (hook: Webhook) => string): Target => {
    const longConnection = options.longConnection;
    if (longConnection?.mode(kind) === "long_connection") {
      if (url !== undefined) throw new Error(`a url applies to webhook delivery only: ${kind} go over the long connection`);
      // Plaintext and unsigned: the socket is the app's own, opened with its secret.
      const verificationToken = getWebhook()?.verificationToken ?? longConnection.verificationToken;
      return {
        identity: { appId: ctx.appId, tenantKey: SANDBOX_TENANT_KEY, verificationToken },
        send: (payload) => longConnection.deliver(payload, timeoutMs),
      };
    }
    const hook = webhook();
    return { identity: identity(hook), send: (payload) => send(url ?? webhookUrl(hook), payload, hook) };
  };

  const freshMessage = (opts: PushMessageOptions): StoredEvent => {
    if ((opts.text === undefined) === (opts.post === undefined)) {
      throw new Error("pushMessage needs exactly one of text or post");
    }
    const chatId = opts.chatId ?? (opts.chatType === "p2p" ? SANDBOX_CHATS.p2p : SANDBOX_CHATS.group);
    const knownType = messaging.chatType(chatId);
    // Feishu never changes a chat's type, and signs the type its events carry.
    if (opts.chatType !== undefined && knownType !== undefined && opts.chatType !== knownType) {
      throw new Error(`${chatId} is a ${knownType} chat: no message event can say it is a ${opts.chatType} one`);
    }
    const chatType = opts.chatType ?? knownType ?? "group";
    const mentionsBot = opts.mentionBot ?? chatType === "group";
    const botMention = mentionsBot ? [{ openId: ctx.bot.openId, name: ctx.bot.name, isBot: true }] : [];
    const content =
      opts.text !== undefined
        ? textContent(opts.text, mentionsBot)
        : postContent(opts.post ?? { content: [] }, mentionsBot ? ctx.bot : undefined);
    return {
      createTimeMs: ctx.now(),
      senderOpenId: opts.senderOpenId ?? DEFAULT_SENDER_OPEN_ID,
      messageId: opts.messageId ?? newMessageId(),
      chatId,
      chatType,
      messageType: opts.text !== undefined ? "text" : "post",
      content,
      mentions: botMention,
    };
  };

  const pushMessage: EventPusher["pushMessage"] = async (opts) => {
    const to = target("events", opts.url, (hook) => hook.eventUrl);
    const known = opts.eventId !== undefined ? events.get(opts.eventId) : undefined;
    const priorEvent = opts.messageId !== undefined ? lastEventOfMessage.get(opts.messageId) : undefined;
    const message = known ?? (priorEvent !== undefined ? events.get(priorEvent) : undefined) ?? freshMessage(opts);
    // Feishu delivers no message events from a group the bot is not in.
    if (messaging.chat(message.chatId)?.botIsMember === false) {
      throw new Error(`the bot is not in chat ${message.chatId}: no message event can come from it`);
    }
    const eventId = opts.eventId ?? priorEvent ?? newEventId();
    events.set(eventId, message);
    lastEventOfMessage.set(message.messageId, eventId);
    // Known before the push, so a reply the bot sends while handling it is valid.
    if (!messaging.message(message.messageId)) {
      messaging.registerIncoming({
        messageId: message.messageId,
        chatId: message.chatId,
        chatType: message.chatType,
        sender: { type: "user", id: message.senderOpenId },
        msgType: message.messageType,
        content: message.content,
        createTime: message.createTimeMs,
        updateTime: message.createTimeMs,
      });
    }
    const delivery = await to.send(messageEvent(to.identity, { eventId, ...message }));
    return { ...delivery, messageId: message.messageId, eventId };
  };

  const pushCardAction: EventPusher["pushCardAction"] = async (opts) => {
    const to = target("callbacks", opts.url, (hook) => hook.cardUrl ?? hook.eventUrl);
    const original = messaging.message(opts.openMessageId);
    if (!original || original.msgType !== "interactive") {
      throw new Error(`no card message ${opts.openMessageId} to click`);
    }
    // Feishu's open_chat_id is always the clicked message's chat: a click "from another chat" is a
    // click on a copy forwarded there, and its answer changes that copy, not the original.
    const picked = opts.option !== undefined && opts.tampered !== true ? checkPickedOption(original.card, opts.value, opts.option) : undefined;
    if (picked && !picked.ok) throw new OptionRefusedError(picked.why);
    const tag = opts.tag ?? (picked?.ok ? picked.tag : "button");
    const clicked = opts.chatId !== undefined && opts.chatId !== original.chatId ? messaging.forward(original.messageId, opts.chatId) : original;
    const token = newUpdateToken();
    const eventId = newEventId();
    const operatorOpenId = opts.operatorOpenId ?? DEFAULT_SENDER_OPEN_ID;
    // Past its interaction window a card no longer calls the bot: the client refuses the click.
    const expired = messaging.refuseExpiredClick({ token, messageId: clicked.messageId, operatorOpenId });
    if (expired && !expired.ok) {
      return {
        status: 0,
        body: "",
        timedOut: false,
        error: "not delivered: the card is past its interaction window",
        token,
        eventId,
        cardReplaced: false,
        delivered: false,
        clientError: { code: expired.code, msg: expired.msg },
      };
    }
    const payload = cardActionCallback(to.identity, {
      eventId,
      createTimeMs: ctx.now(),
      operatorOpenId,
      token,
      value: opts.value,
      tag,
      ...(opts.name !== undefined ? { name: opts.name } : {}),
      ...(opts.option !== undefined ? { option: opts.option } : {}),
      ...(tag === "date_picker" ? { timezone: opts.timezone ?? options.timezone ?? "Asia/Shanghai" } : {}),
      ...(opts.formValue !== undefined ? { formValue: opts.formValue } : {}),
      openMessageId: clicked.messageId,
      openChatId: clicked.chatId,
    });
    const delivery = await to.send(payload);
    const outcome = messaging.answerCallback({
      token,
      messageId: clicked.messageId,
      operatorOpenId,
      status: delivery.status,
      body: delivery.body,
      timedOut: delivery.timedOut,
    });
    const base = { ...delivery, token, eventId };
    if (outcome.ok) {
      return { ...base, answer: outcome.answer, ...(outcome.toast ? { toast: outcome.toast } : {}), cardReplaced: outcome.cardReplaced };
    }
    return {
      ...base,
      ...(outcome.answer !== undefined ? { answer: outcome.answer } : {}),
      cardReplaced: false,
      clientError: { code: outcome.code, msg: outcome.msg },
    };
  };

  const pushChallenge: EventPusher["pushChallenge"] = async (opts = {}) => {
    const hook = webhook();
    const challenge = randomUUID();
    const delivery = await send(opts.url ?? hook.eventUrl, challengeRequest(hook.verificationToken, challenge), hook);
    return { ...delivery, challenge, echoed: echoes(delivery, challenge) };
  };

  const pusher: EventPusher = { pushMessage, pushCardAction, pushChallenge };
  addPushRoutes(messaging.control, pusher);
  return pusher;
}

function echoes(delivery: Delivery, challenge: string): boolean {
  if (delivery.status !== 200) return false;
  try {
    const answer: unknown = JSON.parse(delivery.body);
    return typeof answer === "object" && answer !== null && (answer as Record<string, unknown>)["challenge"] === challenge;
  } catch {
    return false;
  }
}

