/** Running one command definition directly, as the pipeline does after parsing and authorising. */
import type { CommandArgs, CommandName } from "../../src/commands/actions.js";
import { argsFromButton, argsFromText, runQueryAndView, type CommandDefinition } from "../../src/commands/define.js";
import type { CommandContext, View } from "../../src/commands/types.js";

/** Typed words → the command's view: its text parser, its schema, its query and its view. */
export async function runWords<N extends CommandName, D, V extends View>(
  command: CommandDefinition<N, CommandArgs[N], D, V>,
  words: readonly string[],
  ctx: CommandContext,
): Promise<V> {
  const args = argsFromText(command, words, { now: ctx.deps.now(), timeZone: ctx.deps.config.bot.timezone });
  return runQueryAndView(command, args, ctx);
}

/** A button's arguments (as a click sends them back) → the command's view; throws when the schema refuses them. */
export async function runArgs<N extends CommandName, D, V extends View>(
  command: CommandDefinition<N, CommandArgs[N], D, V>,
  args: unknown,
  ctx: CommandContext,
): Promise<V> {
  const parsed = argsFromButton(command, JSON.parse(JSON.stringify(args)));
  if (parsed === undefined) throw new Error(`${command.name}: the schema refuses ${JSON.stringify(args)}`);
  return runQueryAndView(command, parsed, ctx);
}
