/** Starting the bot host process (bench/hosts/bot.ts) against an emulator. */
import type { Emulator } from "../../src/sandbox/emulator/index.js";
import type { BotHostOptions } from "../hosts/bot.js";
import { startHost, type Host } from "./child.js";
import { freshKeys } from "./events.js";

const BOT_HOST = new URL("../hosts/bot.ts", import.meta.url);

export type BotHost = Host<{ url: string }> & { options: BotHostOptions };

export async function startBotHost(
  feishu: { url: string; appId: string; appSecret: string },
  opts: Pick<BotHostOptions, "instrument" | "cache" | "limits" | "coalesce">,
): Promise<BotHost> {
  const options: BotHostOptions = { domain: feishu.url, appSecret: feishu.appSecret, keys: freshKeys(feishu.appId), ...opts };
  const host = await startHost<{ url: string }>(BOT_HOST, { env: { BENCH_BOT: JSON.stringify(options) } });
  return Object.assign(host, { options });
}

/** Points the emulator's event delivery at the bot host. */
export function wireWebhook(emulator: Emulator, bot: BotHost): void {
  emulator.setWebhook({
    eventUrl: `${bot.ready.url}/webhook/event`,
    cardUrl: `${bot.ready.url}/webhook/card`,
    encryptKey: bot.options.keys.encryptKey,
    verificationToken: bot.options.keys.verificationToken,
  });
}
