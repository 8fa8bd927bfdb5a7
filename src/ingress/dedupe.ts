import type { Envelope } from "./envelope.js";

/**
 * The store key that marks a delivery as seen. Messages go by message_id: Feishu may redeliver
 * one message under a new event_id. Everything else goes by event_id.
 */
export function dedupeKey(envelope: Envelope): string | undefined {
  switch (envelope.kind) {
    case "message":
      return messageInboxId(envelope.message.messageId);
    case "card_action":
    case "other":
      return envelope.eventId === undefined || envelope.eventId === "" ? undefined : `ingress:event:${envelope.eventId}`;
    case "url_verification":
      return undefined;
  }
}

/** A message's id in the store's inbox, which is also its dedupe mark. */
export function messageInboxId(messageId: string): string {
  return `ingress:message:${messageId}`;
}
