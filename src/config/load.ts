import { resolve } from "node:path";
import type { Config, WorkingHours } from "./types.js";
import { refuseEnvOnlyKeys } from "./env-only-keys.js";
import { connectionProblems, readEnv, type EnvSettings } from "./env.js";
import { ConfigError } from "./errors.js";
import { readConfigFile } from "./file.js";
import { describeFileIssues } from "./file-issues.js";
import { digestConfigs } from "./digest-schema.js";
import { fileSchema, WEEKDAY_NAMES, type FileConfig } from "./schema.js";
import { STORE_DEFAULTS } from "./store-schema.js";

const DEFAULT_PATH = "./app.yaml";

export interface LoadOptions {
  /** Defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** The YAML file to read; wins over BOT_CONFIG. Naming a file makes its absence an error. */
  path?: string;
}

/**
 * Builds the bot's configuration from app.yaml overlaid by the environment, or throws a
 * ConfigError listing every problem found on one line.
 */
export function loadConfig(opts: LoadOptions = {}): Config {
  const env = opts.env ?? process.env;
  const named = opts.path ?? nonEmpty(env.BOT_CONFIG);
  const path = named ?? DEFAULT_PATH;
  const label = path.replace(/^\.\//, "");

  const file = readConfigFile(path, label, named !== undefined);
  const envOnly = refuseEnvOnlyKeys(file.data ?? {}, label);
  const parsed = file.problems.length === 0 ? fileSchema.safeParse(envOnly.rest) : undefined;
  const fileProblems = parsed?.success === false ? describeFileIssues(parsed.error.issues, envOnly.rest, label) : [];
  const settings = readEnv(env);

  const connection = settings.connection ?? (parsed?.success ? parsed.data.feishu.connection : "webhook");
  const problems = [...file.problems, ...envOnly.problems, ...fileProblems, ...settings.problems, ...connectionProblems(settings, connection)];
  if (problems.length > 0 || !parsed?.success) throw new ConfigError(problems);
  return combine(parsed.data, settings, resolve(path));
}

function nonEmpty(text: string | undefined): string | undefined {
  return text === undefined || text.trim() === "" ? undefined : text.trim();
}

function combine(file: FileConfig, env: EnvSettings, configPath: string): Config {
  return {
    mode: env.mode,
    configPath,
    feishu: {
      appId: env.appId,
      appSecret: env.appSecret,
      encryptKey: env.encryptKey,
      verificationToken: env.verificationToken,
      stateKey: env.stateKey,
      previousStateKey: env.previousStateKey,
      connection: env.connection ?? file.feishu.connection,
      domain: env.domain ?? file.feishu.domain,
      httpTimeoutMs: file.feishu.http_timeout_ms,
    },
    server: {
      publicUrl: env.publicUrl ?? file.server.public_url,
      port: env.port ?? file.server.port,
      host: file.server.host,
      bodyLimitBytes: file.server.body_limit_bytes,
      maxClockSkewSeconds: file.server.max_clock_skew_seconds,
    },
    bot: {
      locale: file.bot.locale,
      timezone: env.timezone ?? file.bot.timezone,
      admins: env.admins ?? file.bot.admins,
      showPasswordInP2p: file.bot.show_password_in_p2p,
      dedupeTtlSeconds: file.bot.dedupe_ttl_seconds,
    },
    rooms: { roomLevelId: file.rooms.room_level_id, workingHours: workingHoursOf(file.rooms.working_hours) },
    report: { unit: file.report.unit },
    queue: {
      concurrency: file.queue.concurrency,
      maxPending: file.queue.max_pending,
      shutdownTimeoutSeconds: file.queue.shutdown_timeout_seconds,
    },
    access: {
      chats: file.access.chats,
      commands: { ...file.access.commands },
      userCommandsPerMinute: file.access.user_commands_per_minute,
    },
    digests: digestConfigs(file.digests, { timezone: env.timezone ?? file.bot.timezone, locale: file.bot.locale }),
    store: { url: env.redisUrl ?? file.store.url ?? (env.mode === "sandbox" ? STORE_DEFAULTS.sandboxUrl : STORE_DEFAULTS.url) },
  };
}

/** "HH:mm" and weekday names → minutes after midnight and ISO weekdays, as the period figures count them. */
function workingHoursOf(hours: FileConfig["rooms"]["working_hours"]): WorkingHours {
  const minute = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
  return {
    startMinute: minute(hours.start),
    endMinute: minute(hours.end),
    weekdays: hours.days.map((day) => WEEKDAY_NAMES.indexOf(day) + 1).sort((a, b) => a - b),
  };
}
