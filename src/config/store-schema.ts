import * as z from "zod";

/**
 * The `store:` section of app.yaml and the REDIS_URL variable: which engine keeps the bot's state.
 * Messages complete "<key> …", as in schema.ts. The URL forms are those src/store/index.ts opens
 * (config may not import the store, so the check is repeated here).
 */

/**
 * store.url when neither app.yaml nor REDIS_URL names one. Live mode keeps its state in a file that
 * outlives restarts and is shared by the bot processes of the host. Sandbox mode keeps it in the
 * process: its emulator, keys and chats are new each run, so nothing in a file would mean anything to
 * the next run, and two sandboxes started in one folder must not share dedupe marks, inbox or digest
 * records.
 */
export const STORE_DEFAULTS = {
  url: "sqlite:./data/bot.db",
  sandboxUrl: "memory:",
} as const;

const STORE_URL_RULE = "must be a store URL: sqlite:<path of the database file>, redis://host:port/db, or memory:";
const REDIS_URL_RULE = "must be a Redis URL such as redis://127.0.0.1:6379/0 (rediss:// for TLS)";

export function isRedisUrl(text: string): boolean {
  if (!/^rediss?:\/\//i.test(text)) return false;
  try {
    return new URL(text).hostname !== "";
  } catch {
    return false;
  }
}

export function isStoreUrl(text: string): boolean {
  return isRedisUrl(text) || /^memory:$/i.test(text) || /^sqlite:.*\S/i.test(text);
}

/** Whether a URL carries a password (which belongs in the environment, not in app.yaml). */
export function hasPassword(text: string): boolean {
  try {
    return new URL(text).password !== "";
  } catch {
    return false;
  }
}

export const redisUrlSchema = z
  .string({ error: REDIS_URL_RULE })
  .trim()
  .refine(isRedisUrl, { error: REDIS_URL_RULE });

export const storeShape = {
  url: z
    .string({ error: STORE_URL_RULE })
    .trim()
    .refine(isStoreUrl, { error: STORE_URL_RULE })
    .optional(),
};
