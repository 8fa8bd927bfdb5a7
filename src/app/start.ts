import { randomBytes } from "node:crypto";
import type { Config } from "../config/types.js";
import { createFeishuGateway, createLarkClient } from "../feishu/index.js";
import type { Logger } from "../log/logger.js";
import { startEmulator, type Emulator, type EmulatorOptions } from "../sandbox/emulator/index.js";
import { MemoryStore } from "../store/index.js";
import type { Store } from "../store/store.js";
import { createBot } from "./bot.js";
import { listen } from "./server.js";

export interface RunningBot {
  url: string;
  close(): Promise<void>;
}

export interface StartOptions {
  store?: Store;
  /** The bot's clock (ms since the epoch); tests pin it to the emulator's. */
  now?: () => number;
}

/** Wires config, gateway, store and ingress into a listening bot. */
export async function startBot(config: Config, logger: Logger, options: StartOptions = {}): Promise<RunningBot> {
  const store = options.store ?? new MemoryStore();
  const client = createLarkClient(config.feishu, logger);
  const gateway = createFeishuGateway(client, {
    appId: config.feishu.appId,
    logger,
    timezone: config.bot.timezone,
    ...(options.now ? { now: options.now } : {}),
  });
  const { app } = createBot({ config, gateway, store, logger, ...(options.now ? { now: options.now } : {}) });
  const server = await listen(app, config.server.port, config.server.host);
  return {
    url: server.url,
    close: async () => {
      await server.close();
      await store.close();
    },
  };
}

export interface RunningSandbox {
  bot: RunningBot;
  emulator: Emulator;
  /** The config the bot runs with: the emulator's credentials and this run's keys. */
  config: Config;
  close(): Promise<void>;
}

/**
 * Sandbox mode: no Feishu account needed. The emulator plays Feishu (Open API and event delivery)
 * with fresh keys each run, so the bot runs its real signed, encrypted path end to end.
 */
export async function startSandbox(
  base: Config,
  logger: Logger,
  emulatorOptions: EmulatorOptions = {},
): Promise<RunningSandbox> {
  const encryptKey = randomBytes(16).toString("hex");
  const verificationToken = randomBytes(16).toString("hex");
  const emulator = await startEmulator(emulatorOptions);
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
  };
  // The bot shares the emulator's clock, so "today" is the same day on both sides.
  const bot = await startBot(config, logger, emulatorOptions.now ? { now: emulatorOptions.now } : {});
  emulator.setWebhook({
    eventUrl: `${bot.url}/webhook/event`,
    cardUrl: `${bot.url}/webhook/card`,
    encryptKey,
    verificationToken,
  });
  return {
    bot,
    emulator,
    config,
    close: async () => {
      await bot.close();
      await emulator.close();
    },
  };
}
