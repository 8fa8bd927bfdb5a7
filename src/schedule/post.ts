/**
 * One digest period, posted exactly once however many processes share the store:
 *   1. a period already recorded as sent is skipped;
 *   2. a lock in the store (set-if-absent with a TTL; its value names the holder and the expiry)
 *      picks one process to build and send; the others are told when the lock expires, so the
 *      scheduler can try again then if the holder died;
 *   3. each chat is recorded on its own (`digest:<name>:<period>:<chat>`), so a retry sends only to
 *      the chats not yet recorded. Before a send a "sending" marker notes when it first went out;
 *      the card carries a uuid derived from the period and the chat, so a process that died after
 *      sending but before recording is retried into Feishu's one-hour dedupe, not a second post.
 *      Past that window (marker older than UNCONFIRMED_AFTER_MS) a repeat would land, so the chat
 *      is recorded as sent-unconfirmed with a warning instead;
 *   4. once every chat is recorded the period is, and the lock is let go if it is still ours.
 * A crash leaves the lock to expire; the TTL is well under the uuid window.
 */
import { randomUUID } from "node:crypto";
import { renderView } from "../cards/index.js";
import { createButtonSeal, sealedButtonValues } from "../cards/seal.js";
import { buildDigestView } from "../commands/digest/build.js";
import type { DigestView } from "../commands/digest/views.js";
import type { Config, DigestConfig } from "../config/types.js";
import { FeishuError, INTERNAL_ERROR_CODE } from "../feishu/errors.js";
import type { FeishuGateway } from "../feishu/gateway.js";
import type { Logger } from "../log/logger.js";
import type { Store } from "../store/store.js";
import { periodOf } from "../time/cron.js";
import { chatKey, lockKey, periodKey, sendingKey, sendUuid } from "./keys.js";

/** Longer than building and sending a digest takes, far shorter than Feishu's one-hour uuid window. */
export const LOCK_TTL_MS = 10 * 60_000;
/** A record outlives the catch-up window by a day: a restart within it never re-posts. */
export const RECORD_MARGIN_MS = 24 * 3600_000;
/**
 * A send first tried longer ago than this is not repeated: Feishu drops a repeated uuid for one
 * hour only, and the first try may have landed. Ten minutes of slack for clocks and slow sends.
 */
export const UNCONFIRMED_AFTER_MS = 50 * 60_000;
/** Chats sent to at once: quicker than one after another, gentle on the app's 50/s send limit. */
export const SEND_CONCURRENCY = 5;

export interface PostDeps {
  config: Config;
  gateway: FeishuGateway;
  store: Store;
  logger: Logger;
  /** ms since the epoch, for the lock's expiry and the sending markers; tests pass a fake clock. */
  now?: () => number;
}

export type PostResult =
  /** Every chat is recorded; `unconfirmed` ones were tried too long ago to send again. */
  | { status: "sent"; period: string; chats: string[]; unconfirmed: string[] }
  | { status: "already-sent"; period: string }
  /** Another process holds the period (or held it and died); its lock expires at `retryAt`. */
  | { status: "locked"; period: string; retryAt: number }
  /** Some chats could not be sent to; the period stays unrecorded so a retry sends to those only. */
  | { status: "failed"; period: string; chats: string[]; failed: string[] };

interface LockValue {
  owner: string;
  expiresAt: number;
}

