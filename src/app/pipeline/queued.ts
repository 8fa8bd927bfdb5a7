/**
 * Messages wait their turn in the per-chat work queue (queue.ts) for the rest of the pipeline, their
 * reply included, so a chat's answers keep the order of its messages. Clicks are answered inline
 * within Feishu's 3 s and pass straight on.
 */
import type { Logger } from "../../log/logger.js";
import type { ChatQueue } from "../queue.js";
import type { Middleware } from "./turn.js";

/** At shutdown, how long the "restarting, send it again" replies to unstarted commands may take. */
const SHUTDOWN_NOTICE_GRACE_MS = 3_000;

export function queued(queue: ChatQueue, logger: Logger): Middleware {
  return async (turn, next) => {
    if (turn.source.kind !== "message") return next();
    const pushed = queue.push(turn.chatId, {
      run: () => (turn.deferred ? turn.respond.refuse(turn.deferred) : next()),
      cancel: () => withDeadline(turn.respond.refuse({ reason: "busy", busy: "shutting-down" }), SHUTDOWN_NOTICE_GRACE_MS),
    });
    if (!pushed.accepted) {
      logger.warn({ messageId: turn.messageId, chatId: turn.chatId, reason: pushed.reason, pending: queue.pending, running: queue.running }, "command not queued");
      await turn.respond.refuse({ reason: "busy", busy: pushed.reason === "full" ? "queue-full" : "shutting-down" });
      return;
    }
    await pushed.done;
  };
}

/** Resolves when `work` settles or after `ms`, whichever comes first. */
async function withDeadline(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work.catch(() => undefined), new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
