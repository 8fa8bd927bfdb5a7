/**
 * What a card button asks for: a command by name, its typed arguments and a cursor. The bot seals
 * every such value when it renders the card (cards/seal.ts), with the chat it was sent to and the
 * time it was issued; a click is read back through the command's own argument schema.
 */
import type { DigestArgs } from "./digest/args.js";
import type { HelpArgs } from "./help.js";
import type { MeetingArgs } from "./meeting/args.js";
import type { Cursor } from "./paging.js";
import type { PushStatsArgs } from "./pushstats/args.js";
import type { ReportArgs } from "./report/args.js";
import type { RoomsArgs } from "./rooms/args.js";

/** Each command's typed arguments. registry.ts holds one definition per entry, checked against it. */
export interface CommandArgs {
  help: HelpArgs;
  meeting: MeetingArgs;
  rooms: RoomsArgs;
  report: ReportArgs;
  pushstats: PushStatsArgs;
  digest: DigestArgs;
}

export type CommandName = keyof CommandArgs;

/**
 * A button's request, before sealing: the command, arguments its schema accepts, and where a list
 * stands. `asNewMessage`: the answer goes out as a new message below the card instead of replacing
 * it, for cards the whole chat shares and should keep (a digest, the digest list).
 */
export type ButtonAction = { [N in CommandName]: { cmd: N; args: CommandArgs[N]; cursor?: Cursor; asNewMessage?: true } }[CommandName];

/** The button value asking `cmd` for `args` (and a page of it), answered in place of the card. */
export function buttonAction<N extends CommandName>(cmd: N, args: CommandArgs[N], cursor?: Cursor): ButtonAction {
  return { cmd, args, ...(cursor ? { cursor } : {}) } as ButtonAction;
}

/** The button value asking `cmd` for `args`, answered with a new message: the card clicked stays as it is. */
export function newMessageAction<N extends CommandName>(cmd: N, args: CommandArgs[N]): ButtonAction {
  return { ...buttonAction(cmd, args), asNewMessage: true };
}
