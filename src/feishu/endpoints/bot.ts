/** GET /open-apis/bot/v3/info: who the bot is (its open_id, to recognise its own @mention). */
import type * as lark from "@larksuiteoapi/node-sdk";
import type { FeishuCall } from "../call.js";
import { botInfoTtl } from "../cache-policy.js";
import { normalizeBotInfo } from "../normalize/bot-info.js";
import type { BotInfo } from "../types.js";

export function getBotInfo(client: lark.Client, call: FeishuCall): Promise<BotInfo> {
  return call({
    endpoint: "bot_info",
    send: (auth) => client.request({ method: "GET", url: "/open-apis/bot/v3/info" }, auth),
    read: (body) => normalizeBotInfo(body),
    cache: { params: {}, ttl: botInfoTtl },
  });
}
