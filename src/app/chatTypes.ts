/**
 * Whether a chat is a direct chat, as Feishu says (im/v1/chats/:chat_id, cached by the gateway): a
 * click's callback names the chat but not its type, and a button value is never trusted for it.
 * When Feishu cannot say, the chat counts as a group: nothing a group may not see is shown.
 */
import type { FeishuGateway } from "../feishu/gateway.js";
import type { Logger } from "../log/logger.js";

export interface ChatTypes {
  of(chatId: string): Promise<"p2p" | "group">;
}

export function createChatTypes(gateway: Pick<FeishuGateway, "getChat">, logger: Logger): ChatTypes {
  return {
    async of(chatId) {
      try {
        const chat = await gateway.getChat(chatId);
        return chat.mode === "p2p" ? "p2p" : "group";
      } catch (error) {
        logger.warn({ err: error, chatId }, "could not learn the chat's type from Feishu; answering as in a group");
        return "group";
      }
    },
  };
}
