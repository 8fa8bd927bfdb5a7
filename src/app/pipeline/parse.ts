/**
 * Parse: what is being asked. A message's text goes through the command parser and the command's
 * text reading and argument schema; a click's value must carry this bot's seal, come from the chat
 * it was made for and be inside the card's 14 days before anything in it is read, and then its
 * arguments pass the same schema. A click's chat type is asked of Feishu, never read from the value.
 */
import { argsFromButton, argsFromText } from "../../commands/define.js";
import { helpCommand, helpForUnknown } from "../../commands/help.js";
import { readCursor } from "../../commands/paging.js";
import { extractCommandText, parseCommand } from "../../commands/parse.js";
import { findCommand } from "../../commands/registry.js";
import type { CommandDeps } from "../../commands/types.js";
import type { ButtonSeal } from "../../cards/seal.js";
import type { Logger } from "../../log/logger.js";
import type { BotIdentity } from "../botIdentity.js";
import type { ChatTypes } from "../chatTypes.js";
import { contextOf } from "./context.js";
import type { Middleware, Turn } from "./turn.js";

/** JSON 2.0 cards stay interactive and updatable for 14 days after they are sent. */
export const CARD_LIFETIME_SECONDS = 14 * 24 * 60 * 60;

export interface ParseDeps {
  commandDeps: CommandDeps;
  identity: { get(): Promise<BotIdentity> };
  seal: ButtonSeal;
  chatTypes: ChatTypes;
  logger: Logger;
}

export function parse(deps: ParseDeps): Middleware {
  return async (turn, next) => {
    const parsed = turn.source.kind === "message" ? await parseText(turn, deps) : await parseClick(turn, deps);
    if (parsed) return next();
  };
}

/** True when the turn has a request to run; otherwise it has been answered (help for what was not understood). */
async function parseText(turn: Turn, deps: ParseDeps): Promise<boolean> {
  if (turn.source.kind !== "message") return false;
  const message = turn.source.message;
  const known = await deps.identity.get();
  const bot = known.openId ? known : { openId: message.mentions[0]?.openId, name: message.mentions[0]?.name };
  const text = extractCommandText(message, bot);
  const ctx = contextOf(turn, deps.commandDeps);
  if (text === undefined) {
    await turn.respond.view(helpForUnknown(`[${message.messageType}]`, ctx));
    return false;
  }
  const parsed = parseCommand(text);
  const command = findCommand(parsed.name) ?? (parsed.raw.trim() === "" ? helpCommand : undefined);
  if (command === undefined) {
    await turn.respond.view(helpForUnknown(parsed.raw, ctx));
    return false;
  }
  const words = parsed.name === undefined ? [] : parsed.args;
  const clock = { now: deps.commandDeps.now(), timeZone: deps.commandDeps.config.bot.timezone };
  turn.request = { command, args: argsFromText(command, words, clock) };
  return true;
}

async function parseClick(turn: Turn, deps: ParseDeps): Promise<boolean> {
  if (turn.source.kind !== "click") return false;
  const action = turn.source.action;
  const log = { eventId: action.eventId, operator: action.operatorOpenId };
  const opened = deps.seal.open(action.value);
  if (!opened.ok) {
    deps.logger.warn({ ...log, reason: opened.reason }, "click refused: button value not sealed by this bot");
    await turn.respond.refuse({ reason: "forged" });
    return false;
  }
  const value = opened.value;
  if (action.openChatId === undefined || value.cid !== action.openChatId) {
    deps.logger.warn(log, "click refused: the card was made for another chat");
    await turn.respond.refuse({ reason: "other-chat" });
    return false;
  }
  // Feishu no longer updates a card past 14 days: say so rather than run a query nobody will see.
  const issued = value.issued;
  if (typeof issued === "number" && deps.commandDeps.now() / 1000 - issued > CARD_LIFETIME_SECONDS) {
    await turn.respond.refuse({ reason: "expired" });
    return false;
  }
  const command = findCommand(value.cmd);
  const args = command ? argsFromButton(command, value.args) : undefined;
  const cursor = value.cursor === undefined ? undefined : readCursor(value.cursor);
  const readable = typeof issued === "number" && Number.isInteger(issued) && command !== undefined && args !== undefined;
  if (!readable || (value.cursor !== undefined && cursor === undefined)) {
    deps.logger.warn({ ...log, cmd: value.cmd }, "click refused: a sealed value this version does not read");
    await turn.respond.refuse({ reason: "stale" });
    return false;
  }
  turn.issuedAt = Math.min(issued, Math.floor(deps.commandDeps.now() / 1000));
  turn.chatType = await deps.chatTypes.of(action.openChatId);
  turn.request = { command, args, ...(cursor ? { cursor } : {}) };
  return true;
}
