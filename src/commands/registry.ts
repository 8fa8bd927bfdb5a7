/**
 * The commands the bot implements, one definition each. The parser's words, /help, the access check,
 * the pipeline and the digests all read them from here.
 */
import type { CommandArgs, CommandName } from "./actions.js";
import type { AnyCommand, CommandDefinition } from "./define.js";
import { digestCommand } from "./digest/index.js";
import { helpCommand } from "./help.js";
import { meetingCommand } from "./meeting/index.js";
import { pushstatsCommand } from "./pushstats/index.js";
import { reportCommand } from "./report/index.js";
import { roomsCommand } from "./rooms/index.js";
import type { View } from "./types.js";
import { whoamiCommand } from "./whoami/index.js";

/** Each entry must be the definition of its own name, over that name's arguments: a mismatch does not compile. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the data between query and view is each command's own
type Registry = { readonly [N in CommandName]: CommandDefinition<N, CommandArgs[N], any, View> };

/**
 * Built on first use, not at load time: help.ts lists the commands through this module, and an object
 * built while modules load would read `helpCommand` before help.ts has finished loading.
 */
let registry: Registry | undefined;
function commands(): Registry {
  return (registry ??= {
    help: helpCommand,
    meeting: meetingCommand,
    rooms: roomsCommand,
    report: reportCommand,
    pushstats: pushstatsCommand,
    digest: digestCommand,
    whoami: whoamiCommand,
  } satisfies Registry);
}

/** In the order /help lists them. */
export function listCommands(): readonly AnyCommand[] {
  return Object.values(commands()) as AnyCommand[];
}

/** The definition named `name`, for any string (a click's value is untrusted until its schema passes). */
export function findCommand(name: unknown): AnyCommand | undefined {
  return typeof name === "string" && Object.hasOwn(commands(), name) ? (commands()[name as CommandName] as AnyCommand) : undefined;
}

/** Every word that names a command, lower-case, in both languages. */
export function commandWords(): ReadonlyMap<string, AnyCommand> {
  return new Map(listCommands().flatMap((command) => [...command.words.en, ...command.words.zh].map((word) => [word.toLowerCase(), command] as const)));
}
