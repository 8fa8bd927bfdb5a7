/**
 * Where a turn's failure becomes what the asker reads: anything a later step throws (a usage
 * mistake in the arguments, a Feishu error, a bug) is answered with the card failureView chooses
 * by the error's code (an export job, run after its click, uses the same failureView). A failure after the answer went out (the reply itself failed) is only logged,
 * except while a two-step answer's final view is made: then the error card replaces the first card.
 */
import { viewForError } from "../../commands/errorView.js";
import { exampleContext, usageInfo } from "../../commands/examples.js";
import { findCommand } from "../../commands/registry.js";
import type { CommandDeps, ErrorView, Locale } from "../../commands/types.js";
import type { UsageView } from "../../commands/usage.js";
import { ERROR_CODES, errorCodeOf } from "../../errors/coded.js";
import type { Logger } from "../../log/logger.js";
import type { Middleware } from "./turn.js";

/** `commandDeps`: the clock and config the usage card's examples are made for (each accepted today). */
export function errorsToCards(commandDeps: Pick<CommandDeps, "config" | "now">, logger: Logger): Middleware {
  return async (turn, next) => {
    try {
      await next();
    } catch (error) {
      const code = errorCodeOf(error);
      turn.failure = code;
      const where = { errorCode: code, command: turn.request?.command.name, messageId: turn.messageId, source: turn.source.kind };
      const view = () => failureView(error, turn.locale, commandDeps);
      if (turn.finalPending) {
        // The first card of a two-step answer says more is coming: the error card takes its place.
        logger.error({ err: error, ...where }, "command failed after its first card");
        turn.finalPending = false;
        await turn.respond.update(view());
        return;
      }
      if (turn.respond.answered) {
        logger.error({ err: error, ...where }, "answering failed");
        return;
      }
      if (code !== ERROR_CODES.usage) logger.error({ err: error, ...where }, "command failed");
      await turn.respond.error(view());
    }
  };
}

/** The card for a failure: chosen by the error's code, a usage mistake with its command's usage and examples. */
export function failureView(error: unknown, locale: Locale, commandDeps: Pick<CommandDeps, "config" | "now">): ErrorView | UsageView {
  return viewForError(error, locale, (name) => {
    const help = findCommand(name)?.help;
    return help && usageInfo(help, exampleContext(commandDeps));
  });
}
