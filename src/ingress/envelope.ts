import { z } from "zod";
import type { CardAction, IncomingMessage } from "./types.js";

/** A decrypted, well-formed webhook payload, reduced to what ingress acts on. */
export type Envelope =
  | { kind: "url_verification"; token: string | undefined; challenge: string }
  | { kind: "message"; token: string | undefined; eventId: string; message: IncomingMessage }
  | { kind: "card_action"; token: string | undefined; eventId: string | undefined; action: CardAction }
  | { kind: "other"; token: string | undefined; eventId: string | undefined; eventType: string };

export type EnvelopeResult = { ok: true; envelope: Envelope } | { ok: false; reason: string };

export const MESSAGE_EVENT = "im.message.receive_v1";
export const CARD_ACTION_EVENT = "card.action.trigger";

const optionalString = z.string().optional();
const objectRecord = z.record(z.string(), z.unknown());

const urlVerification = z.object({
  type: z.literal("url_verification"),
  challenge: z.string(),
  token: optionalString,
});

/** Schema 2.0: `header.token` is the verification token. */
const schema2 = z.object({
  schema: z.literal("2.0"),
  header: z.object({
    event_id: z.string().min(1),
    event_type: z.string().min(1),
    token: optionalString,
  }),
  event: z.unknown(),
});

/** Schema 1.0 events: subscribed by nothing in this bot, but acknowledged rather than refused. */
const schema1 = z.object({
  type: z.literal("event_callback"),
  uuid: optionalString,
  token: optionalString,
  event: z.object({ type: z.string().min(1) }),
});

const messageEvent = z.object({
  sender: z.object({
    sender_id: z.object({ open_id: optionalString }).optional(),
    sender_type: z.string(),
  }),
  message: z.object({
    message_id: z.string().min(1),
    root_id: optionalString,
    parent_id: optionalString,
    chat_id: z.string().min(1),
    chat_type: z.string(),
    message_type: z.string(),
    content: z.string(),
    mentions: z
      .array(
        z.object({
          key: z.string(),
          id: z.object({ open_id: optionalString }).optional(),
          name: z.string().optional(),
        }),
      )
      .optional(),
  }),
});

/** Longest option, input value or multi-select entry kept: the bot's own options are far shorter. */
export const MAX_OPTION_LENGTH = 256;
/** Most multi-select entries kept. */
export const MAX_OPTIONS = 50;

/** A client-sent string, cut to the bound rather than refused: the command answers a wrong one with its usage. */
const boundedString = z.string().transform((text) => [...text].slice(0, MAX_OPTION_LENGTH).join(""));

/** `event.token` here is the card's update token, not the verification token. */
const cardActionEvent = z.object({
  operator: z.object({ open_id: z.string().min(1) }),
  token: z.string(),
  action: z.object({
    value: z.union([objectRecord, z.string()]).optional(),
    tag: optionalString,
    form_value: objectRecord.optional(),
    option: boundedString.optional(),
    options: z
      .array(boundedString)
      .transform((list) => list.slice(0, MAX_OPTIONS))
      .optional(),
    input_value: boundedString.optional(),
  }),
  context: z.object({ open_message_id: optionalString, open_chat_id: optionalString }).optional(),
});

/** Validates a decrypted payload. Never throws; anything malformed comes back with a reason. */
export function parseEnvelope(payload: unknown): EnvelopeResult {
  const verification = urlVerification.safeParse(payload);
  if (verification.success) {
    const { token, challenge } = verification.data;
    return ok({ kind: "url_verification", token, challenge });
  }

  const v2 = schema2.safeParse(payload);
  if (v2.success) {
    const { header, event } = v2.data;
    if (header.event_type === MESSAGE_EVENT) return toMessage(header.event_id, header.token, event);
    if (header.event_type === CARD_ACTION_EVENT) return toCardAction(header.event_id, header.token, event);
    return ok({ kind: "other", token: header.token, eventId: header.event_id, eventType: header.event_type });
  }

  const v1 = schema1.safeParse(payload);
  if (v1.success) {
    const { uuid, token, event } = v1.data;
    return ok({ kind: "other", token, eventId: uuid, eventType: event.type });
  }

  return { ok: false, reason: "not a url_verification, schema 2.0 or schema 1.0 event" };
}

function toMessage(eventId: string, token: string | undefined, event: unknown): EnvelopeResult {
  const parsed = messageEvent.safeParse(event);
  if (!parsed.success) return { ok: false, reason: `malformed ${MESSAGE_EVENT}` };
  const { sender, message } = parsed.data;
  const senderOpenId = sender.sender_id?.open_id;
  if (sender.sender_type === "user" && !senderOpenId) return { ok: false, reason: "message from a user without open_id" };
  return ok({
    kind: "message",
    token,
    eventId,
    message: {
      eventId,
      messageId: message.message_id,
      chatId: message.chat_id,
      chatType: message.chat_type,
      messageType: message.message_type,
      content: message.content,
      mentions: (message.mentions ?? []).map((m) => ({ key: m.key, openId: m.id?.open_id, name: m.name ?? "" })),
      senderOpenId: senderOpenId ?? "",
      senderType: sender.sender_type,
      rootId: message.root_id,
      parentId: message.parent_id,
    },
  });
}

function toCardAction(eventId: string, token: string | undefined, event: unknown): EnvelopeResult {
  const parsed = cardActionEvent.safeParse(event);
  if (!parsed.success) return { ok: false, reason: `malformed ${CARD_ACTION_EVENT}` };
  const { operator, action, context } = parsed.data;
  return ok({
    kind: "card_action",
    token,
    eventId,
    action: {
      eventId,
      operatorOpenId: operator.open_id,
      token: parsed.data.token,
      tag: action.tag,
      value: normaliseValue(action.value),
      formValue: action.form_value,
      ...(action.option !== undefined ? { option: action.option } : {}),
      ...(action.options !== undefined ? { options: action.options } : {}),
      ...(action.input_value !== undefined ? { inputValue: action.input_value } : {}),
      openMessageId: context?.open_message_id,
      openChatId: context?.open_chat_id,
    },
  });
}

/** A component's value may be a string (cards built elsewhere); ours are objects. */
function normaliseValue(value: Record<string, unknown> | string | undefined): Record<string, unknown> {
  if (value === undefined) return {};
  if (typeof value === "string") return { value };
  return value;
}

function ok(envelope: Envelope): EnvelopeResult {
  return { ok: true, envelope };
}