export async function postPeriod(
  deps: PostDeps,
  digest: DigestConfig,
  occurrence: number,
  opts: { late: boolean },
): Promise<PostResult> {
  const { store, logger } = deps;
  const now = deps.now ?? Date.now;
  const period = periodOf(digest, occurrence);
  const key = periodKey(digest.name, period);
  const log = { digest: digest.name, period };
  const recordTtl = digest.catchUpMinutes * 60_000 + RECORD_MARGIN_MS;
  if ((await store.get(key)) !== undefined) return { status: "already-sent", period };

  const lock = lockKey(digest.name, period);
  const takenAt = now();
  const ours = JSON.stringify({ owner: `${process.pid}:${randomUUID()}`, expiresAt: takenAt + LOCK_TTL_MS } satisfies LockValue);
  if (!(await store.setIfAbsent(lock, ours, LOCK_TTL_MS))) {
    const retryAt = lockExpiry(await store.get(lock)) ?? takenAt + LOCK_TTL_MS;
    logger.debug({ ...log, retryAt: new Date(retryAt).toISOString() }, "digest period held by another process");
    return { status: "locked", period, retryAt };
  }
  try {
    // Another process may have finished the period between the first look and the lock.
    if ((await store.get(key)) !== undefined) return { status: "already-sent", period };
    let view: Promise<DigestView> | undefined;
    // Built once, and only if some chat still needs the card.
    const viewOnce = () =>
      (view ??= buildDigestView(digest, {
        deps: { gateway: deps.gateway, config: deps.config, now: () => occurrence },
        at: occurrence,
        locale: digest.locale,
        late: opts.late,
        preview: false,
        onSectionError: (section, err) => logger.warn({ ...log, section, err }, "digest section failed; posted with a note"),
      }));

    const chats: string[] = [];
    const unconfirmed: string[] = [];
    const failed: string[] = [];
    await forEachLimit(digest.chats, SEND_CONCURRENCY, async (chatId) => {
      const done = chatKey(digest.name, period, chatId);
      const marker = sendingKey(digest.name, period, chatId);
      try {
        if ((await store.get(done)) !== undefined) return;
        const firstTry = markerTime(await store.get(marker));
        if (firstTry !== undefined && now() - firstTry > UNCONFIRMED_AFTER_MS) {
          logger.warn(
            { ...log, chatId, firstTry: new Date(firstTry).toISOString() },
            "digest send to this chat was tried before and may have landed; past Feishu's uuid window a repeat would post twice, so it is recorded as sent-unconfirmed",
          );
          await store.set(done, JSON.stringify({ sentAt: new Date(now()).toISOString(), unconfirmed: true }), recordTtl);
          unconfirmed.push(chatId);
          return;
        }
        // Only the first try is noted: a repeat is dropped within the hour after the first that landed.
        if (firstTry === undefined) await store.set(marker, JSON.stringify({ at: now() }), recordTtl);
        // Digests go to chats by id; treated as group chats, so no card of theirs can show a password.
        const place = { chatId, issuedAt: Math.floor(now() / 1000) };
        const card = renderView(await viewOnce(), digest.locale, {
          buttonValues: sealedButtonValues(createButtonSeal(deps.config.feishu), place),
        });
        try {
          await deps.gateway.sendCard(chatId, card, sendUuid(digest.name, period, chatId));
        } catch (err) {
          // Feishu refused it outright: nothing landed, so a later retry may send without the marker.
          if (definitelyNotSent(err)) await store.delete(marker).catch(() => undefined);
          throw err;
        }
        await store.set(done, JSON.stringify({ sentAt: new Date(now()).toISOString(), late: opts.late }), recordTtl);
        chats.push(chatId);
      } catch (err) {
        failed.push(chatId);
        logger.error({ ...log, chatId, err }, "digest could not be posted to a chat; retried later");
      }
    });
    if (failed.length > 0) return { status: "failed", period, chats, failed };
    const record = JSON.stringify({ sentAt: new Date(now()).toISOString(), late: opts.late, chats: digest.chats, unconfirmed });
    await store.set(key, record, recordTtl);
    logger.info({ ...log, chats, unconfirmed, late: opts.late }, "digest posted");
    return { status: "sent", period, chats, unconfirmed };
  } finally {
    await releaseLock(store, lock, ours).catch((err: unknown) => logger.warn({ ...log, err }, "digest lock not removed; it expires"));
  }
}

/** Deletes the lock only while it still holds our value: a run that outlived the TTL must not remove the lock another process took since. */
async function releaseLock(store: Store, lock: string, ours: string): Promise<void> {
  await store.compareAndDelete(lock, ours);
}

function lockExpiry(value: string | undefined): number | undefined {
  const parsed = parseJson(value) as Partial<LockValue> | undefined;
  return typeof parsed?.expiresAt === "number" ? parsed.expiresAt : undefined;
}

function markerTime(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = parseJson(value) as { at?: unknown } | undefined;
  // An unreadable marker still says a send was tried: treat it as old rather than risk a repeat.
  return typeof parsed?.at === "number" ? parsed.at : 0;
}

function parseJson(value: string | undefined): unknown {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}

/** Feishu answered with its own error code (not an internal error or a 5xx): no message was created. */
function definitelyNotSent(err: unknown): boolean {
  return (
    err instanceof FeishuError &&
    err.code > 0 &&
    err.code !== INTERNAL_ERROR_CODE &&
    (err.httpStatus === undefined || err.httpStatus < 500)
  );
}

async function forEachLimit<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
