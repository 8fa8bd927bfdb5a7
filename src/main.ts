import { createWriteStream } from "node:fs";
import { startBot, startSandbox } from "./app/start.js";
import { withSandboxDigest } from "./schedule/index.js";
import { FileStore } from "./store/index.js";
import { ConfigError, describeConfig, loadConfig } from "./config/index.js";
import type { Config } from "./config/types.js";
import { pino } from "pino";
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

const SANDBOX_LOG = "sandbox.log";

function checkLogLevel(): void {
  const level = process.env.LOG_LEVEL;
  if (level && !(level in pino.levels.values) && level !== "silent") {
    console.error(`config: LOG_LEVEL must be one of ${Object.keys(pino.levels.values).join(", ")}, silent (got "${level}")`);
    process.exit(1);
  }
}

async function main(): Promise<void> {
  const loaded = readConfig();
  checkLogLevel();
  const interactive = loaded.mode === "sandbox" && Boolean(process.stdin.isTTY && process.stdout.isTTY);
  // The sandbox is for this machine only.
  // In sandbox mode a built-in digest posts into the sandbox group every minute, to show digests work.
  const config =
    loaded.mode === "sandbox"
      ? withSandboxDigest({ ...loaded, server: { ...loaded.server, host: "127.0.0.1" } })
      : loaded;
  // The console prompt owns the terminal: its logs go to a file instead.
  const logger = createLogger(
    interactive ? { destination: createWriteStream(SANDBOX_LOG, { flags: "a" }) } : {},
  );

  // Dedupe marks and digest records survive restarts in a file (see store.path in app.yaml).
  const store = await FileStore.open({ path: config.store.path, logger });

  let stop: () => Promise<void>;
  if (config.mode === "live") {
    logger.info({ config: describeConfig(config) }, "starting");
    if (!config.feishu.encryptKey) {
      logger.warn("FEISHU_ENCRYPT_KEY is not set: requests are authenticated by the verification token alone, with no signature and no replay window. Set an Encrypt Key in the developer console.");
    }
    const bot = await startBot(config, logger, { store });
    logger.info({ url: bot.url }, "listening");
    stop = bot.shutdown;
  } else {
    const emulatorPort = process.env.EMULATOR_PORT ? Number(process.env.EMULATOR_PORT) : 0;
    if (!Number.isInteger(emulatorPort) || emulatorPort < 0 || emulatorPort > 65535) {
      console.error(`config: EMULATOR_PORT must be an integer from 0 to 65535 (got "${process.env.EMULATOR_PORT}")`);
      process.exit(1);
    }
    const sandbox = await startSandbox(config, logger, { port: emulatorPort }, { store });
    logger.info({ config: describeConfig(sandbox.config) }, "sandbox started");
    stop = sandbox.shutdown;
    const emu = sandbox.emulator.url;
    console.log("Sandbox mode (FEISHU_APP_ID is not set): the bot runs against its built-in Feishu emulator.");
    console.log(`  bot       ${sandbox.bot.url}  (POST /webhook/event, POST /webhook/card, GET /healthz)`);
    console.log(`  emulator  ${emu}  (Feishu Open API; control API under /_emulator/)`);
    console.log(`  chat as a user without the prompt:`);
    console.log(`    curl -s -XPOST ${emu}/_emulator/events/message -H 'content-type: application/json' -d '{"text":"/help","chatType":"p2p"}'`);
    console.log(`    curl -s ${emu}/_emulator/sent      (what the bot sent)`);
    if (interactive) {
      console.log(`  logs: ${SANDBOX_LOG}`);
      startConsole({ emulatorUrl: emu, onExit: () => void stop().then(() => process.exit(0)) });
    } else {
      console.log("  No terminal attached: serving only. Stop with Ctrl-C or SIGTERM.");
    }
  }

  // The first signal stops gracefully: no new requests, queued commands finished within
  // queue.shutdown_timeout_seconds. A second one exits at once.
  let stopping = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (stopping) {
        logger.warn({ signal }, "second signal: exiting now");
        process.exit(signal === "SIGINT" ? 130 : 143);
      }
      stopping = true;
      logger.info({ signal, timeoutSeconds: config.queue.shutdownTimeoutSeconds }, "stopping");
      stop().then(
        () => {
          logger.info("stopped");
          process.exit(0);
        },
        (error: unknown) => {
          logger.error({ err: error }, "shutdown failed");
          process.exit(1);
        },
      );
    });
  }
}

main().catch((error: unknown) => {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const hint = code === "EADDRINUSE" ? " (another program uses the port: set PORT to a free one)" : "";
  console.error(`failed to start: ${error instanceof Error ? error.message : String(error)}${hint}`);
  process.exit(1);
});
