/**
 * Builds webhook requests the way Feishu does: AES-256-CBC under sha256(encryptKey) with a
 * random IV, signed over the exact bytes sent. Independent of src/ so the tests check the
 * implementation against the documented scheme, not against itself.
 */
import { createCipheriv, createHash, randomBytes, randomUUID } from "node:crypto";

export function encrypt(plaintext: string, encryptKey: string): string {
  const key = createHash("sha256").update(encryptKey).digest();
  const iv = randomBytes(16);
  const cipher = createCipheriv("aes-256-cbc", key, iv);
  return Buffer.concat([iv, cipher.update(plaintext, "utf8"), cipher.final()]).toString("base64");
}

export function encryptedBody(payload: unknown, encryptKey: string): string {
  return JSON.stringify({ encrypt: encrypt(JSON.stringify(payload), encryptKey) });
}

export function sign(timestamp: string, nonce: string, encryptKey: string, body: Buffer | string): string {
  const bytes = typeof body === "string" ? Buffer.from(body, "utf8") : body;
  return createHash("sha256")
    .update(Buffer.concat([Buffer.from(timestamp + nonce + encryptKey, "utf8"), bytes]))
    .digest("hex");
}

export interface SignOptions {
  timestampSeconds?: number;
  nonce?: string;
}

export function signedHeaders(body: Buffer | string, encryptKey: string, options: SignOptions = {}): Record<string, string> {
  const timestamp = String(options.timestampSeconds ?? Math.floor(Date.now() / 1000));
  const nonce = options.nonce ?? randomUUID();
  return {
    "content-type": "application/json; charset=utf-8",
    "x-lark-request-timestamp": timestamp,
    "x-lark-request-nonce": nonce,
    "x-lark-signature": sign(timestamp, nonce, encryptKey, body),
  };
}

export function urlVerification(token: string, challenge = "challenge-" + randomUUID()): Record<string, unknown> {
  return { challenge, token, type: "url_verification" };
}

export interface MessageEventOptions {
  token: string;
  eventId?: string;
  messageId?: string;
  senderType?: string;
  text?: string;
}

export function messageEvent(options: MessageEventOptions): Record<string, unknown> {
  return {
    schema: "2.0",
    header: {
      event_id: options.eventId ?? "ev_" + randomUUID(),
      event_type: "im.message.receive_v1",
      create_time: "1608725989000",
      token: options.token,
      app_id: "cli_9f5343c580712544",
      tenant_key: "2ca1d211f64f6438",
    },
    event: {
      sender: {
        sender_id: { union_id: "on_8ed6", user_id: "e33ggbyz", open_id: "ou_sender" },
        sender_type: options.senderType ?? "user",
        tenant_key: "736588c9260f175e",
      },
      message: {
        message_id: options.messageId ?? "om_" + randomUUID(),
        root_id: "om_root",
        create_time: "1609073151345",
        chat_id: "oc_chat",
        chat_type: "group",
        message_type: "text",
        content: JSON.stringify({ text: options.text ?? "@_user_1 /help" }),
        mentions: [{ key: "@_user_1", id: { open_id: "ou_bot", union_id: "on_x" }, name: "Bot", tenant_key: "t" }],
      },
    },
  };
}

export interface CardActionOptions {
  token: string;
  eventId?: string;
  value?: unknown;
}

export function cardActionEvent(options: CardActionOptions): Record<string, unknown> {
  return {
    schema: "2.0",
    header: {
      event_id: options.eventId ?? "ev_" + randomUUID(),
      token: options.token,
      create_time: "1603977298000000",
      event_type: "card.action.trigger",
      tenant_key: "2df73991750",
      app_id: "cli_a5fb0ae6a4",
    },
    event: {
      operator: { tenant_key: "2df73991750", open_id: "ou_operator", union_id: "on_cad" },
      token: "c-update-token",
      action: { value: options.value ?? { cmd: "rooms", cursor: "p2" }, tag: "button", name: "Button_next" },
      host: "im_message",
      context: { open_message_id: "om_card", open_chat_id: "oc_chat" },
    },
  };
}

export function otherEvent(token: string, eventId = "ev_" + randomUUID()): Record<string, unknown> {
  return {
    schema: "2.0",
    header: { event_id: eventId, event_type: "im.chat.member.bot.added_v1", token, create_time: "1", app_id: "a", tenant_key: "t" },
    event: { chat_id: "oc_chat" },
  };
}
