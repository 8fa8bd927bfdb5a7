/** The per-person command rate (userRate.ts): the first turn over it is told when to come back, the rest are ignored. */
import type { Logger } from "../../log/logger.js";
import type { UserRate } from "../userRate.js";
import type { Middleware } from "./turn.js";

export function personRate(rate: UserRate, logger: Logger): Middleware {
  return async (turn, next) => {
    const decision = rate.check(turn.senderOpenId);
    if (decision.kind === "ok") return next();
    if (decision.kind === "notice") {
      const refusal = { reason: "rate", retryAfterSeconds: decision.retryAfterSeconds } as const;
      // A message's notice waits its turn in the chat's queue (queued.ts), behind the asker's earlier answers.
      if (turn.source.kind === "message") {
        turn.deferred = refusal;
        return next();
      }
      return turn.respond.refuse(refusal);
    }
    logger.info({ messageId: turn.messageId, sender: turn.senderOpenId, source: turn.source.kind }, "sender over their command rate; ignored");
  };
}
