/**
 * A click's parse: nothing in a button value is read before its seal verifies, it came from the chat
 * it was made for, and it is inside the card's 14 days; then its command, arguments (through the
 * command's own schema), cursor, where its answer goes and the digest it is on, if any; on a picker,
 * the client's option merged into the arguments by the command's `pick` hook. Nothing in a value says what chat type it is for: the chat-type
 * step asks Feishu, once the click is authorised.
 */
import type { PickKind } from "../../commands/actions.js";
import { argsFromButton, argsFromPick, type TextClock } from "../../commands/define.js";
import { readCursor } from "../../commands/paging.js";
import { findCommand } from "../../commands/registry.js";
import type { ButtonSeal } from "../../cards/seal.js";
import type { Logger } from "../../log/logger.js";
import type { Turn } from "./turn.js";

/** JSON 2.0 cards stay interactive and updatable for 14 days after they are sent. */
export const CARD_LIFETIME_SECONDS = 14 * 24 * 60 * 60;

/** True when the turn has a request to go on with; otherwise it has been refused. */
export async function openClick(turn: Turn, seal: ButtonSeal, clock: () => TextClock, logger: Logger): Promise<boolean> {
  const now = () => clock().now;
  if (turn.source.kind !== "click") return false;
  const action = turn.source.action;
  const log = { eventId: action.eventId, operator: action.operatorOpenId };
  const opened = seal.open(action.value);
  if (!opened.ok) {
    logger.warn({ ...log, reason: opened.reason }, "click refused: button value not sealed by this bot");
    await turn.respond.refuse({ reason: "forged" });
    return false;
  }
  const value = opened.value;
  if (action.openChatId === undefined || value.cid !== action.openChatId) {
    logger.warn(log, "click refused: the card was made for another chat");
    await turn.respond.refuse({ reason: "other-chat" });
    return false;
  }
  // Feishu no longer updates a card past 14 days: say so rather than run a query nobody will see.
  const issued = value.issued;
  if (typeof issued === "number" && now() / 1000 - issued > CARD_LIFETIME_SECONDS) {
    await turn.respond.refuse({ reason: "expired" });
    return false;
  }
  const command = findCommand(value.cmd);
  const args = command ? argsFromButton(command, value.args) : undefined;
  const cursor = value.cursor === undefined ? undefined : readCursor(value.cursor);
  const readable = typeof issued === "number" && Number.isInteger(issued) && command !== undefined && args !== undefined;
  if (!readable || (value.cursor !== undefined && cursor === undefined)) {
    logger.warn({ ...log, cmd: value.cmd }, "click refused: a sealed value this version does not read");
    await turn.respond.refuse({ reason: "stale" });
    return false;
  }
  turn.issuedAt = Math.min(issued, Math.floor(now() / 1000));
  // A picker's option merged in only now, once the seal says which picker it is: throws a UsageError for a bad one.
  const pick = pickOf(value.pick);
  const picked = pick !== undefined && action.option !== undefined ? argsFromPick(command, args, pick, action.option, clock()) : args;
  // `asNewMessage`: how cards sealed before `opens` said it (they stay clickable for 14 days).
  const inThread = value.opens === "thread" || value.asNewMessage === true;
  const opens = inThread ? "thread" : value.opens === "file" ? "file" : undefined;
  const fromDigest = typeof value.digest === "string" ? value.digest : undefined;
  turn.request = { command, args: picked, ...(cursor ? { cursor } : {}), ...(opens ? { opens } : {}), ...(fromDigest !== undefined ? { fromDigest } : {}) };
  return true;
}

const PICKS: ReadonlySet<string> = new Set<PickKind>(["date", "room", "range"]);

/** The picker a sealed value names; an option on a value naming none (a button's) is ignored. */
function pickOf(pick: unknown): PickKind | undefined {
  return typeof pick === "string" && PICKS.has(pick) ? (pick as PickKind) : undefined;
}
