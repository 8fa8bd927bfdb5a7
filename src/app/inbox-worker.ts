/**
 * Works through the store's durable inbox (store.ts `Inbox`): ingress records each accepted message
 * there before Feishu gets its 200, and this worker claims the entries, runs each and completes it.
 * A claim is held under a lease renewed while the work runs; a process that dies leaves its claims
 * to lapse, and whoever looks next (this process after a restart, or another replica) resumes them.
 * Resumed work never posts twice: a reply's uuid is derived from the message.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "../ingress/types.js";
import type { Logger } from "../log/logger.js";
import type { Inbox, InboxEntry } from "../store/store.js";

export interface InboxWorkerOptions {
  inbox: Inbox;
  /** Answers one message; resolves once it has been answered (or given up on). */
  run(message: IncomingMessage, entry: InboxReceipt): Promise<void>;
  logger: Logger;
  /** How long a claim lasts without renewal: a dead process's work is resumed this long after. */
  leaseMs?: number;
  /** Entries held at once; the rest wait in the store. */
  maxInFlight?: number;
  /** An entry claimed this many times without finishing is given up (logged), not tried for ever. */
  maxAttempts?: number;
}

/** What the inbox knows of a message beyond the message itself. */
export interface InboxReceipt {
  /** When ingress recorded it (ms since the epoch, on the store's clock): the time its answer is measured from, on every attempt. */
  receivedAt: number;
  /** Claims so far, this one included. */
  attempts: number;
}

export interface InboxWorker {
  /** Looks for work now (ingress calls it after each accepted message). */
  wake(): void;
  /**
   * Resolves once the entry `id` is no longer waiting here: answered by this process, or found
   * neither waiting nor held (done already, or another replica holds it).
   */
  settled(id: string): Promise<void>;
  /** Starts the periodic look for work that lapsed elsewhere, and resumes anything waiting now. */
  start(): void;
  /**
   * Takes what is waiting now (as far as maxInFlight allows), then claims nothing more; claims held
   * are still renewed while their work goes on. For a graceful stop once no more messages come in:
   * what this process acknowledged last is answered by it, not left for the next start.
   */
  stop(): Promise<void>;
  /** Stops renewing too (after the held work has finished or been given up). */
  close(): void;
  readonly inFlight: number;
}

export const DEFAULT_LEASE_MS = 30_000;

export function createInboxWorker(opts: InboxWorkerOptions): InboxWorker {
  const { inbox, logger } = opts;
  const leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
  const maxInFlight = opts.maxInFlight ?? 10_000;
  const maxAttempts = opts.maxAttempts ?? 5;
  // One owner per process and start: a restarted process never mistakes its predecessor's claims for its own.
  const owner = `${process.pid}:${randomUUID()}`;
  const held = new Set<string>();
  /** Held entries whose completion is under way: a renewal refused for them is no lost claim. */
  const finishing = new Set<string>();
  const waiters = new Map<string, Array<() => void>>();
  let running = false;
  let claiming: Promise<void> | undefined;
  let again = false;
  let timer: NodeJS.Timeout | undefined;

  async function claimAll(): Promise<void> {
    while (running && held.size < maxInFlight) {
      let entry: InboxEntry | undefined;
      try {
        entry = await inbox.claim(owner, leaseMs);
      } catch (error) {
        logger.error({ err: error }, "inbox: claim failed; trying again at the next look");
        return;
      }
      if (!entry) {
        settleWaiters((id) => !held.has(id));
        return;
      }
      work(entry);
    }
  }

  function work(entry: InboxEntry): void {
    held.add(entry.id);
    void answer(entry).finally(() => {
      held.delete(entry.id);
      finishing.delete(entry.id);
      settleWaiters((id) => id === entry.id);
      wake();
    });
  }

  async function answer(entry: InboxEntry): Promise<void> {
    const log = { inboxId: entry.id, attempts: entry.attempts };
    if (entry.attempts > 1) logger.warn(log, "inbox: resuming a message another process (or an earlier run) accepted and did not finish");
    let message: IncomingMessage | undefined;
    try {
      message = JSON.parse(entry.payload) as IncomingMessage;
    } catch (error) {
      logger.error({ ...log, err: error }, "inbox: entry is not a message; dropped");
    }
    if (message && entry.attempts > maxAttempts) {
      logger.error(log, "inbox: message failed too many times; given up");
      message = undefined;
    }
    if (message) {
      try {
        await opts.run(message, { receivedAt: entry.addedAt, attempts: entry.attempts });
      } catch (error) {
        logger.error({ ...log, err: error }, "inbox: answering failed");
      }
    }
    finishing.add(entry.id);
    try {
      if (!(await inbox.complete(entry.id, owner))) logger.warn(log, "inbox: the claim was taken over before the answer finished");
    } catch (error) {
      // The entry stays claimed and lapses: it is resumed, and its reply's uuid keeps it from posting twice.
      logger.error({ ...log, err: error }, "inbox: could not mark the message done");
    }
  }

  /** Keeps every held claim alive while its work runs. */
  async function renew(): Promise<void> {
    for (const id of held) {
      try {
        if (finishing.has(id)) continue;
        // Completed while the extend was on its way: a refusal then loses nothing.
        if (!(await inbox.extend(id, owner, leaseMs)) && held.has(id) && !finishing.has(id)) {
          logger.warn({ inboxId: id }, "inbox: lost a claim while working on it");
        }
      } catch (error) {
        logger.error({ err: error, inboxId: id }, "inbox: could not renew a claim");
      }
    }
  }

  function settleWaiters(done: (id: string) => boolean): void {
    for (const [id, resolvers] of waiters) {
      if (!done(id)) continue;
      waiters.delete(id);
      for (const resolve of resolvers) resolve();
    }
  }

  function wake(): void {
    if (!running) return;
    if (claiming) {
      again = true;
      return;
    }
    claiming = claimAll().finally(() => {
      claiming = undefined;
      if (again) {
        again = false;
        wake();
      }
    });
  }

  return {
    wake,
    settled(id) {
      return new Promise<void>((resolve) => {
        // A stopped worker looks no more: only what it holds can still settle.
        if (!running && !held.has(id)) return resolve();
        waiters.set(id, [...(waiters.get(id) ?? []), resolve]);
        wake();
      });
    },
    start() {
      if (running) return;
      running = true;
      // A third of the lease: a claim is renewed twice before it could lapse, and lapsed ones elsewhere are found as soon.
      timer = setInterval(() => {
        void renew();
        wake();
      }, Math.max(10, Math.floor(leaseMs / 3)));
      timer.unref();
      wake();
    },
    async stop() {
      if (running) {
        // A claim pass under way may have missed an entry added since it looked: look once more.
        await claiming;
        await claimAll();
      }
      running = false;
      settleWaiters(() => true);
    },
    close() {
      running = false;
      if (timer) clearInterval(timer);
      timer = undefined;
      settleWaiters(() => true);
    },
    get inFlight() {
      return held.size;
    },
  };
}
