/**
 * The per-person rate (userRate.ts): the first turn over it is told when to come back, the rest are
 * ignored. A message is charged as a command on arrival; a click once its sealed value is read
 * (`clickRate`, after parse), because only then is it known whether it turns a page of its card,
 * which is charged as a page turn, or opens something new, which is charged as a command.
 */
import type { Logger } from "../../log/logger.js";
import type { RateCharge, UserRate } from "../userRate.js";
import type { CommandRequest, Middleware, Turn } from "./turn.js";

/** Messages: charged on arrival, before they wait in their chat's queue. Clicks pass on to `clickRate`. */
export function personRate(rate: UserRate, logger: Logger): Middleware {
  return async (turn, next) => {
    if (turn.source.kind !== "message") return next();
    return charge(turn, "command", rate, logger, next);
  };
}

/** Clicks, once parsed: a page turn against the page allowance, anything else as a command. */
export function clickRate(rate: UserRate, logger: Logger): Middleware {
  return async (turn, next) => {
    if (turn.source.kind !== "click" || !turn.request) return next();
    return charge(turn, isPageTurn(turn.request) ? "page" : "command", rate, logger, next);
  };
}

/** A button that moves through the list its card shows, answered in place: it carries a cursor and opens nothing new. */
export function isPageTurn(request: CommandRequest): boolean {
  return request.cursor !== undefined && request.opens === undefined;
}

async function charge(turn: Turn, as: RateCharge, rate: UserRate, logger: Logger, next: () => Promise<void>): Promise<void> {
  const decision = rate.check(turn.senderOpenId, as);
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
  logger.info({ messageId: turn.messageId, sender: turn.senderOpenId, source: turn.source.kind, charge: as }, "sender over their rate; ignored");
}
