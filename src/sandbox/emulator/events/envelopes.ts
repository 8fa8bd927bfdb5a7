/**
 * The JSON Feishu pushes, built as the pages show it: the `im.message.receive_v1` event
 * (im-message-receive-event.md), the `card.action.trigger` callback
 * (card-action-trigger-callback.md) and the `url_verification` challenge (events-webhook.md).
 */
import { createHash } from "node:crypto";

export interface Identity {
  appId: string;
  tenantKey: string;
  verificationToken: string;
}

/** The ids Feishu gives one user besides the open_id, derived so they stay stable per user. */
export function userIds(openId: string): { union_id: string; user_id: string; open_id: string } {
  const digest = createHash("sha256").update(openId).digest("hex");
  return { union_id: `on_${digest.slice(0, 32)}`, user_id: digest.slice(32, 40), open_id: openId };
}

export interface MentionedUser {
  openId: string;
  name: string;
  /** Bots have no union_id or user_id in a mention. */
  isBot: boolean;
}

export interface MessageEventInput {
  eventId: string;
  createTimeMs: number;
  senderOpenId: string;
  messageId: string;
  chatId: string;
  chatType: "group" | "p2p";
  messageType: "text" | "post";
  content: string;
  mentions: MentionedUser[];
}

export function messageEvent(identity: Identity, input: MessageEventInput): Record<string, unknown> {
  return {
    schema: "2.0",
    header: {
      event_id: input.eventId,
      event_type: "im.message.receive_v1",
      create_time: String(input.createTimeMs),
      token: identity.verificationToken,
      app_id: identity.appId,
      tenant_key: identity.tenantKey,
    },
    event: {
      sender: {
        sender_id: userIds(input.senderOpenId),
        sender_type: "user",
        tenant_key: identity.tenantKey,
      },
      message: {
        message_id: input.messageId,
        create_time: String(input.createTimeMs),
        update_time: String(input.createTimeMs),
        chat_id: input.chatId,
        chat_type: input.chatType,
        message_type: input.messageType,
        content: input.content,
        mentions: input.mentions.map((user, i) => ({
          key: `@_user_${i + 1}`,
          id: user.isBot ? { union_id: "", user_id: "", open_id: user.openId } : userIds(user.openId),
          name: user.name,
          tenant_key: identity.tenantKey,
        })),
      },
    },
  };
}

export interface CardActionInput {
  eventId: string;
  createTimeMs: number;
  operatorOpenId: string;
  token: string;
  value: Record<string, unknown>;
  tag: string;
  name?: string;
  formValue?: Record<string, unknown>;
  /** A picker's pick: its option, and for a date picker its user's time zone. */
  option?: string;
  timezone?: string;
  openMessageId: string;
  openChatId: string;
}

export function cardActionCallback(identity: Identity, input: CardActionInput): Record<string, unknown> {
  return {
    schema: "2.0",
    header: {
      event_id: input.eventId,
      token: identity.verificationToken,
      // Callbacks carry microseconds, unlike message events.
      create_time: `${input.createTimeMs}000`,
      event_type: "card.action.trigger",
      tenant_key: identity.tenantKey,
      app_id: identity.appId,
    },
    event: {
      operator: { tenant_key: identity.tenantKey, ...userIds(input.operatorOpenId) },
      token: input.token,
      action: {
        value: input.value,
        tag: input.tag,
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.formValue !== undefined ? { form_value: input.formValue } : {}),
        ...(input.option !== undefined ? { option: input.option } : {}),
        ...(input.timezone !== undefined ? { timezone: input.timezone } : {}),
      },
      host: "im_message",
      context: { open_message_id: input.openMessageId, open_chat_id: input.openChatId },
    },
  };
}

export function challengeRequest(verificationToken: string, challenge: string): Record<string, unknown> {
  return { challenge, token: verificationToken, type: "url_verification" };
}

/** A text message's content; a mention of the bot comes first, as Feishu renders "@Bot ...". */
export function textContent(text: string, mentionsBot: boolean): string {
  return JSON.stringify({ text: mentionsBot ? `@_user_1 ${text}` : text });
}

/** A rich-text message's content as received (im-content-receive.md): the bot's "at" leads. */
export function postContent(post: { title?: string; content: unknown[][] }, bot: { name: string } | undefined): string {
  const at = bot ? [{ tag: "at", user_id: "@_user_1", user_name: bot.name, style: [] }] : [];
  const [first = [], ...rest] = post.content;
  const paragraphs = bot ? [[...at, ...first], ...rest] : post.content;
  return JSON.stringify({ title: post.title ?? "", content: paragraphs });
}
