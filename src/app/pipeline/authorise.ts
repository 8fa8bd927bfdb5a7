/**
 * Authorise, in two checks around reading the arguments (commands/access.ts decides both): whether
 * the asker may run the command at all — before its arguments are read, so nobody is shown the usage
 * of a command they may not run — and whether these arguments need an admin (a digest preview).
 * A click on a digest's button passes both for anyone in a chat the digest is configured into
 * (`digestGrants`): they see its figures there already. A refused command never reaches Feishu.
 */
import { addedDigestGrants, adminsOnlyPart, digestGrants, mayRun } from "../../commands/access.js";
import type { DigestBook } from "../../commands/digest/book.js";
import type { Config } from "../../config/types.js";
import type { Logger } from "../../log/logger.js";
import type { Middleware, Turn } from "./turn.js";

export function authoriseCommand(config: Config, logger: Logger, digests?: DigestBook): Middleware {
  return async (turn, next) => {
    const request = turn.request;
    if (!request) return;
    if (mayRun(config, request.command, turn.senderOpenId) || (await granted(config, turn, digests, logger))) return next();
    await refuse(turn, logger);
  };
}

export function authoriseArguments(config: Config, logger: Logger, digests?: DigestBook): Middleware {
  return async (turn, next) => {
    const request = turn.request;
    if (!request) return;
    if (mayRun(config, request.command, turn.senderOpenId, { value: request.args }) || (await granted(config, turn, digests, logger))) return next();
    await refuse(turn, logger, adminsOnlyPart(request.command, request.args));
  };
}

/**
 * A sealed digest button clicked in one of that digest's chats (the seal already bound the click to
 * the card's chat): app.yaml's digests, or one added from chat, looked up in the store at the click.
 */
async function granted(config: Config, turn: Turn, digests: DigestBook | undefined, logger: Logger): Promise<boolean> {
  const request = turn.request!;
  if (turn.source.kind !== "click" || request.fromDigest === undefined) return false;
  if (digestGrants(config, request.fromDigest, request.command.name, turn.chatId)) return true;
  if (digests === undefined || config.digests.some((d) => d.name === request.fromDigest)) return false;
  // The store out of reach: no grant can be shown, so the click is refused as for anyone else, and said so in the log.
  const added = await digests.get(request.fromDigest).catch((error: unknown) => {
    logger.error({ err: error, digest: request.fromDigest }, "digest grant not checked: the store did not answer");
    return undefined;
  });
  return addedDigestGrants(added, request.command.name, turn.chatId);
}

async function refuse(turn: Turn, logger: Logger, sub?: string): Promise<void> {
  const name = turn.request!.command.name;
  logger.info({ command: name, sub, sender: turn.senderOpenId, messageId: turn.messageId }, "command refused: admins only");
  await turn.respond.refuse({ reason: "admins", command: name, ...(sub !== undefined ? { sub } : {}) });
}
