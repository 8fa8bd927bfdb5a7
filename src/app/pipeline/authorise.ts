/**
 * Authorise, in two checks around reading the arguments (commands/access.ts decides both): whether
 * the asker may run the command at all — before its arguments are read, so nobody is shown the usage
 * of a command they may not run — and whether these arguments need an admin (a digest preview).
 * A refused command never reaches Feishu.
 */
import { mayRun } from "../../commands/access.js";
import type { Config } from "../../config/types.js";
import type { Logger } from "../../log/logger.js";
import type { Middleware, Turn } from "./turn.js";

export function authoriseCommand(config: Config, logger: Logger): Middleware {
  return async (turn, next) => {
    const request = turn.request;
    if (!request) return;
    if (mayRun(config, request.command, turn.senderOpenId)) return next();
    await refuse(turn, logger);
  };
}

export function authoriseArguments(config: Config, logger: Logger): Middleware {
  return async (turn, next) => {
    const request = turn.request;
    if (!request) return;
    if (mayRun(config, request.command, turn.senderOpenId, { value: request.args })) return next();
    await refuse(turn, logger);
  };
}

async function refuse(turn: Turn, logger: Logger): Promise<void> {
  const name = turn.request!.command.name;
  logger.info({ command: name, sender: turn.senderOpenId, messageId: turn.messageId }, "command refused: admins only");
  await turn.respond.refuse({ reason: "admins", command: name });
}
