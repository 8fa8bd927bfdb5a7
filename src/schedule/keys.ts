/**
 * The store keys and the message uuid of one digest period. The uuid is derived from the period
 * and the chat, so a send repeated after a crash (before its record was written) is dropped by
 * Feishu within its one-hour window instead of posting twice.
 */
import { uuidFor } from "../feishu/uuid.js";

/** Set once the period was posted: "digest:morning:2026-11-21T09:00". */
export function periodKey(name: string, period: string): string {
  return `digest:${name}:${period}`;
}

/** Held while one process builds and sends the period. */
export function lockKey(name: string, period: string): string {
  return `${periodKey(name, period)}:lock`;
}

/** Set once the period was posted to one chat: "digest:morning:2026-11-21T09:00:oc_…". */
export function chatKey(name: string, period: string, chatId: string): string {
  return `${periodKey(name, period)}:${chatId}`;
}

/**
 * Written before the first send to a chat that may have landed, with its time: past Feishu's uuid
 * window a repeat would no longer be dropped, so an old marker means "do not send again".
 */
export function sendingKey(name: string, period: string, chatId: string): string {
  return `${chatKey(name, period, chatId)}:sending`;
}

export function sendUuid(name: string, period: string, chatId: string): string {
  return uuidFor("digest", `${periodKey(name, period)}\n${chatId}`);
}
