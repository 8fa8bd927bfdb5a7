/**
 * A message's parse: its text (the bot's own mention removed) → the command and the words after it.
 * A mistyped command word (`/reprot`) is answered with the usage card of the command it most likely
 * meant ("did you mean /report?"); other text that names no command is answered with help (with a
 * note of what was not understood); an empty one runs /help. The words become arguments only once the asker may run the command
 * (arguments.ts), so nobody sees the usage of a command they may not run.
 */
import { commandsFor, helpCommand, helpForUnknown } from "../../commands/help.js";
import { extractCommandText, parseCommand, suggestCommand } from "../../commands/parse.js";
import { UsageError } from "../../commands/usage.js";
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
    // A mistyped command word (`/reprot`) gets the usage card of the command it most likely meant,
    // among those the asker may run; errors-to-cards makes the card.
    const meant = parsed.word === undefined ? undefined : suggestCommand(parsed.word, commandsFor(ctx));
    if (meant) {
      const { name } = meant.command;
      const suggested = meant.word === name ? `/${name}` : `/${meant.word}（/${name}）`;
      const suggestedEn = meant.word === name ? `/${name}` : `/${meant.word} (/${name})`;
      throw new UsageError(name, {
        zh: `没有 /${parsed.word} 这个命令，你是不是想用 ${suggested}？`,
        en: `There is no /${parsed.word} command; did you mean ${suggestedEn}?`,
      });
    }
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
