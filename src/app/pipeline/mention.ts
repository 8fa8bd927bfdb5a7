/**
 * In a group the bot answers a message only when it is mentioned: with the scope to read every group
 * message it would otherwise answer every one. Clicks pass. Without its own open_id (the lookup
 * failed), the first mention is taken as the bot's, since it only hears messages that mention it.
 */
import type { Logger } from "../../log/logger.js";
import type { BotIdentity } from "../botIdentity.js";
import type { Middleware } from "./turn.js";

export function mentioned(identity: { get(): Promise<BotIdentity> }, logger: Logger): Middleware {
  return async (turn, next) => {
    if (turn.source.kind !== "message") return next();
    const message = turn.source.message;
    const known = await identity.get();
    turn.bot = known.openId ? known : { openId: message.mentions[0]?.openId, name: message.mentions[0]?.name };
    if (message.chatType !== "group") return next();
    const botOpenId = turn.bot.openId;
    if (!message.mentions.some((m) => m.openId !== undefined && m.openId === botOpenId)) {
      logger.debug({ messageId: message.messageId }, "group message does not mention the bot; ignored");
      return;
    }
    return next();
  };
}
