/** The command context of a turn: who asked, where, in which language, with what to answer. */
import type { CommandContext, CommandDeps } from "../../commands/types.js";
import type { Turn } from "./turn.js";

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
