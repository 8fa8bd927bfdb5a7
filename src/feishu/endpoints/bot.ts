/** GET /open-apis/bot/v3/info: who the bot is (its open_id, to recognise its own @mention). */
import type * as lark from "@larksuiteoapi/node-sdk";
import type { FeishuCall } from "../call.js";
import { normalizeBotInfo } from "../normalize/bot-info.js";
import type { BotInfo } from "../types.js";

export function getBotInfo(client: lark.Client, call: FeishuCall): Promise<BotInfo> {
  return call(
    "bot_info",
    () => client.request({ method: "GET", url: "/open-apis/bot/v3/info" }),
    (body) => normalizeBotInfo(body),
  );
}
