/** access.chats: the bot answers only in the chats listed (all chats when the list is empty). */
import { chatAllowed } from "../../commands/access.js";
import type { Config } from "../../config/types.js";
import type { Logger } from "../../log/logger.js";
import type { Middleware } from "./turn.js";

export function allowedChat(config: Config, logger: Logger): Middleware {
  return async (turn, next) => {
    if (chatAllowed(config, turn.chatId === "" ? undefined : turn.chatId)) return next();
    logger.info({ chatId: turn.chatId, messageId: turn.messageId, source: turn.source.kind }, "chat not on access.chats; refused");
    await turn.respond.refuse({ reason: "chat" });
  };
}
