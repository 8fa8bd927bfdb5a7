/**
 * Messages wait their turn in the per-chat work queue (queue.ts) for the rest of the pipeline, their
 * reply included, so a chat's answers keep the order of its messages. A two-step answer gives its
 * turn back once its first card is out (its final card patches that card, so order is kept). Clicks
 * are answered inline within Feishu's 3 s and pass straight on.
 */
import type { Logger } from "../../log/logger.js";
import type { ChatQueue } from "../queue.js";
import type { Middleware } from "./turn.js";

/** At shutdown, how long the "restarting, send it again" replies to unstarted commands may take. */
const SHUTDOWN_NOTICE_GRACE_MS = 3_000;

/** A command still waiting this long is told its answer will follow (5 s: long enough to mean a backlog). */
export const DELAYED_NOTICE_AFTER_MS = 5_000;

export function queued(queue: ChatQueue, logger: Logger, delayedNoticeAfterMs = DELAYED_NOTICE_AFTER_MS): Middleware {
  return async (turn, next) => {
    if (turn.source.kind !== "message") return next();
    let started = false;
    let notice: Promise<void> = Promise.resolve();
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    turn.releaseChat = release;
    let rest: Promise<void> | undefined;
    const timer = setTimeout(() => {
      if (!started && !turn.deferred) notice = turn.respond.delayed().catch(() => undefined);
    }, delayedNoticeAfterMs);
    const pushed = queue.push(turn.chatId, {
      // A "your answer will follow" card already on its way goes out first, never after the answer.
      run: () => {
        started = true;
        clearTimeout(timer);
        rest = notice.then(() => (turn.deferred ? turn.respond.refuse(turn.deferred) : next()));
        // The chat's slot is given back when the turn ends, or earlier when it says so (releaseChat).
        // Its failure is logged below, once, whenever it comes.
        return Promise.race([rest.catch(() => undefined), released]);
      },
      cancel: () => withDeadline(turn.respond.refuse({ reason: "busy", busy: "shutting-down" }), SHUTDOWN_NOTICE_GRACE_MS),
    });
    if (!pushed.accepted) {
      clearTimeout(timer);
      logger.warn({ messageId: turn.messageId, chatId: turn.chatId, reason: pushed.reason, pending: queue.pending, running: queue.running }, "command not queued");
      await turn.respond.refuse({ reason: "busy", busy: pushed.reason === "full" ? "queue-full" : "shutting-down" });
      return;
    }
    try {
      await pushed.done;
    } finally {
      clearTimeout(timer);
    }
    // A turn that gave its slot back early is still finishing (a two-step answer's final card): the
    // message is done, and its inbox entry completed, only once that is out.
    if (rest) {
      await rest.catch((error: unknown) => logger.error({ err: error, messageId: turn.messageId }, "queued command failed"));
    }
  };
}

/** Resolves when `work` settles or after `ms`, whichever comes first. */
async function withDeadline(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work.catch(() => undefined), new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
