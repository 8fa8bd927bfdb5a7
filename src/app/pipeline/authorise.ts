/** Authorise: the asker may run this command with these arguments (commands/access.ts), or is refused before it runs. */
import { mayRun } from "../../commands/access.js";
import type { Config } from "../../config/types.js";
import type { Logger } from "../../log/logger.js";
import type { Middleware } from "./turn.js";

export function authorise(config: Config, logger: Logger): Middleware {
  return async (turn, next) => {
    const request = turn.request;
    if (!request) return;
    if (mayRun(config, request.command, turn.senderOpenId, { value: request.args })) return next();
    logger.info({ command: request.command.name, sender: turn.senderOpenId, messageId: turn.messageId }, "command refused: admins only");
    await turn.respond.refuse({ reason: "admins", command: request.command.name });
  };
}
