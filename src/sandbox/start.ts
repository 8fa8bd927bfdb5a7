/**
 * Sandbox mode's wiring: the Feishu Open API emulator and the bot, each started through its public
 * entry (`startEmulator`, `startBot`) and joined by the webhook the emulator delivers events to, or
 * by the long connection the bot opens to it (`feishu.connection: websocket`).
 */
import { randomBytes } from "node:crypto";
import { startBot, type RunningBot, type StartOptions } from "../app/start.js";
import type { Config } from "../config/types.js";
import type { Logger } from "../log/logger.js";
import { startEmulator, type Emulator, type EmulatorOptions } from "./emulator/index.js";
import { DEFAULT_SENDER_OPEN_ID } from "./emulator/events/index.js";
import { tenantSamples } from "./samples.js";
import { createWebConsole } from "./web/index.js";

export interface RunningSandbox {
  bot: RunningBot;
  emulator: Emulator;
  /** The config the bot runs with: the emulator's credentials and this run's keys. */
  config: Config;
  /** The web console: the sandbox's chats in a browser, cards drawn as Feishu draws them. */
  consoleUrl: string;
  close(): Promise<void>;
  /** The bot's graceful stop, then the emulator (which the bot's queued work still talks to). */
  shutdown(): Promise<void>;
}

/**
 * Sandbox mode: no Feishu account needed. The emulator plays Feishu (Open API and event delivery)
 * with fresh keys each run, so the bot runs its real signed, encrypted path end to end.
 */
export async function startSandbox(
  base: Config,
  logger: Logger,
  emulatorOptions: EmulatorOptions = {},
  botOptions: Omit<StartOptions, "now"> = {},
): Promise<RunningSandbox> {
  // With `feishu.connection: websocket` the emulator pushes over the long connection the bot opens,
  // as if "long connection" were saved in the developer console: no webhook, no encrypt key.
  const longConnection = base.feishu.connection === "websocket";
  const encryptKey = longConnection ? undefined : randomBytes(16).toString("hex");
  const emulator = await startEmulator(
    longConnection ? { subscription: { events: "long_connection", callbacks: "long_connection" }, ...emulatorOptions } : emulatorOptions,
  );
  const verificationToken = longConnection ? emulator.verificationToken : randomBytes(16).toString("hex");
  const config: Config = {
    ...base,
    feishu: {
      ...base.feishu,
      appId: emulator.appId,
      appSecret: emulator.appSecret,
      domain: emulator.url,
      encryptKey,
      verificationToken,
    },
    // The emulator's default chat user administers the sandbox, so a newcomer sees every card;
    // configured admins (app.yaml or BOT_ADMINS) replace it.
    bot: { ...base.bot, admins: base.bot.admins.length > 0 ? base.bot.admins : [DEFAULT_SENDER_OPEN_ID] },
    // What the tenant holds, for /help and the usage cards' examples (live mode has none).
    sandbox: tenantSamples(emulator.tenant),
  };
  // Served by the bot's own HTTP server in sandbox mode only; live mode never has it.
  const webConsole = createWebConsole({ emulatorUrl: emulator.url, admins: config.bot.admins });
  // The bot shares the emulator's clock, so "today" is the same day on both sides.
  const bot = await startBot(config, logger, {
    ...botOptions,
    routes: webConsole.router,
    ...(emulatorOptions.now ? { now: emulatorOptions.now } : {}),
  });
  if (!longConnection) {
    emulator.setWebhook({
      eventUrl: `${bot.url}/webhook/event`,
      cardUrl: `${bot.url}/webhook/card`,
      encryptKey,
      verificationToken,
    });
  }
  return {
    bot,
    emulator,
    config,
    consoleUrl: `${bot.url}/console`,
    close: async () => {
      webConsole.close();
      await bot.close();
      await emulator.close();
    },
    shutdown: async () => {
      webConsole.close();
      await bot.shutdown();
      await emulator.close();
    },
  };
}
