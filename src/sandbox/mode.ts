/**
 * `npm start` in sandbox mode (no FEISHU_APP_ID): the config it runs with, where its logs go, and
 * the start-up itself — the emulator and the bot, the banner, and the chat console when a
 * terminal is attached.
 */
import { createWriteStream } from "node:fs";
import { describeConfig } from "../config/index.js";
import type { Config } from "../config/types.js";
import type { Logger } from "../log/logger.js";
import type { Store } from "../store/store.js";
import { startConsole } from "./console.js";
import { withSandboxDigest } from "./digest.js";
import { startSandbox, type RunningSandbox } from "./start.js";

/** Where the logs go while the console prompt owns the terminal. */
export const SANDBOX_LOG = "sandbox.log";

/** Whether the chat console can run: both stdin and stdout are a terminal. */
export function hasTerminal(): boolean {
  return Boolean(process.stdin.isTTY && process.stdout.isTTY);
}

/**
 * The config sandbox mode runs with. The sandbox is for this machine only, and a built-in digest
 * posts into the sandbox group every minute, to show digests work.
 */
export function sandboxConfig(loaded: Config): Config {
  return withSandboxDigest({ ...loaded, server: { ...loaded.server, host: "127.0.0.1" } });
}

/** The log file the console's logs are appended to. */
export function sandboxLogFile(): NodeJS.WritableStream {
  return createWriteStream(SANDBOX_LOG, { flags: "a" });
}

/**
 * Starts the emulator and the bot, prints how to reach them and, when `interactive`, runs the chat
 * console (whose :quit stops the sandbox and exits). Returns the graceful stop for the signals.
 * Exits the process when EMULATOR_PORT is not a port.
 */
export async function runSandbox(
  config: Config,
  logger: Logger,
  options: { store: Store; interactive: boolean },
): Promise<() => Promise<void>> {
  const emulatorPort = process.env.EMULATOR_PORT ? Number(process.env.EMULATOR_PORT) : 0;
  if (!Number.isInteger(emulatorPort) || emulatorPort < 0 || emulatorPort > 65535) {
    console.error(`config: EMULATOR_PORT must be an integer from 0 to 65535 (got "${process.env.EMULATOR_PORT}")`);
    process.exit(1);
  }
  const sandbox = await startSandbox(config, logger, { port: emulatorPort }, { store: options.store });
  logger.info({ config: describeConfig(sandbox.config) }, "sandbox started");
  const stop = sandbox.shutdown;
  const emu = sandbox.emulator.url;
  for (const line of sandboxBanner(sandbox)) console.log(line);
  if (options.interactive) {
    console.log(`  logs: ${SANDBOX_LOG}`);
    startConsole({ emulatorUrl: emu, admins: sandbox.config.bot.admins, onExit: () => void stop().then(() => process.exit(0)) });
  } else {
    console.log("  No terminal attached: serving only. Stop with Ctrl-C or SIGTERM.");
  }
  return stop;
}

/**
 * What `npm start` prints in sandbox mode: where the bot and the emulator listen, commands that find
 * data in the emulator's tenant (the same ones /help offers), where the state is kept, and how to
 * chat without the prompt.
 */
export function sandboxBanner(sandbox: Pick<RunningSandbox, "bot" | "emulator" | "config" | "consoleUrl">): string[] {
  const emu = sandbox.emulator.url;
  const samples = sandbox.config.sandbox;
  // Logged form: a Redis password in REDIS_URL shows as ***.
  const storeUrl = (describeConfig(sandbox.config).store as { url: string }).url;
  const state =
    storeUrl === "memory:"
      ? "in this process's memory: each sandbox keeps its own, gone when it stops (store.url or REDIS_URL choose another store)"
      : `in ${storeUrl} (store.url or REDIS_URL)`;
  return [
    "Sandbox mode (FEISHU_APP_ID is not set): the bot runs against its built-in Feishu emulator.",
    `  console   ${sandbox.consoleUrl}  (open it in a browser: the chats, with cards drawn as Feishu draws them)`,
    `  bot       ${sandbox.bot.url}  (POST /webhook/event, POST /webhook/card, GET /healthz)`,
    `  emulator  ${emu}  (Feishu Open API; control API under /_emulator/)`,
    ...(samples
      ? [
          `  try       ${samples.meetingNumbers.map((no) => `/meeting ${no}`).join("   ")}   (meeting numbers)`,
          `            /meeting ${samples.meetingId}   (one meeting, by its id)`,
          `            /rooms ${samples.busyDay}   (a busy day of room reservations)   /report 30d   /help`,
        ]
      : []),
    `  state     ${state}`,
    `  chat as a user without the prompt:`,
    `    curl -s -XPOST ${emu}/_emulator/events/message -H 'content-type: application/json' -d '{"text":"/help","chatType":"p2p"}'`,
    `    curl -s ${emu}/_emulator/sent      (what the bot sent)`,
  ];
}
