/**
 * A click's chat type, asked of Feishu for the clicked message's chat (chatTypes.ts): the callback
 * does not say it, and a button value is never trusted for it. Only an authorised click whose answer
 * depends on it (a meeting's details, for the password) asks. A message's type came with its event.
 */
import type { ChatTypes } from "../chatTypes.js";
import type { Middleware } from "./turn.js";

export function chatType(chatTypes: ChatTypes): Middleware {
  return async (turn, next) => {
    const request = turn.request;
    // Asked alongside the command's query, not before it: only the view reads it (context.ts).
    if (turn.source.kind === "click" && request?.command.usesChatType?.(request.args)) turn.chatTypeLookup = chatTypes.of(turn.chatId);
    return next();
  };
}
