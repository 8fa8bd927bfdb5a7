import { startBot, startSandbox } from "./app/start.js";
import { ConfigError, describeConfig, loadConfig } from "./config/index.js";
import type { Config } from "./config/types.js";
import { createLogger } from "./log/logger.js";
import { startConsole } from "./sandbox/console.js";

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  const interactive = config.mode === "sandbox" && Boolean(process.stdin.isTTY && process.stdout.isTTY);
  // The console prompt shares the terminal with the logs: keep them to warnings unless asked.
  const logger = createLogger(interactive && !process.env.LOG_LEVEL ? { level: "warn" } : {});
  logger.info({ config: describeConfig(config) }, "starting");

  let stop: () => Promise<void>;
  if (config.mode === "live") {
    const bot = await startBot(config, logger);
    logger.info({ url: bot.url }, "listening");
    stop = bot.close;
  } else {
    const emulatorPort = process.env.EMULATOR_PORT ? Number(process.env.EMULATOR_PORT) : 0;
    const sandbox = await startSandbox(config, logger, { port: emulatorPort });
    stop = sandbox.close;
    console.log("Sandbox mode (FEISHU_APP_ID is not set): the bot runs against its built-in Feishu emulator.");
    console.log(`  bot       ${sandbox.bot.url}  (POST /webhook/event, POST /webhook/card, GET /healthz)`);
    console.log(`  emulator  ${sandbox.emulator.url}  (Feishu Open API; control API under /_emulator/)`);
    if (interactive) {
      startConsole({ emulatorUrl: sandbox.emulator.url, onExit: () => void stop().then(() => process.exit(0)) });
    } else {
      console.log("  No terminal attached: serving only. Stop with Ctrl-C or SIGTERM.");
    }
  }

  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      logger.info({ signal }, "stopping");
      void stop().then(() => process.exit(0));
    });
  }
}

main().catch((error: unknown) => {
  console.error(`failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
