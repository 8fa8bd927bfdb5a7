/** `/help`: what the bot understands, in the asker's language; also the answer to anything it did not understand. */
import * as z from "zod";
import type { SandboxSamples } from "../config/types.js";
import { mayRun } from "./access.js";
import { defineCommand, type AnyCommand } from "./define.js";
import { listCommands } from "./registry.js";
import type { CommandContext, Locale } from "./types.js";

export interface HelpEntry {
  name: string;
  /** Other words for the command, such as "帮助". */
  aliases: string[];
  usage: string;
  summary: string;
}

/** A command to try that finds something, and what it shows, in the asker's language. */
export interface TryEntry {
  text: string;
  what: string;
}

export interface HelpView {
  kind: "help";
  commands: HelpEntry[];
  /** Set when the help answers a message the bot could not read as a command. */
  note?: { unknownText: string };
  /**
   * Sandbox mode only: commands over data the emulator's tenant holds (meeting numbers, a meeting
   * id, a busy day), for the commands the asker may run. Absent in live mode.
   */
  sandbox?: TryEntry[];
}

/** Longest stretch of a not-understood message echoed back: enough to recognise it, never a wall of text. */
export const UNKNOWN_TEXT_MAX = 60;

/** /help takes no arguments; words after it are ignored. */
export const helpArgs = z.object({}).strict();
export type HelpArgs = z.infer<typeof helpArgs>;

export const helpCommand = defineCommand({
  name: "help",
  words: { en: ["help"], zh: ["帮助"] },
  help: {
    usage: { zh: "/help", en: "/help" },
    summary: { zh: "列出我能听懂的命令", en: "List the commands I understand" },
    examples: () => ["/help"],
  },
  access: { audience: "everyone" },
  args: helpArgs,
  fromText: () => ({}),
  query: (_args: HelpArgs, ctx: CommandContext) => Promise.resolve(commandsFor(ctx)),
  view: (commands: readonly AnyCommand[], ctx: CommandContext) => buildHelpView(commands, ctx.locale, ctx.deps.config.sandbox),
});

/** Who is asking; without it (a card preview, say) every command is listed. */
type Asker = Pick<CommandContext, "locale"> & Partial<Pick<CommandContext, "senderOpenId" | "deps">>;

/** The commands the asker may run: help lists nothing they would be refused. */
export function commandsFor(asker: Asker): readonly AnyCommand[] {
  const { deps, senderOpenId } = asker;
  if (!deps || senderOpenId === undefined) return listCommands();
  return listCommands().filter((command) => mayRun(deps.config, command, senderOpenId));
}

/** The help view with a one-line note quoting (truncated) what was not understood. */
export function helpForUnknown(raw: string, ctx: Asker): HelpView {
  const view = buildHelpView(commandsFor(ctx), ctx.locale, ctx.deps?.config.sandbox);
  const unknownText = oneLine(raw, UNKNOWN_TEXT_MAX);
  return unknownText === "" ? view : { ...view, note: { unknownText } };
}

export function buildHelpView(
  commands: readonly Pick<AnyCommand, "name" | "words" | "help">[],
  locale: Locale,
  samples?: SandboxSamples,
): HelpView {
  const tries = samples ? sandboxTries(samples, new Set(commands.map((command) => command.name)), locale) : [];
  return {
    kind: "help",
    commands: commands.map((command) => ({
      name: command.name,
      aliases: [...command.words.en.slice(1), ...command.words.zh],
      usage: command.help.usage[locale],
      summary: command.help.summary[locale],
    })),
    ...(tries.length > 0 ? { sandbox: tries } : {}),
  };
}

const TRY_TEXTS = {
  zh: { number: "一个会议号的会议", id: "一场大会的详情和参会人", day: "会议室预定最多的一天" },
  en: { number: "the meetings under a meeting number", id: "one large meeting's details and participants", day: "the busiest day of room reservations" },
} as const;

/** What the sandbox's tenant holds, as commands the asker may run (`listed`). */
function sandboxTries(samples: SandboxSamples, listed: ReadonlySet<string>, locale: Locale): TryEntry[] {
  const words = TRY_TEXTS[locale];
  return [
    ...(listed.has("meeting") ? samples.meetingNumbers.map((no) => ({ text: `/meeting ${no}`, what: words.number })) : []),
    ...(listed.has("meeting") && samples.meetingId ? [{ text: `/meeting ${samples.meetingId}`, what: words.id }] : []),
    ...(listed.has("rooms") && samples.busyDay ? [{ text: `/rooms ${samples.busyDay}`, what: words.day }] : []),
  ];
}

function oneLine(text: string, max: number): string {
  const flat = String(text).replace(/\s+/gu, " ").trim();
  const chars = [...flat];
  return chars.length <= max ? flat : `${chars.slice(0, max - 1).join("")}…`;
}
