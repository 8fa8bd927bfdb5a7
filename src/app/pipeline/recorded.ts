/**
 * The first step: counts each command turn by its command and how it ended, and times its answer
 * from the event's arrival. Every way a turn ends passes through its responder, so this step wraps
 * it; the kind of a failure is the code errors-to-cards notes on the turn. A turn that is neither
 * parsed nor answered (chatter in a group, no mention) is no command and is not counted.
 */
import type { CommandOutcome, MetricsRecorder, RefusalOutcome } from "../../metrics/index.js";
import type { View } from "../../commands/types.js";
import type { Middleware, Refusal, Responder, Turn } from "./turn.js";

export function recorded(metrics: Pick<MetricsRecorder, "commands" | "replies">, clock: () => number = Date.now): Middleware {
  return async (turn, next) => {
    let outcome: CommandOutcome | undefined;
    let timed = false;
    /** Runs one answer; the first to get out is timed, and one that fails to get out says so. */
    const answer = async (send: () => Promise<void>): Promise<void> => {
      try {
        await send();
      } catch (error) {
        outcome = "reply_failed";
        throw error;
      }
      if (timed || turn.receivedAt === undefined) return;
      timed = true;
      metrics.replies.answered(turn.source.kind === "message" ? "message" : "click", (clock() - turn.receivedAt) / 1000);
    };
    const failed = (): CommandOutcome => turn.failure ?? "unexpected_error";
    const inner = turn.respond;
    const respond: Responder = {
      get answered() {
        return inner.answered;
      },
      view(view, more) {
        outcome ??= "ok";
        return answer(() => inner.view(view, more));
      },
      update(view) {
        // The final view of a two-step answer: an error card here means its second step failed.
        if (view.kind === "error") outcome = failed();
        return answer(() => inner.update(view));
      },
      error(view) {
        outcome = view.kind === "usage" ? "usage_error" : failed();
        return answer(() => inner.error(view));
      },
      refuse(refusal) {
        outcome = refusalOutcome(refusal);
        return answer(() => inner.refuse(refusal));
      },
      ...(inner.progress ? { progress: (view: () => View) => inner.progress?.(view) } : {}),
      delayed: () => inner.delayed(),
      working: () => inner.working(),
      ...(inner.exporting
        ? {
            exporting: () => {
              outcome ??= "ok";
              return answer(() => inner.exporting!());
            },
          }
        : {}),
    };
    turn.respond = respond;
    try {
      await next();
    } catch (error) {
      outcome ??= failed();
      throw error;
    } finally {
      count(metrics, turn, outcome);
    }
  };
}

function count(metrics: Pick<MetricsRecorder, "commands">, turn: Turn, outcome: CommandOutcome | undefined): void {
  const command = turn.request?.command.name;
  if (outcome === undefined && command === undefined) return;
  metrics.commands.completed(command ?? "unknown", outcome ?? "ignored");
}

function refusalOutcome(refusal: Refusal): RefusalOutcome {
  switch (refusal.reason) {
    case "chat":
      return "chat_not_allowed";
    case "admins":
      return "admins_only";
    case "rate":
      return "rate_limited";
    case "busy":
      return "busy";
    case "forged":
    case "other-chat":
    case "expired":
    case "stale":
      return "invalid_click";
  }
}
