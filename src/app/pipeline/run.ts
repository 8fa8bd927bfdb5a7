/** Run: the command's query, then its view, answered through the turn's responder (which renders and sends it). */
import { runQueryAndView } from "../../commands/define.js";
import type { CommandDeps } from "../../commands/types.js";
import { contextOf } from "./context.js";
import type { Middleware } from "./turn.js";

export function run(commandDeps: CommandDeps): Middleware {
  return async (turn) => {
    const request = turn.request;
    if (!request) return;
    await turn.respond.view(await runQueryAndView(request.command, request.args, contextOf(turn, commandDeps)));
  };
}
