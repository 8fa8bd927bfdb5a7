/**
 * Whether a chat is a direct chat, as Feishu says (im/v1/chats/:chat_id; the gateway caches an
 * answer for hours): a click's callback names the chat but not its type, and a button value is
 * never trusted for it. When Feishu cannot say soon enough (an outage, a missing scope), the chat
 * counts as a group — nothing a group may not see is shown — and, for a minute, is not asked again,
 * so every click during an outage does not wait through the gateway's retries.
 */
import type { FeishuGateway } from "../feishu/gateway.js";
import type { Logger } from "../log/logger.js";

export interface ChatTypes {
  of(chatId: string): Promise<"p2p" | "group">;
}

export interface ChatTypeOptions {
  /** How long a click waits for the answer; the lookup goes on and fills the gateway's cache. */
  waitMs?: number;
  /** How long a chat Feishu could not answer for is taken as a group without asking. */
  failureTtlMs?: number;
  now?: () => number;
}

export function createChatTypes(gateway: Pick<FeishuGateway, "getChat">, logger: Logger, opts: ChatTypeOptions = {}): ChatTypes {
  const waitMs = opts.waitMs ?? 1_000;
  const failureTtlMs = opts.failureTtlMs ?? 60_000;
  const now = opts.now ?? Date.now;
  const failedUntil = new Map<string, number>();

  function failed(chatId: string, why: unknown): "group" {
    failedUntil.set(chatId, now() + failureTtlMs);
    logger.warn({ err: why, chatId }, "could not learn the chat's type from Feishu; answering as in a group");
    return "group";
  }

  return {
    async of(chatId) {
      const until = failedUntil.get(chatId);
      if (until !== undefined) {
        if (until > now()) return "group";
        failedUntil.delete(chatId);
      }
      const lookup = gateway.getChat(chatId).then((chat) => (chat.mode === "p2p" ? ("p2p" as const) : ("group" as const)));
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), waitMs)));
      try {
        const first = await Promise.race([lookup, late]);
        if (first === "late") {
          lookup.catch(() => undefined);
          return failed(chatId, new Error(`no answer within ${waitMs} ms`));
        }
        return first;
      } catch (error) {
        return failed(chatId, error);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
