/** The command context of a turn: who asked, where, in which language, with what to answer. */
import type { CommandContext, CommandDeps } from "../../commands/types.js";
import type { Turn } from "./turn.js";

/**
 * The context a command's view is made in: a click's chat type, once Feishu has said it. The query
 * runs meanwhile in `contextOf`'s, where an unknown type reads as a group.
 */
export function viewContextOf(turn: Turn, deps: CommandDeps): Promise<CommandContext> {
  const ctx = contextOf(turn, deps);
  return turn.chatTypeLookup ? turn.chatTypeLookup.then((chatType) => ({ ...ctx, chatType })) : Promise.resolve(ctx);
}

export function contextOf(turn: Turn, deps: CommandDeps): CommandContext {
  return {
    chatId: turn.chatId,
    // Unknown only before parse has looked it up for a click: then the safe reading, a group.
    chatType: turn.chatType ?? "group",
    senderOpenId: turn.senderOpenId,
    messageId: turn.messageId,
    locale: turn.locale,
    deps,
    ...(turn.request?.cursor ? { cursor: turn.request.cursor } : {}),
  };
}
