/** GET /open-apis/bot/v3/info → BotInfo. */
import type { BotInfo } from "../types.js";
import { isRecord, record, requiredText, text } from "./read.js";

const ENDPOINT = "bot_info";

/** Takes the whole body: this old API puts `bot` beside `code`, not under `data`. */
export function normalizeBotInfo(body: unknown): BotInfo {
  const top = record(ENDPOINT, body, "body");
  const bot = record(ENDPOINT, top.bot ?? (isRecord(top.data) ? top.data.bot : undefined), "bot");
  return { openId: requiredText(ENDPOINT, bot.open_id, "bot.open_id"), name: text(bot.app_name) };
}
