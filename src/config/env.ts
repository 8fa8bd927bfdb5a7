import type * as z from "zod";
import { showValue } from "./errors.js";
import { appIdSchema, connectionSchema, LONG_CONNECTION_APP_ID, domainSchema, openIdSchema, portSchema, publicUrlSchema, timezoneSchema } from "./schema.js";
import { redisUrlSchema } from "./store-schema.js";

/**
 * What the environment contributes. Credentials come only from here; the other variables override
 * app.yaml. A variable set to an empty or blank string counts as unset, the way shells and
 * container runtimes commonly leave "cleared" variables.
 */
export interface EnvSettings {
  mode: "sandbox" | "live";
  appId: string;
  appSecret: string;
  encryptKey: string | undefined;
  verificationToken: string | undefined;
  stateKey: string | undefined;
  previousStateKey: string | undefined;
  domain: string | undefined;
  /** FEISHU_CONNECTION: replaces feishu.connection from app.yaml. */
  connection: "webhook" | "websocket" | undefined;
  /** PUBLIC_URL: replaces server.public_url. */
  publicUrl: string | undefined;
  port: number | undefined;
  timezone: string | undefined;
  /** Replaces bot.admins from app.yaml when set, so one deployment's list never leaks into another's. */
  admins: string[] | undefined;
  /** Replaces store.url from app.yaml when set: the replicas' shared Redis (it may carry a password). */
  redisUrl: string | undefined;
  problems: string[];
}

export function readEnv(env: NodeJS.ProcessEnv): EnvSettings {
  const problems: string[] = [];
  const appId = read(env, "FEISHU_APP_ID");
  const mode = appId === undefined ? "sandbox" : "live";
  const settings: EnvSettings = {
    mode,
    appId: appId ?? "",
    appSecret: read(env, "FEISHU_APP_SECRET") ?? "",
    encryptKey: read(env, "FEISHU_ENCRYPT_KEY"),
    verificationToken: read(env, "FEISHU_VERIFICATION_TOKEN"),
    stateKey: read(env, "BOT_STATE_KEY"),
    previousStateKey: read(env, "BOT_STATE_KEY_PREVIOUS"),
    domain: check(domainSchema, read(env, "FEISHU_DOMAIN"), "FEISHU_DOMAIN", problems),
    connection: check(connectionSchema, read(env, "FEISHU_CONNECTION"), "FEISHU_CONNECTION", problems),
    publicUrl: check(publicUrlSchema, read(env, "PUBLIC_URL"), "PUBLIC_URL", problems),
    port: check(portSchema, asNumber(read(env, "PORT")), "PORT", problems, read(env, "PORT")),
    timezone: check(timezoneSchema, read(env, "BOT_TIMEZONE"), "BOT_TIMEZONE", problems),
    admins: readAdmins(read(env, "BOT_ADMINS"), problems),
    redisUrl: readRedisUrl(read(env, "REDIS_URL"), problems),
    problems,
  };
  if (mode === "live") problems.push(...liveProblems(settings));
  return settings;
}

/** Trimmed: a stray newline from a secrets file would otherwise break every signature silently. */
function read(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === "" ? undefined : value;
}

/** Numeric text becomes a number so the port rule can judge it; anything else stays text and fails. */
function asNumber(text: string | undefined): number | string | undefined {
  return text !== undefined && /^[+-]?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
}

function check<T>(schema: z.ZodType<T>, input: unknown, name: string, problems: string[], shown: unknown = input): T | undefined {
  if (input === undefined) return undefined;
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  problems.push(`${name} ${result.error.issues[0]?.message ?? "is not valid"} (got ${showValue(shown)})`);
  return undefined;
}

function readAdmins(text: string | undefined, problems: string[]): string[] | undefined {
  if (text === undefined) return undefined;
  const ids = text.split(",").map((id) => id.trim()).filter((id) => id !== "");
  const bad = ids.find((id) => !openIdSchema.safeParse(id).success);
  if (bad !== undefined) {
    problems.push(`BOT_ADMINS must be a comma-separated list of open_ids shaped ou_… (got ${showValue(bad)})`);
    return undefined;
  }
  return [...new Set(ids)];
}

/** Checked like the others, but never echoed: the URL may carry the Redis password. */
function readRedisUrl(text: string | undefined, problems: string[]): string | undefined {
  if (text === undefined) return undefined;
  const result = redisUrlSchema.safeParse(text);
  if (result.success) return result.data;
  problems.push(`REDIS_URL ${result.error.issues[0]?.message ?? "is not valid"} (value hidden)`);
  return undefined;
}

function liveProblems(settings: EnvSettings): string[] {
  const problems: string[] = [];
  // The app id is not secret, but a swapped FEISHU_APP_ID / FEISHU_APP_SECRET pair would echo the secret.
  if (!appIdSchema.safeParse(settings.appId).success) {
    problems.push(`FEISHU_APP_ID must be an app id shaped cli_… from the app's Credentials page (value hidden)`);
  }
  if (settings.appSecret === "") {
    problems.push("FEISHU_APP_SECRET is required when FEISHU_APP_ID is set (live mode), or unset FEISHU_APP_ID to run the sandbox instead");
  }
  return problems;
}

/** What live mode needs for the way pushes arrive (known only once app.yaml and the environment are combined). */
export function connectionProblems(settings: EnvSettings, connection: "webhook" | "websocket"): string[] {
  if (settings.mode !== "live") return [];
  if (connection === "websocket") {
    // The SDK's WSClient.start() only logs an error and returns for any other shape.
    return appIdSchema.safeParse(settings.appId).success && !LONG_CONNECTION_APP_ID.test(settings.appId)
      ? ["FEISHU_APP_ID must be cli_ followed by 16 hexadecimal digits for the long connection (value hidden)"]
      : [];
  }
  if (settings.encryptKey === undefined && settings.verificationToken === undefined) {
    return [
      "FEISHU_ENCRYPT_KEY or FEISHU_VERIFICATION_TOKEN is required in live mode with webhooks (from the app's Events & Callbacks page): without either, forged requests cannot be told from Feishu's. Or set FEISHU_CONNECTION=websocket to receive events over the long connection instead",
    ];
  }
  return [];
}
