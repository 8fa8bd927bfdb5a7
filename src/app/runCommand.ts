import type { CommandContext, CommandName, View } from "../commands/types.js";
import { parseCommand } from "../commands/parse.js";
import { findCommand } from "../commands/registry.js";
import { helpForUnknown } from "../commands/help.js";
import { readCursor } from "../commands/paging.js";
import type { Logger } from "../log/logger.js";
import { mayRun, refusedCommand } from "../commands/access.js";
import { viewForError } from "../commands/errorView.js";
import { ERROR_CODES, errorCodeOf } from "../errors/coded.js";

/**
 * Text in, view out: parse, find the command, run it. An empty command gets help; an unknown one
 * gets help with a note of what was not understood.
 */
export async function viewForText(text: string, ctx: CommandContext, logger: Logger): Promise<View> {
  const parsed = parseCommand(text);
  if (parsed.name === undefined) {
    return parsed.raw.trim() === "" ? runCommand("help", [], ctx, logger) : helpForUnknown(parsed.raw, ctx);
  }
  if (!findCommand(parsed.name)) return helpForUnknown(parsed.raw, ctx);
  return runCommand(parsed.name, parsed.args, ctx, logger);
}

/**
 * A click carries `{cmd, args}` in the button's value, so any replica can answer it with no session.
 * Returns undefined for a value that names no command (an old or foreign card).
 */
export async function viewForAction(
  value: Record<string, unknown>,
  ctx: CommandContext,
  logger: Logger,
): Promise<View | undefined> {
  const { cmd, args } = value;
  if (typeof cmd !== "string") return undefined;
  const command = findCommand(cmd as CommandName);
  if (!command) return undefined;
  const argList = Array.isArray(args) ? args.filter((a): a is string => typeof a === "string") : [];
  const cursor = readCursor(value.cursor);
  return runCommand(command.name, argList, cursor ? { ...ctx, cursor } : ctx, logger);
}

/**
 * Typed commands and clicks alike pass the access check here, before anything runs, so a refused
 * command costs no Feishu call. Anything a command throws becomes a view here, the single place
 * errors turn into cards: a usage mistake gets the command's usage card, anything else an error card.
 */
async function runCommand(name: CommandName, args: string[], ctx: CommandContext, logger: Logger): Promise<View> {
  const command = findCommand(name);
  if (!command) return helpForUnknown(`/${name}`, ctx);
  if (!mayRun(ctx.deps.config, command.name, ctx.senderOpenId)) {
    logger.info({ command: command.name, sender: ctx.senderOpenId, messageId: ctx.messageId }, "command refused: admins only");
    return refusedCommand(ctx.deps.config, command.name);
  }
  try {
    return await command.run(args, ctx);
  } catch (error) {
    const code = errorCodeOf(error);
    if (code !== ERROR_CODES.usage) logger.error({ err: error, errorCode: code, command: name, messageId: ctx.messageId }, "command failed");
    return viewForError(error, ctx.locale, (named) => findCommand(named));
  }
}
