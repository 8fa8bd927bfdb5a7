import { resolve } from "node:path";
import { StoreError } from "./errors.js";
import { MemoryStore } from "./memory.js";
import { DEFAULT_KEY_PREFIX, RedisStore, redactUrl } from "./redis.js";
import { SqliteStore } from "./sqlite.js";
import type { Store, StoreLogger } from "./store.js";

export type { Inbox, InboxEntry, Lock, Records, Store, StoreLogger } from "./store.js";
export { StoreError } from "./errors.js";
export { MemoryStore, type MemoryStoreOptions } from "./memory.js";
export { SqliteStore, type SqliteStoreOptions } from "./sqlite.js";
export { RedisStore, DEFAULT_KEY_PREFIX, redactUrl, type RedisStoreOptions } from "./redis.js";

export interface OpenStoreOptions {
  logger?: StoreLogger;
  /** The clock for TTLs and leases (memory and SQLite; Redis keeps its own time). */
  now?: () => number;
  /** Redis only: put before every key (default "feishu-bot:"). */
  keyPrefix?: string;
}

/** What a store URL names: `sqlite:<path>`, `redis://…` / `rediss://…`, or `memory:`. */
export type StoreTarget = { engine: "sqlite"; path: string } | { engine: "redis"; url: string } | { engine: "memory" };

/**
 * Reads a store URL. `sqlite:./data/bot.db` and `sqlite:/var/lib/bot/bot.db` name a file (relative
 * to the working directory); `sqlite:///var/lib/bot/bot.db` is accepted too. Undefined when the URL
 * names no engine this bot has.
 */
export function parseStoreUrl(url: string): StoreTarget | undefined {
  const text = url.trim();
  if (/^rediss?:\/\//i.test(text)) return { engine: "redis", url: text };
  if (/^memory:$/i.test(text)) return { engine: "memory" };
  const sqlite = /^sqlite:(.*)$/i.exec(text);
  if (sqlite) {
    const path = sqlite[1]!.replace(/^\/\/(?=\/)/, "");
    return path.trim() === "" ? undefined : { engine: "sqlite", path };
  }
  return undefined;
}

/** Opens the store a URL names (app.yaml's store.url, or REDIS_URL): connected and ready, or a StoreError. */
export async function openStore(url: string, options: OpenStoreOptions = {}): Promise<Store> {
  const target = parseStoreUrl(url);
  const clock = options.now ? { now: options.now } : {};
  switch (target?.engine) {
    case "memory":
      return new MemoryStore(clock);
    case "sqlite":
      return new SqliteStore({ path: resolve(target.path), ...clock });
    case "redis":
      return RedisStore.open({
        url: target.url,
        keyPrefix: options.keyPrefix ?? DEFAULT_KEY_PREFIX,
        ...(options.logger ? { logger: options.logger } : {}),
      });
    default:
      throw new StoreError(`store: ${redactUrl(url)} names no store: use sqlite:<path>, redis://host:port/db or memory:`);
  }
}
