/**
 * Authorise, in two checks around reading the arguments (commands/access.ts decides both): whether
 * the asker may run the command at all — before its arguments are read, so nobody is shown the usage
 * of a command they may not run — and whether these arguments need an admin (a digest preview).
 * A click on a digest's button passes both for anyone in a chat the digest is configured into
 * (`digestGrants`): they see its figures there already. A refused command never reaches Feishu.
 */
import { adminsOnlyPart, digestGrants, mayRun } from "../../commands/access.js";
import type { Config } from "../../config/types.js";
import type { Logger } from "../../log/logger.js";
import type { Middleware, Turn } from "./turn.js";

export function authoriseCommand(config: Config, logger: Logger): Middleware {
  return async (turn, next) => {
    const request = turn.request;
    if (!request) return;
    if (mayRun(config, request.command, turn.senderOpenId) || granted(config, turn)) return next();
    await refuse(turn, logger);
  };
}

export function authoriseArguments(config: Config, logger: Logger): Middleware {
  return async (turn, next) => {
    const request = turn.request;
    if (!request) return;
    if (mayRun(config, request.command, turn.senderOpenId, { value: request.args }) || granted(config, turn)) return next();
    await refuse(turn, logger, adminsOnlyPart(request.command, request.args));
  };
}

/** A sealed digest button clicked in one of that digest's chats (the seal already bound the click to the card's chat). */
function granted(config: Config, turn: Turn): boolean {
  const request = turn.request!;
  return turn.source.kind === "click" && digestGrants(config, request.fromDigest, request.command.name, turn.chatId);
}

async function refuse(turn: Turn, logger: Logger, sub?: string): Promise<void> {
  const name = turn.request!.command.name;
  logger.info({ command: name, sub, sender: turn.senderOpenId, messageId: turn.messageId }, "command refused: admins only");
  await turn.respond.refuse({ reason: "admins", command: name, ...(sub !== undefined ? { sub } : {}) });
}
