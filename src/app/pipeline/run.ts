/**
 * Run: the command's query, then its view, answered through the turn's responder (which renders and
 * sends it). A command answering in two steps then has its final view replace the first in place.
 */
import { runCommand } from "../../commands/define.js";
import type { CommandDeps } from "../../commands/types.js";
import { contextOf, viewContextOf } from "./context.js";
import type { Middleware } from "./turn.js";

export function run(commandDeps: CommandDeps): Middleware {
  return async (turn) => {
    const request = turn.request;
    if (!request) return;
    const answer = await runCommand(request.command, request.args, contextOf(turn, commandDeps), viewContextOf(turn, commandDeps));
    await turn.respond.view(answer.view, answer.final ? { finalFollows: true } : undefined);
    if (!answer.final) return;
    turn.finalPending = true;
    turn.releaseChat?.();
    const final = await answer.final(turn.respond.progress ? (view) => turn.respond.progress?.(view) : undefined);
    turn.finalPending = false;
    await turn.respond.update(final);
  };
}
