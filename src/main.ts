import { renderBanner } from "./app/banner.js";
import type { SelfCheckReport } from "./app/selfcheck-report.js";
import { startBot } from "./app/start.js";
import { openStore } from "./store/index.js";
import { ConfigError, describeConfig, loadConfig } from "./config/index.js";
import type { Config } from "./config/types.js";
import { pino } from "pino";
import { createLogger } from "./log/logger.js";
import { hasTerminal, runSandbox, sandboxConfig, sandboxLogFile } from "./sandbox/mode.js";

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
  const interactive = loaded.mode === "sandbox" && hasTerminal();
  const config = loaded.mode === "sandbox" ? sandboxConfig(loaded) : loaded;
  // The console prompt owns the terminal: its logs go to a file instead.
  const logger = createLogger(interactive ? { destination: sandboxLogFile() } : {});

  // Digest records and locks survive restarts in the store store.url names (SQLite by default; REDIS_URL wins).
  const store = await openStore(config.store.url, { logger });

  let stop: () => Promise<void>;
  let connectionFailed: Promise<unknown> | undefined;
  if (config.mode === "live") {
    logger.info({ config: describeConfig(config) }, "starting");
    // Over the long connection there is no request to sign: the socket is opened with the app's secret.
    if (config.feishu.connection === "webhook" && !config.feishu.encryptKey) {
      logger.warn("FEISHU_ENCRYPT_KEY is not set: requests are authenticated by the verification token alone, with no signature and no replay window. Set an Encrypt Key in the developer console.");
    }
    // The self-check's banner says what to register and what works. Refused credentials end the
    // start: no retry can fix them, and an exit makes the mistake plain (to systemd as well).
    let credentialsRefused = () => {};
    const refused = new Promise<void>((resolve) => (credentialsRefused = resolve));
    const onReport = (report: SelfCheckReport) => {
      console.log(renderBanner(report).join("\n"));
      if (!report.token.credentialsRefused) return;
      logger.error({ code: report.token.error?.code }, "Feishu refused the app's credentials: check FEISHU_APP_ID and FEISHU_APP_SECRET");
      credentialsRefused();
    };
    const bot = await startBot(config, logger, { store, selfCheck: { onReport } });
    logger.info({ url: bot.url }, "listening");
    void refused.then(() => bot.shutdown()).finally(() => process.exit(1));
    stop = bot.shutdown;
    connectionFailed = bot.longConnection?.failed;
  } else {
    stop = await runSandbox(config, logger, { store, interactive });
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
  // The long connection gave up for good (Feishu refused the credentials on a reconnect): nothing
  // more can arrive, so stop and exit non-zero for the supervisor to see.
  void connectionFailed?.then(() => {
    if (stopping) return;
    stopping = true;
    stop().finally(() => process.exit(1));
  });
}

main().catch((error: unknown) => {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const hint = code === "EADDRINUSE" ? " (another program uses the port: set PORT to a free one)" : "";
  console.error(`failed to start: ${error instanceof Error ? error.message : String(error)}${hint}`);
  process.exit(1);
});
