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
import type { WhoamiArgs } from "./whoami/index.js";

/** Each command's typed arguments. registry.ts holds one definition per entry, checked against it. */
export interface CommandArgs {
  help: HelpArgs;
  meeting: MeetingArgs;
  rooms: RoomsArgs;
  report: ReportArgs;
  pushstats: PushStatsArgs;
  digest: DigestArgs;
  whoami: WhoamiArgs;
}

export type CommandName = keyof CommandArgs;

/**
 * Where a click's answer goes, declared by the button that asks for it (never decided by the
 * responder). Absent: the answer replaces the clicked card — paging (Previous / Next) and switching
 * what the same card shows (a report's range, a push cycle). `thread`: the answer is a new message
 * replying to the clicked card in its thread, and the card stays as the chat saw it — a drill-down
 * (a meeting's Details, a digest's section), and every button of a digest. `file`: the answer is
 * the data as an .xlsx file message in the chat (an Export button), made from the command's `export`.
 */
export type Opens = "thread" | "file";

/**
 * A button's request, before sealing: the command, arguments its schema accepts, and where a list
 * stands; `opens`: where the answer goes (above). `digest`: the button is on a digest of this name,
 * which an admin configured into chats: whoever is in such a chat may use it there, as they already
 * see its figures (commands/access.ts `digestGrants`). Like every field here it is only ever read
 * from inside the seal, which also binds the chat.
 */
export type ButtonAction = {
  [N in CommandName]: { cmd: N; args: CommandArgs[N]; cursor?: Cursor; opens?: Opens; digest?: string; pick?: PickKind };
}[CommandName];

/**
 * Which picker a value sits on (a date picker, a room or range select): the client's `option` is
 * merged into the sealed `args` by the command's `pick` hook (define.ts), the answer replacing the card.
 */
export type PickKind = "date" | "room" | "range";

/** A picker's value: asks `cmd` for `args` with the picked option merged in by the command's `pick`. */
export function pickAction<N extends CommandName>(cmd: N, args: CommandArgs[N], pick: PickKind): ButtonAction {
  return { ...buttonAction(cmd, args), pick };
}

/** The button value asking `cmd` for `args` (and a page of it), answered in place of the card. */
export function buttonAction<N extends CommandName>(cmd: N, args: CommandArgs[N], cursor?: Cursor): ButtonAction {
  return { cmd, args, ...(cursor ? { cursor } : {}) } as ButtonAction;
}

/** A drill-down: asks `cmd` for `args`, answered with a reply in the card's thread; the card clicked stays as it is. */
export function threadAction<N extends CommandName>(cmd: N, args: CommandArgs[N]): ButtonAction {
  return { ...buttonAction(cmd, args), opens: "thread" };
}

/** An Export button: asks `cmd` for `args` and sends its whole data as a file; the card stays as it is. */
export function exportAction<N extends CommandName>(cmd: N, args: CommandArgs[N]): ButtonAction {
  return { ...buttonAction(cmd, args), opens: "file" };
}

/**
 * A button of the digest `digest`: opens the full card in the digest's thread (a digest is never
 * replaced), for anyone in a chat the digest is configured into.
 */
export function digestAction<N extends CommandName>(digest: string, cmd: N, args: CommandArgs[N]): ButtonAction {
  return { ...threadAction(cmd, args), digest };
}
