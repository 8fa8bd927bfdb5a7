/**
 * One digest period, posted exactly once however many processes share the store:
 *   1. a period already recorded as sent is skipped;
 *   2. a lock in the store (set-if-absent with a TTL) picks one process to build and send;
 *   3. each chat gets the card with a uuid derived from the period and the chat, so a process that
 *      died after sending but before recording is retried into Feishu's dedupe, not a second post;
 *   4. the period is recorded as sent, and the lock let go.
 * A crash leaves the lock to expire. Its TTL is well under Feishu's one-hour uuid window, so the
 * retry that follows (catch-up on start) still lands inside it.
 */
import { renderView } from "../cards/index.js";
import { buildDigestView, digestForChat } from "../commands/digest/build.js";
import type { Config, DigestConfig } from "../config/types.js";
import type { FeishuGateway } from "../feishu/gateway.js";
import type { Logger } from "../log/logger.js";
import type { Store } from "../store/store.js";
import { periodOf } from "./cron.js";
import { lockKey, periodKey, sendUuid } from "./keys.js";

/** Longer than building and sending a digest takes, far shorter than Feishu's one-hour uuid window. */
export const LOCK_TTL_MS = 10 * 60_000;
/** A record outlives the catch-up window by a day: a restart within it never re-posts. */
export const RECORD_MARGIN_MS = 24 * 3600_000;

export interface PostDeps {
  config: Config;
  gateway: FeishuGateway;
  store: Store;
  logger: Logger;
}

export type PostResult =
  | { status: "sent"; period: string; chats: string[]; failed: string[] }
  | { status: "already-sent"; period: string }
  /** Another process holds the period (or held it and died: its lock expires). */
  | { status: "locked"; period: string }
  /** No chat could be sent to; the lock is let go so a later start may try again. */
  | { status: "failed"; period: string; failed: string[] };

export async function postPeriod(
  deps: PostDeps,
  digest: DigestConfig,
  occurrence: number,
  opts: { late: boolean },
): Promise<PostResult> {
  const { store, logger } = deps;
  const period = periodOf(digest, occurrence);
  const key = periodKey(digest.name, period);
  const log = { digest: digest.name, period };
  if ((await store.get(key)) !== undefined) return { status: "already-sent", period };
  const lock = lockKey(digest.name, period);
  if (!(await store.setIfAbsent(lock, `${process.pid}@${new Date().toISOString()}`, LOCK_TTL_MS))) {
    logger.debug(log, "digest period held by another process");
    return { status: "locked", period };
  }
  let recorded = false;
  try {
    // Another process may have finished the period between the first look and the lock.
    if ((await store.get(key)) !== undefined) return { status: "already-sent", period };
    const view = await buildDigestView(digest, {
      deps: { gateway: deps.gateway, config: deps.config, now: () => occurrence },
      at: occurrence,
      chat: { chatType: "group", chatId: "" },
      locale: digest.locale,
      late: opts.late,
      preview: false,
      onSectionError: (section, err) => logger.warn({ ...log, section, err }, "digest section failed; posted with a note"),
    });
    const chats: string[] = [];
    const failed: string[] = [];
    for (const chatId of digest.chats) {
      try {
        const card = renderView(digestForChat(view, chatId), digest.locale);
        await deps.gateway.sendCard(chatId, card, sendUuid(digest.name, period, chatId));
        chats.push(chatId);
      } catch (err) {
        failed.push(chatId);
        logger.error({ ...log, chatId, err }, "digest could not be posted to a chat");
      }
    }
    if (chats.length === 0) return { status: "failed", period, failed };
    const record = JSON.stringify({ sentAt: new Date().toISOString(), late: opts.late, chats, failed });
    await store.set(key, record, digest.catchUpMinutes * 60_000 + RECORD_MARGIN_MS);
    recorded = true;
    logger.info({ ...log, chats, failed, late: opts.late }, "digest posted");
    return { status: "sent", period, chats, failed };
  } finally {
    // Recorded or failed, the lock has done its job; a failed delete just waits out its TTL.
    await store.delete(lock).catch((err: unknown) => logger.warn({ ...log, err, recorded }, "digest lock not removed; it expires"));
  }
}
