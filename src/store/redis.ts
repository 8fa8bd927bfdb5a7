import { createHash, randomUUID } from "node:crypto";
import { Redis, type RedisOptions } from "ioredis";
import { assertTtl, StoreError } from "./errors.js";
import type { Inbox, InboxEntry, Lock, Records, Store, StoreLogger } from "./store.js";

export interface RedisStoreOptions {
  /** redis://[user:password@]host:port/db, or rediss:// for TLS. */
  url: string;
  /**
   * Put before every key, so several bots (or test runs) can share one Redis. Every replica of one
   * bot must use the same prefix. Wrap it in braces ({bot}:) to keep all keys in one Cluster slot.
   */
  keyPrefix?: string;
  logger?: StoreLogger;
  /** Passed to ioredis as they are (tests: connectTimeout, retryStrategy). */
  redis?: RedisOptions;
}

export const DEFAULT_KEY_PREFIX = "feishu-bot:";

/**
 * A Lua script run by its SHA1 (EVALSHA), sent whole only when the server does not know it yet
 * (first use, or after a SCRIPT FLUSH or a restart). Every key a script touches is passed in KEYS.
 */
class Script {
  readonly #sha: string;
  constructor(readonly lua: string) {
    this.#sha = createHash("sha1").update(lua).digest("hex");
  }

  async run(redis: Redis, keys: string[], args: (string | number)[]): Promise<unknown> {
    try {
      return await redis.evalsha(this.#sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!String((error as Error | undefined)?.message).startsWith("NOSCRIPT")) throw error;
      return redis.eval(this.lua, keys.length, ...keys, ...args);
    }
  }
}

/** The server's clock in ms; scripts with writes may call TIME (they are replicated by effects). */
const NOW = `local t = redis.call('TIME'); local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

const COMPARE_AND_DELETE = new Script(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`);

/** KEYS[1] lock; ARGV token, ttl. Returns the expiry (server ms), or false when held. */
const ACQUIRE_LOCK = new Script(`
${NOW}
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return now + tonumber(ARGV[2]) end
return false`);

