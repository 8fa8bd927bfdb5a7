/**
 * The bot of the `overload` benchmark, in its own process and as production wires it: `startBot`
 * (src/app/start.ts) with the store `openStore` opens for a `sqlite:` URL, app.yaml's defaults
 * (queue, per-person rate, retry policy with its 10-minute send deadline, lease) and the Feishu
 * side of the emulator whose URL the parent passes in BENCH_OVERLOAD_BOT. The parent may kill it
 * with SIGKILL and start another on the same file.
 *
 * Its log (level info, pino's JSON lines) goes to a file, written synchronously line by line so
 * that a SIGKILL loses none of what was logged: the parent reads the "replied" records and any
 * warning or error from it as evidence.
 */
import { pino } from "pino";
import { startBot, type RunningBot } from "../../src/app/start.js";
import { createLogger } from "../../src/log/logger.js";
import { openStore } from "../../src/store/index.js";
import { benchConfig } from "../lib/config.js";
import { serveHost } from "../lib/child.js";
import type { WebhookKeys } from "../lib/events.js";

export interface OverloadBotOptions {
  /** `sqlite:<file>`: the file survives the process. */
  storeUrl: string;
  domain: string;
  appSecret: string;
  keys: WebhookKeys;
  /** The bot's log, appended to. */
  logFile: string;
  /** bot.admins: who may run the admin commands (/pushstats, /report). */
  admins: string[];
}

export interface OverloadBotStats {
  pid: number;
  rssBytes: number;
  /** Peak RSS of the process so far (process.resourceUsage().maxRSS). */
  maxRssBytes: number;
  heapUsedBytes: number;
  /** The chat queue: commands waiting and running. */
  queue: { pending: number; running: number };
}

const options = JSON.parse(process.env.BENCH_OVERLOAD_BOT ?? "{}") as OverloadBotOptions;

const base = benchConfig(options);
const config = { ...base, bot: { ...base.bot, admins: options.admins }, digests: [] };
// createLogger hands the destination to pino, which takes SonicBoom as it is.
const destination = pino.destination({ dest: options.logFile, sync: true, append: true }) as unknown as NodeJS.WritableStream;
const logger = createLogger({ level: "info", destination });
const store = await openStore(options.storeUrl, { logger });
const running: RunningBot = await startBot(config, logger, { store });
logger.info({ pid: process.pid, url: running.url }, "bench: bot started");

serveHost(
  { url: running.url, pid: process.pid },
  {
    stats: (): OverloadBotStats => {
      const memory = process.memoryUsage();
      return {
        pid: process.pid,
        rssBytes: memory.rss,
        maxRssBytes: process.resourceUsage().maxRSS * 1024,
        heapUsedBytes: memory.heapUsed,
        queue: running.bot.load(),
      };
    },
  },
  () => running.close(),
);
