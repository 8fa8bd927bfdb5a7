import * as z from "zod";

/**
 * The `queue:` and `access:` sections of app.yaml: how much command work runs at once, and who may
 * run what where. Kept apart from schema.ts so the sections can grow without touching the others.
 */

export const QUEUE_DEFAULTS = {
  concurrency: 8,
  maxPending: 500,
  shutdownTimeoutSeconds: 20,
} as const;

export const ACCESS_DEFAULTS = {
  userCommandsPerMinute: 10,
} as const;

/** Commands whose audience can be configured; /help is always for everyone (it lists what the asker may run). */
export const ACCESS_COMMANDS = ["meeting", "rooms", "report", "pushstats", "digest"] as const;
export type AccessCommand = (typeof ACCESS_COMMANDS)[number];

export type Audience = "everyone" | "admins";

/** Organisation-wide figures are for admins unless app.yaml says otherwise. */
export const DEFAULT_AUDIENCE: Readonly<Record<AccessCommand, Audience>> = {
  meeting: "everyone",
  rooms: "everyone",
  report: "admins",
  pushstats: "admins",
  digest: "everyone",
};

function intFrom(min: number, max: number, rule = `an integer from ${min} to ${max}`) {
  const error = `must be ${rule}`;
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
}

const CHAT_ID = /^oc_[A-Za-z0-9_-]+$/;
const chatIdSchema = z
  .string({ error: "must be a chat id shaped oc_…" })
  .regex(CHAT_ID, { error: "must be a chat id shaped oc_…" });

const audienceSchema = z.enum(["everyone", "admins"], { error: 'must be "everyone" or "admins"' });

export const queueShape = {
  concurrency: intFrom(1, 256).default(QUEUE_DEFAULTS.concurrency),
  max_pending: intFrom(1, 100_000).default(QUEUE_DEFAULTS.maxPending),
  shutdown_timeout_seconds: intFrom(1, 600).default(QUEUE_DEFAULTS.shutdownTimeoutSeconds),
};

export const accessCommandsShape = Object.fromEntries(
  ACCESS_COMMANDS.map((name) => [name, audienceSchema.default(DEFAULT_AUDIENCE[name])]),
) as Record<AccessCommand, z.ZodDefault<typeof audienceSchema>>;

export const accessShape = {
  chats: z
    .array(chatIdSchema, { error: "must be a list of chat ids shaped oc_…" })
    .transform((ids) => [...new Set(ids)])
    .default([]),
  commands: z.strictObject(accessCommandsShape, { error: "must be a mapping of command names to everyone or admins" }).prefault({}),
  user_commands_per_minute: intFrom(0, 10_000, "an integer from 0 (no limit) to 10000").default(ACCESS_DEFAULTS.userCommandsPerMinute),
};