const EXTEND_LOCK = new Script(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`);

const RELEASE_LOCK = COMPARE_AND_DELETE;

/*
 * The inbox is six keys under <prefix>inbox:, all passed to every script (so with a {hash tag} in the
 * prefix the scripts also run on Redis Cluster):
 *   meta     hash  id → cjson {seq, attempts, addedAt, claimedBy, leaseUntil} of each entry not yet done
 *            (cjson keeps 14 significant digits: ms timestamps have 13 until the year 2286)
 *   payload  hash  id → payload, for the same entries
 *   pending  zset  id scored by seq: waiting entries, oldest (lowest seq) first
 *   leases   zset  id scored by leaseUntil (server ms): claimed entries
 *   seen     zset  id scored by dedupeUntil (server ms): the dedupe marks, swept lazily by add
 *   seq      string, the insertion counter
 * A done entry leaves meta, payload and leases and stays only in seen, until its dedupeUntil.
 */
const INBOX_KEYS = ["meta", "payload", "pending", "leases", "seen", "seq"] as const;

/** ARGV id, payload, dedupeTtlMs. 1 when added, 0 when a duplicate. */
const INBOX_ADD = new Script(`
${NOW}
local id = ARGV[1]
redis.call('ZREMRANGEBYSCORE', KEYS[5], '-inf', now)
if redis.call('ZSCORE', KEYS[5], id) or redis.call('HEXISTS', KEYS[1], id) == 1 then return 0 end
local seq = redis.call('INCR', KEYS[6])
redis.call('HSET', KEYS[1], id, cjson.encode({seq = seq, attempts = 0, addedAt = now, claimedBy = false, leaseUntil = false}))
redis.call('HSET', KEYS[2], id, ARGV[2])
redis.call('ZADD', KEYS[3], seq, id)
redis.call('ZADD', KEYS[5], now + tonumber(ARGV[3]), id)
return 1`);

/**
 * ARGV owner, leaseMs. {id, payload, attempts, addedAt, leaseUntil} or false. Takes the entry with
 * the lowest seq among the head of pending and the claims whose lease ran out (up to 100 of them,
 * the longest lapsed first); only the one taken changes hands, so a lapsed claim nobody takes still
 * belongs to its owner (who may yet extend or complete it), as in the other engines.
 */
const INBOX_CLAIM = new Script(`
${NOW}
local id, seq, lapsed = false, false, false
local head = redis.call('ZRANGE', KEYS[3], 0, 0, 'WITHSCORES')
if #head > 0 then id, seq = head[1], tonumber(head[2]) end
for _, other in ipairs(redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', now, 'LIMIT', 0, 100)) do
  local otherSeq = cjson.decode(redis.call('HGET', KEYS[1], other)).seq
  if not seq or otherSeq < seq then id, seq, lapsed = other, otherSeq, true end
end
if not id then return false end
if not lapsed then redis.call('ZREM', KEYS[3], id) end
local meta = cjson.decode(redis.call('HGET', KEYS[1], id))
meta.attempts = meta.attempts + 1
meta.claimedBy = ARGV[1]
meta.leaseUntil = now + tonumber(ARGV[2])
redis.call('HSET', KEYS[1], id, cjson.encode(meta))
redis.call('ZADD', KEYS[4], meta.leaseUntil, id)
return {id, redis.call('HGET', KEYS[2], id), meta.attempts, meta.addedAt, meta.leaseUntil}`);

/** The claim check shared by extend, complete and release: meta decoded when ARGV[2] holds the claim. */
const CLAIMED_BY_OWNER = `
if not redis.call('ZSCORE', KEYS[4], ARGV[1]) then return 0 end
local meta = cjson.decode(redis.call('HGET', KEYS[1], ARGV[1]))
if meta.claimedBy ~= ARGV[2] then return 0 end`;

/** ARGV id, owner, leaseMs. */
const INBOX_EXTEND = new Script(`
${NOW}
${CLAIMED_BY_OWNER}
meta.leaseUntil = now + tonumber(ARGV[3])
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(meta))
redis.call('ZADD', KEYS[4], meta.leaseUntil, ARGV[1])
return 1`);

/** ARGV id, owner. The dedupe mark in seen stays. */
const INBOX_COMPLETE = new Script(`
${CLAIMED_BY_OWNER}
redis.call('ZREM', KEYS[4], ARGV[1])
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
return 1`);

/** ARGV id, owner. */
const INBOX_RELEASE = new Script(`
${CLAIMED_BY_OWNER}
meta.claimedBy = false
meta.leaseUntil = false
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(meta))
redis.call('ZREM', KEYS[4], ARGV[1])
redis.call('ZADD', KEYS[3], meta.seq, ARGV[1])
return 1`);

/** {pending, claimed}, lapsed claims counted as pending. */
const INBOX_COUNTS = new Script(`
${NOW}
local lapsed = redis.call('ZCOUNT', KEYS[4], '-inf', now)
return {redis.call('ZCARD', KEYS[3]) + lapsed, redis.call('ZCARD', KEYS[4]) - lapsed}`);

/**
 * The store for replicas on several hosts, through ioredis. Keys expire by Redis itself (SET … PX),
 * and every read-then-write is one Lua script, which Redis runs atomically: compare-and-delete, lock
 * extend and release (by token), and each inbox step. Time is the server's (PX, TIME), one clock for
 * every replica; an injected clock cannot move it. Durability is Redis's: an acknowledged write is in
 * the server's memory, and survives a Redis restart only with persistence on (appendonly yes,
 * appendfsync everysec or always).
 * Keys: <prefix>kv:<key>, <prefix>lock:<name>, <prefix>inbox:{meta,payload,pending,leases,seen,seq},
 * <prefix>records:<collection> (a hash of id → value).
 */
export class RedisStore implements Store {
  readonly inbox: Inbox;
  readonly records: Records;
  readonly keyPrefix: string;
  readonly #redis: Redis;
  readonly #inboxKeys: string[];
  readonly #logger: StoreLogger | undefined;

  private constructor(redis: Redis, keyPrefix: string, logger: StoreLogger | undefined) {
    this.#redis = redis;
    this.keyPrefix = keyPrefix;
    this.#logger = logger;
    this.#inboxKeys = INBOX_KEYS.map((name) => `${keyPrefix}inbox:${name}`);
    this.inbox = this.#makeInbox();
    this.records = this.#makeRecords();
  }

  /** Connects (failing at once when Redis cannot be reached) and answers once connected. */
  static async open(options: RedisStoreOptions): Promise<RedisStore> {
    const redis = new Redis(options.url, {
      lazyConnect: true,
      // A command waits through a short outage (reconnecting), then fails as a StoreError.
      maxRetriesPerRequest: 2,
      connectTimeout: 5_000,
      ...options.redis,
    });
    let lastError: string | undefined;
    redis.on("error", (error: Error) => {
      // ioredis reconnects by itself; log each distinct failure once rather than every retry.
      if (error.message === lastError) return;
      lastError = error.message;
      options.logger?.warn({ err: error }, `store: Redis: ${error.message}`);
    });
    redis.on("ready", () => (lastError = undefined));
    try {
      await redis.connect();
    } catch (error) {
      redis.disconnect();
      throw new StoreError(`store: cannot connect to Redis at ${redactUrl(options.url)}: ${messageOf(error)}`, { cause: error });
    }
    return new RedisStore(redis, options.keyPrefix ?? DEFAULT_KEY_PREFIX, options.logger);
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    assertTtl(ttlMs);
    return (await this.#call(() => this.#redis.set(this.#kv(key), value, "PX", px(ttlMs), "NX"))) === "OK";
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.#call(() => this.#redis.get(this.#kv(key)))) ?? undefined;
  }

  async set(key: string, value: string, ttlMs?: number): Promise<void> {
    if (ttlMs !== undefined) assertTtl(ttlMs);
    await this.#call(() =>
      ttlMs === undefined ? this.#redis.set(this.#kv(key), value) : this.#redis.set(this.#kv(key), value, "PX", px(ttlMs)),
    );
  }

  async delete(key: string): Promise<void> {
    await this.#call(() => this.#redis.del(this.#kv(key)));
  }

  async compareAndDelete(key: string, expected: string): Promise<boolean> {
    return (await this.#call(() => COMPARE_AND_DELETE.run(this.#redis, [this.#kv(key)], [expected]))) === 1;
  }

  async acquireLock(name: string, ttlMs: number): Promise<Lock | undefined> {
    assertTtl(ttlMs);
    const token = randomUUID();
    const expiresAt = await this.#call(() => ACQUIRE_LOCK.run(this.#redis, [this.#lock(name)], [token, px(ttlMs)]));
    return typeof expiresAt === "number" ? { name, token, expiresAt } : undefined;
  }

  async extendLock(lock: Lock, ttlMs: number): Promise<boolean> {
    assertTtl(ttlMs);
    return (await this.#call(() => EXTEND_LOCK.run(this.#redis, [this.#lock(lock.name)], [lock.token, px(ttlMs)]))) === 1;
  }

  async releaseLock(lock: Lock): Promise<boolean> {
    return (await this.#call(() => RELEASE_LOCK.run(this.#redis, [this.#lock(lock.name)], [lock.token]))) === 1;
  }

  async close(): Promise<void> {
    if (this.#redis.status === "end") return;
    try {
      await this.#redis.quit();
    } catch (error) {
      this.#logger?.warn({ err: error }, "store: Redis did not answer QUIT; disconnecting");
      this.#redis.disconnect();
    }
  }

  #makeInbox(): Inbox {
    const keys = this.#inboxKeys;
    const run = (script: Script, args: (string | number)[]) => this.#call(() => script.run(this.#redis, keys, args));
    return {
      add: async (id, payload, opts) => {
        assertTtl(opts.dedupeTtlMs, "dedupeTtlMs");
        return (await run(INBOX_ADD, [id, payload, px(opts.dedupeTtlMs)])) === 1;
      },
      claim: async (owner, leaseMs) => {
        assertTtl(leaseMs, "leaseMs");
        const reply = (await run(INBOX_CLAIM, [owner, px(leaseMs)])) as [string, string, number, number, number] | null;
        if (reply === null) return undefined;
        const [id, payload, attempts, addedAt, leaseUntil] = reply;
        return { id, payload, attempts, addedAt, claimedBy: owner, leaseUntil } satisfies InboxEntry;
      },
      extend: async (id, owner, leaseMs) => {
        assertTtl(leaseMs, "leaseMs");
        return (await run(INBOX_EXTEND, [id, owner, px(leaseMs)])) === 1;
      },
      complete: async (id, owner) => (await run(INBOX_COMPLETE, [id, owner])) === 1,
      release: async (id, owner) => (await run(INBOX_RELEASE, [id, owner])) === 1,
      counts: async () => {
        const [pending, claimed] = (await run(INBOX_COUNTS, [])) as [number, number];
        return { pending, claimed };
      },
    };
  }

  #makeRecords(): Records {
    const hash = (collection: string) => `${this.keyPrefix}records:${collection}`;
    return {
      add: async (collection, id, value) => (await this.#call(() => this.#redis.hsetnx(hash(collection), id, value))) === 1,
      put: async (collection, id, value) => void (await this.#call(() => this.#redis.hset(hash(collection), id, value))),
      get: async (collection, id) => (await this.#call(() => this.#redis.hget(hash(collection), id))) ?? undefined,
      delete: async (collection, id) => (await this.#call(() => this.#redis.hdel(hash(collection), id))) === 1,
      list: async (collection) => {
        const all = await this.#call(() => this.#redis.hgetall(hash(collection)));
        return Object.keys(all)
          .sort()
          .map((id) => ({ id, value: all[id]! }));
      },
    };
  }

  #kv(key: string): string {
    return `${this.keyPrefix}kv:${key}`;
  }

  #lock(name: string): string {
    return `${this.keyPrefix}lock:${name}`;
  }

  async #call<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw new StoreError(`store: Redis: ${messageOf(error)}`, { cause: error });
    }
  }
}

/** PX takes whole milliseconds; a fraction is rounded up so a key never lives shorter than asked. */
function px(ms: number): number {
  return Math.ceil(ms);
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return url.replace(/\/\/[^@/]*@/, "//***@");
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
