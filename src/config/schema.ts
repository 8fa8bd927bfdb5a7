import { isIP } from "node:net";
import * as z from "zod";
import { accessCommandsShape, accessShape, queueShape } from "./access-schema.js";
import { DIGEST_KEYS, digestsSchema } from "./digest-schema.js";
import { storeShape } from "./store-schema.js";

/**
 * The shape of app.yaml (snake_case, every key optional with its default) and the checks shared
 * with the environment overlay. Each rule's message is a phrase that completes "<key> …", so the
 * loader can prefix the key and append the offending value.
 */

export const DEFAULTS = {
  port: 3000,
  host: "0.0.0.0",
  bodyLimitBytes: 1024 * 1024,
  maxClockSkewSeconds: 300,
  domain: "https://open.feishu.cn",
  httpTimeoutMs: 10_000,
  locale: "zh",
  timezone: "Asia/Shanghai",
  dedupeTtlSeconds: 8 * 3600,
} as const;

/** Feishu retries a failed delivery up to 6 h after the first try; 7.5 h covers that with margin. */
export const MIN_DEDUPE_TTL_SECONDS = 27_000;
const MAX_DEDUPE_TTL_SECONDS = 7 * 24 * 3600;

function intFrom(min: number, max: number, rule = `an integer from ${min} to ${max}`) {
  const error = `must be ${rule}`;
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
}

export const portSchema = intFrom(1, 65535);

const HOSTNAME = /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/;
const hostSchema = z
  .string({ error: "must be a host name or IP address to listen on" })
  .refine((host) => isIP(host) !== 0 || HOSTNAME.test(host), {
    error: "must be a host name or IP address to listen on",
  });

/** Whether Intl (and so croner and dayjs) knows the zone. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat(undefined, { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Accepted when Intl knows the zone; stored in Intl's spelling so "asia/shanghai" works everywhere. */
export const timezoneSchema = z
  .string({ error: "must be an IANA time zone name such as Asia/Shanghai" })
  .refine((zone) => zone !== "" && isTimeZone(zone), {
    error: "must be a known IANA time zone such as Asia/Shanghai",
  })
  .transform((zone) => new Intl.DateTimeFormat(undefined, { timeZone: zone }).resolvedOptions().timeZone);

function isHttpUrl(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const url = new URL(text);
  return (url.protocol === "http:" || url.protocol === "https:") && url.search === "" && url.hash === "";
}

/** The SDK appends "/open-apis/…" to the domain, so a trailing slash would double it. */
export const domainSchema = z
  .string({ error: "must be an http(s) URL such as https://open.feishu.cn" })
  .refine(isHttpUrl, { error: "must be an http(s) URL such as https://open.feishu.cn, without query or fragment" })
  .transform((url) => url.replace(/\/+$/, ""));

const OPEN_ID = /^ou_[A-Za-z0-9_-]+$/;
const OPEN_ID_RULE = "an open_id shaped ou_…";
export const openIdSchema = z
  .string({ error: `must be ${OPEN_ID_RULE}` })
  .regex(OPEN_ID, { error: `must be ${OPEN_ID_RULE}` });

const APP_ID = /^cli_[A-Za-z0-9]+$/;
const APP_ID_RULE = "an app id shaped cli_… (from the app's Credentials page)";
export const appIdSchema = z.string().regex(APP_ID, { error: `must be ${APP_ID_RULE}` });

// An omb_… level; seed 002 documents any other id as "the tenant's own level".
const ROOM_LEVEL_ID = /^[A-Za-z0-9_-]{1,64}$/;
const ROOM_LEVEL_RULE = "must be a room level id (omb_…, or another id for the whole tenant)";
const roomLevelIdSchema = z.string({ error: ROOM_LEVEL_RULE }).regex(ROOM_LEVEL_ID, { error: ROOM_LEVEL_RULE });

const booleanSchema = z.boolean({ error: "must be true or false" });

/** Where Feishu reaches the bot (a reverse proxy's address), so the banner shows the URLs to register. */
export const publicUrlSchema = z
  .string({ error: "must be the http(s) URL Feishu reaches the bot at, such as https://bot.example.com" })
  .refine(isHttpUrl, { error: "must be the http(s) URL Feishu reaches the bot at, such as https://bot.example.com, without query or fragment" })
  .transform((url) => url.replace(/\/+$/, ""));

const serverShape = {
  public_url: publicUrlSchema.optional(),
  port: portSchema.default(DEFAULTS.port),
  host: hostSchema.default(DEFAULTS.host),
  body_limit_bytes: intFrom(1024, 64 * 1024 * 1024).default(DEFAULTS.bodyLimitBytes),
  max_clock_skew_seconds: intFrom(1, 86_400).default(DEFAULTS.maxClockSkewSeconds),
};

