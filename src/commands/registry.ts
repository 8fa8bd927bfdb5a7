/** The commands the bot implements. Adding a command means adding its module to this list. */
import { helpCommand } from "./help.js";
import { meetingCommand } from "./meeting/index.js";
import { roomsCommand } from "./rooms/index.js";
import { pushstatsCommand } from "./pushstats/index.js";
import { reportCommand } from "./report/index.js";
import { digestCommand } from "./digest/index.js";
import type { CommandModule, CommandName } from "./types.js";

/**
 * A function, not a module-level array: help.ts imports this module to list the commands, and an
 * array built at load time would read `helpCommand` before help.ts has finished loading.
 */
export function listCommands(): readonly CommandModule[] {
  return [helpCommand, meetingCommand, roomsCommand, reportCommand, pushstatsCommand, digestCommand];
}

export function findCommand(name: CommandName | undefined): CommandModule | undefined {
  if (name === undefined) return undefined;
  return listCommands().find((command) => command.name === name);
}
