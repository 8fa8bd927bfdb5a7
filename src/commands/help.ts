/** `/help`: what the bot understands, in the asker's language; also the answer to anything it did not understand. */
import { mayRun } from "./access.js";
import { COMMAND_WORDS } from "./parse.js";
import { listCommands } from "./registry.js";
import type { CommandContext, CommandModule, Locale } from "./types.js";

export interface HelpEntry {
  name: string;
  /** Other words for the command, such as "帮助". */
  aliases: string[];
  usage: string;
  summary: string;
}

export interface HelpView {
  kind: "help";
  commands: HelpEntry[];
  /** Set when the help answers a message the bot could not read as a command. */
  note?: { unknownText: string };
}

/** Longest stretch of a not-understood message echoed back: enough to recognise it, never a wall of text. */
export const UNKNOWN_TEXT_MAX = 60;

export const helpCommand: CommandModule = {
  name: "help",
  aliases: COMMAND_WORDS.help.filter((word) => word !== "help"),
  usage: { zh: "/help", en: "/help" },
  summary: { zh: "列出我能听懂的命令", en: "List the commands I understand" },
  run(_args: string[], ctx: CommandContext) {
    return Promise.resolve(buildHelpView(commandsFor(ctx), ctx.locale));
  },
};

/** Who is asking; without it (a card preview, say) every command is listed. */
type Asker = Pick<CommandContext, "locale"> & Partial<Pick<CommandContext, "senderOpenId" | "deps">>;

/** The commands the asker may run: help lists nothing they would be refused. */
export function commandsFor(asker: Asker): readonly CommandModule[] {
  const { deps, senderOpenId } = asker;
  if (!deps || senderOpenId === undefined) return listCommands();
  return listCommands().filter((command) => mayRun(deps.config, command.name, senderOpenId));
}

/** The help view with a one-line note quoting (truncated) what was not understood. */
export function helpForUnknown(raw: string, ctx: Asker): HelpView {
  const view = buildHelpView(commandsFor(ctx), ctx.locale);
  const unknownText = oneLine(raw, UNKNOWN_TEXT_MAX);
  return unknownText === "" ? view : { ...view, note: { unknownText } };
}

export function buildHelpView(commands: readonly CommandModule[], locale: Locale): HelpView {
  return {
    kind: "help",
    commands: commands.map((command) => ({
      name: command.name,
      aliases: [...command.aliases],
      usage: command.usage[locale],
      summary: command.summary[locale],
    })),
  };
}

function oneLine(text: string, max: number): string {
  const flat = String(text).replace(/\s+/gu, " ").trim();
  const chars = [...flat];
  return chars.length <= max ? flat : `${chars.slice(0, max - 1).join("")}…`;
}