/** How Feishu's pushes reach the bot: HTTP webhooks, or the long connection the bot opens (the SDK's WSClient). */
export const connectionSchema = z.enum(["webhook", "websocket"], { error: 'must be "webhook" or "websocket"' });

/** The long connection's client refuses any other app id silently (the SDK's WSClient.start). */
export const LONG_CONNECTION_APP_ID = /^cli_[0-9a-fA-F]{16}$/;

const feishuShape = {
  connection: connectionSchema.default("webhook"),
  domain: domainSchema.default(DEFAULTS.domain),
  http_timeout_ms: intFrom(100, 120_000).default(DEFAULTS.httpTimeoutMs),
};

const botShape = {
  locale: z.enum(["zh", "en"], { error: 'must be "zh" or "en"' }).default(DEFAULTS.locale),
  timezone: timezoneSchema.default(DEFAULTS.timezone),
  admins: z
    .array(openIdSchema, { error: `must be a list of open_ids shaped ou_…` })
    .transform((ids) => [...new Set(ids)])
    .default([]),
  show_password_in_p2p: booleanSchema.default(false),
  dedupe_ttl_seconds: intFrom(
    MIN_DEDUPE_TTL_SECONDS,
    MAX_DEDUPE_TTL_SECONDS,
    `an integer from ${MIN_DEDUPE_TTL_SECONDS} (7.5 h: Feishu retries for up to 6 h after the first try) to ${MAX_DEDUPE_TTL_SECONDS} (7 days)`,
  ).default(DEFAULTS.dedupeTtlSeconds),
};

const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const clockTime = z.string({ error: 'must be a time "HH:mm" such as "09:00"' }).regex(CLOCK_TIME, { error: 'must be a time "HH:mm" such as "09:00"' });
export const WEEKDAY_NAMES = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

/** The hours a room counts as available, for /rooms over a period (utilisation = booked ÷ these). */
const workingHoursSchema = z
  .strictObject(
    {
      start: clockTime.default("09:00"),
      end: clockTime.default("18:00"),
      days: z
        .array(z.enum(WEEKDAY_NAMES, { error: `must be weekday names: ${WEEKDAY_NAMES.join(", ")}` }), { error: "must be a list of weekday names such as [mon, tue, wed, thu, fri]" })
        .min(1, { error: "must name at least one weekday" })
        .transform((days) => [...new Set(days)])
        .default(["mon", "tue", "wed", "thu", "fri"]),
    },
    { error: "must be a mapping with start, end and days" },
  )
  .refine((hours) => hours.start < hours.end, { error: "start must be before end" })
  .prefault({});

const roomsShape = {
  room_level_id: roomLevelIdSchema.optional(),
  working_hours: workingHoursSchema,
};

const reportShape = {
  unit: z
    .union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)], {
      error: "must be 0 (mainland China), 1 (US), 2 (Singapore) or 3 (Japan)",
    })
    // get_daily's `unit` is for tenants with several data residencies only (seed 000): unset, it is not sent.
    .optional(),
};

const sectionError = { error: "must be a mapping of keys" };

export const fileSchema = z.strictObject(
  {
    server: z.strictObject(serverShape, sectionError).prefault({}),
    feishu: z.strictObject(feishuShape, sectionError).prefault({}),
    bot: z.strictObject(botShape, sectionError).prefault({}),
    rooms: z.strictObject(roomsShape, sectionError).prefault({}),
    report: z.strictObject(reportShape, sectionError).prefault({}),
    queue: z.strictObject(queueShape, sectionError).prefault({}),
    access: z.strictObject(accessShape, sectionError).prefault({}),
    digests: digestsSchema(timezoneSchema),
    store: z.strictObject(storeShape, sectionError).prefault({}),
  },
  { error: "must be a mapping of sections (server, feishu, bot, rooms, report)" },
);

export type FileConfig = z.output<typeof fileSchema>;

/** Every key app.yaml may hold, by section; used to suggest the intended key for a typo. */
export const KNOWN_KEYS: Readonly<Record<string, readonly string[]>> = {
  "": Object.keys(fileSchema.shape),
  server: Object.keys(serverShape),
  feishu: Object.keys(feishuShape),
  bot: Object.keys(botShape),
  rooms: Object.keys(roomsShape),
  report: Object.keys(reportShape),
  queue: Object.keys(queueShape),
  access: Object.keys(accessShape),
  "access.commands": Object.keys(accessCommandsShape),
  digests: DIGEST_KEYS,
  store: Object.keys(storeShape),
};
