/**
 * Webhook deliveries exactly as Feishu sends them (built with the emulator's own envelope and
 * crypto code): an `im.message.receive_v1` event, encrypted with the Encrypt Key and signed over
 * the body bytes. Pools are built before a load run so the load generator only copies bytes.
 */
import { randomBytes } from "node:crypto";
import { encryptPayload, signBody } from "../../src/sandbox/emulator/events/crypto.js";
import { messageEvent } from "../../src/sandbox/emulator/events/envelopes.js";

export interface WebhookKeys {
  encryptKey: string;
  verificationToken: string;
  appId: string;
}

export interface SignedRequest {
  body: string;
  headers: Record<string, string>;
}

export function freshKeys(appId = "cli_a1b2c3d4e5f60718"): WebhookKeys {
  return { encryptKey: randomBytes(16).toString("hex"), verificationToken: randomBytes(16).toString("hex"), appId };
}

export interface MessageSpec {
  /** Unique per delivery unless a redelivery is meant: the bot dedupes by message_id. */
  id: string;
  text: string;
  /** Each message comes from its own user in a direct chat unless told. */
  senderOpenId?: string;
  chatId?: string;
}

/** One signed, encrypted message event; `forged` signs it with the wrong key. */
export function signedMessage(keys: WebhookKeys, spec: MessageSpec, forged = false): SignedRequest {
  const createTimeMs = Date.now();
  const payload = messageEvent(
    { appId: keys.appId, tenantKey: "bench_tenant", verificationToken: keys.verificationToken },
    {
      eventId: `ev_${spec.id}`,
      createTimeMs,
      senderOpenId: spec.senderOpenId ?? `ou_${spec.id}`,
      messageId: `om_${spec.id}`,
      chatId: spec.chatId ?? `oc_${spec.id}`,
      chatType: "p2p",
      messageType: "text",
      content: JSON.stringify({ text: spec.text }),
      mentions: [],
    },
  );
  const body = JSON.stringify({ encrypt: encryptPayload(JSON.stringify(payload), keys.encryptKey) });
  const timestamp = String(Math.floor(createTimeMs / 1000));
  const nonce = randomBytes(8).toString("hex");
  const signature = signBody(timestamp, nonce, forged ? `${keys.encryptKey}-forged` : keys.encryptKey, body);
  return {
    body,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "x-lark-request-timestamp": timestamp,
      "x-lark-request-nonce": nonce,
      "x-lark-signature": signature,
    },
  };
}

let poolCounter = 0;

/** `count` distinct deliveries (ids never repeat within the process), texts chosen by index. */
export function messagePool(
  keys: WebhookKeys,
  count: number,
  text: (i: number) => string = () => "/help",
  forged = false,
): SignedRequest[] {
  const prefix = `b${process.pid}_${++poolCounter}_`;
  return Array.from({ length: count }, (_, i) => signedMessage(keys, { id: `${prefix}${i}`, text: text(i) }, forged));
}
