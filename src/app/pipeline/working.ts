/**
 * A message's command that is still running after `afterMs` (0.7 s) shows a
 * "working on it" card at once, as the reply to the message; its answer, or its error card, then
 * replaces that card in place (the message responder patches it). A fast command replies once, as
 * it always did. Clicks have their own budget (respond/click.ts) and pass straight on.
 */
import type { Logger } from "../../log/logger.js";
import type { Middleware } from "./turn.js";

/**
 * A command running longer than this gets a "working on it" card, later replaced by its answer.
 * Not 1 s: the card itself takes a reply's round trip to show, and something must show within 1 s
 * (issue 12's goal; `npm run bench`'s first-card rows measure it with 80 ms a call).
 */
export const WORKING_NOTICE_AFTER_MS = 700;

export function working(logger: Logger, afterMs = WORKING_NOTICE_AFTER_MS): Middleware {
  return async (turn, next) => {
    if (turn.source.kind !== "message") return next();
    const timer = setTimeout(() => {
      if (turn.respond.answered) return;
      // The responder remembers the card, and the answer waits for it: it is patched, never overtaken.
      turn.respond.working().catch((error: unknown) => logger.error({ err: error, messageId: turn.messageId }, "could not send the working card"));
    }, afterMs);
    try {
      await next();
    } finally {
      clearTimeout(timer);
    }
  };
}
