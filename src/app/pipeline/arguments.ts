/**
 * A message's words → the command's typed arguments, through its text reader and its schema (a
 * usage mistake throws, and errors-to-cards answers with the usage card). A click's arguments were
 * read from its sealed value already.
 */
import { argsFromText } from "../../commands/define.js";
import type { CommandDeps } from "../../commands/types.js";
import type { Middleware } from "./turn.js";

export function readArguments(commandDeps: CommandDeps): Middleware {
  return async (turn, next) => {
    const request = turn.request;
    if (!request) return;
    if (request.args === undefined) {
      const clock = { now: commandDeps.now(), timeZone: commandDeps.config.bot.timezone };
      request.args = argsFromText(request.command, request.words ?? [], clock);
    }
    return next();
  };
}
