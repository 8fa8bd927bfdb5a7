import type { Logger } from "../log/logger.js";

export interface BotIdentity {
  openId: string | undefined;
  name: string | undefined;
}

/**
 * The bot learns its own open_id (to strip its @mention) from the Open API. A failed lookup is not
 * fatal: it is tried again on the next message, and until then the bot façade takes a message's
 * first mention as the bot's (it only hears messages that mention it).
 */
export function createBotIdentity(fetchInfo: () => Promise<{ openId: string; name: string }>, logger: Logger) {
  let known: BotIdentity | undefined;
  let pending: Promise<BotIdentity> | undefined;

  async function lookup(): Promise<BotIdentity> {
    try {
      const info = await fetchInfo();
      known = { openId: info.openId, name: info.name };
      return known;
    } catch (error) {
      logger.warn({ err: error }, "could not learn the bot's own open_id; taking the first mention as the bot's for now");
      return { openId: undefined, name: undefined };
    } finally {
      pending = undefined;
    }
  }

  return {
    async get(): Promise<BotIdentity> {
      if (known) return known;
      pending ??= lookup();
      return pending;
    },
  };
}
