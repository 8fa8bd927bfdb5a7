/**
 * The one place a failure becomes what the asker reads: anything a later step throws (a usage
 * mistake in the arguments, a Feishu error, a bug) is answered with the card viewForError chooses
 * by the error's code. A failure after the answer went out (the reply itself failed) is only logged,
 * except while a two-step answer's final view is made: then the error card replaces the first card.
 */
import { viewForError } from "../../commands/errorView.js";
import { exampleContext, usageInfo } from "../../commands/examples.js";
import { findCommand } from "../../commands/registry.js";
import type { CommandDeps } from "../../commands/types.js";
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
      const view = () =>
        viewForError(error, turn.locale, (name) => {
          const help = findCommand(name)?.help;
          return help && usageInfo(help, exampleContext(commandDeps));
        });
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
