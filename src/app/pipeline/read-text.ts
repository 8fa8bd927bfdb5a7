/**
 * A message's parse: its text (the bot's own mention removed) → the command and the words after it.
 * Text that names no command is answered with help (with a note of what was not understood); an
 * empty one runs /help. The words become arguments only once the asker may run the command
 * (arguments.ts), so nobody sees the usage of a command they may not run.
 */
import { helpCommand, helpForUnknown } from "../../commands/help.js";
import { extractCommandText, parseCommand } from "../../commands/parse.js";
import { findCommand } from "../../commands/registry.js";
import type { CommandDeps } from "../../commands/types.js";
import { contextOf } from "./context.js";
import type { Turn } from "./turn.js";

/** True when the turn has a command to go on with; otherwise it has been answered. */
export async function readText(turn: Turn, commandDeps: CommandDeps): Promise<boolean> {
  if (turn.source.kind !== "message") return false;
  const message = turn.source.message;
  const text = extractCommandText(message, turn.bot ?? {});
  const ctx = contextOf(turn, commandDeps);
  if (text === undefined) {
    await turn.respond.view(helpForUnknown(`[${message.messageType}]`, ctx));
    return false;
  }
  const parsed = parseCommand(text);
  if (parsed.name === undefined) {
    if (parsed.raw.trim() !== "") {
      await turn.respond.view(helpForUnknown(parsed.raw, ctx));
      return false;
    }
    turn.request = { command: helpCommand, words: [] };
    return true;
  }
  const command = findCommand(parsed.name);
  if (command === undefined) {
    await turn.respond.view(helpForUnknown(parsed.raw, ctx));
    return false;
  }
  turn.request = { command, words: parsed.args };
  return true;
}
