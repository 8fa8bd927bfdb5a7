/**
 * Answers to queries, kept for a lifetime chosen per answer, and shared while still in flight.
 * Only successes are kept. Every caller gets its own deep copy, so nobody can change the cached
 * value or another caller's.
 *
 * Two levels when given a SharedCache: this process's memory first, then the store every replica
 * shares, for answers that keep at least SHARED_MIN_TTL_SECONDS (settled history, ended meetings);
 * answers that may still change stay in this process only.
 */
import NodeCache from "node-cache";
import { SHARED_MIN_TTL_SECONDS } from "./cache-policy.js";
import { cloneValue } from "./clone.js";
import { SingleFlight } from "./coalesce.js";
import type { SharedCache } from "./shared-cache.js";

export interface QueryCacheOptions {
  /** Default true. False keeps nothing between calls (identical calls in flight still share one). */
  enabled?: boolean;
  /** Default 2000 answers; past that the ones closest to expiry make room. */
  maxKeys?: number;
}

const DEFAULT_MAX_KEYS = 2000;
/** Share of the entries dropped when the cache is full, so eviction is not paid on every set. */
const EVICT_SHARE = 0.1;

export class QueryCache {
  private readonly store: NodeCache;
  private readonly flights = new SingleFlight<unknown>();
  private readonly enabled: boolean;
  private readonly maxKeys: number;

  constructor(
    opts: QueryCacheOptions = {},
    private readonly shared?: SharedCache,
  ) {
    this.enabled = opts.enabled ?? true;
    this.maxKeys = opts.maxKeys ?? DEFAULT_MAX_KEYS;
    // We clone on the way out ourselves (node-cache's clone would lose Sensitive's class).
    this.store = new NodeCache({ useClones: false, checkperiod: 120, deleteOnExpire: true });
  }

  /** The cached answer under `key`, or one load shared by every caller until it settles. */
  async through<T>(key: string, load: () => Promise<T>, ttlSeconds: (value: T) => number): Promise<T> {
    const hit = this.store.get<{ value: T }>(key);
    if (hit) return cloneValue(hit.value);
    const value = (await this.flights.run(key, async () => {
      const shared = this.enabled ? await this.shared?.get(key) : undefined;
      if (shared) {
        this.put(key, shared.value, shared.ttlMs / 1000);
        return shared.value;
      }
      const loaded = await load();
      const ttl = ttlSeconds(loaded);
      this.put(key, loaded, ttl);
      if (this.enabled && ttl >= SHARED_MIN_TTL_SECONDS) await this.shared?.set(key, loaded, ttl * 1000);
      return loaded;
    })) as T;
    return cloneValue(value);
  }

  /** Number of answers held. */
  get size(): number {
    return this.store.getStats().keys;
  }

  clear(): void {
    this.store.flushAll();
  }

  private put(key: string, value: unknown, ttlSeconds: number): void {
    if (!this.enabled || !(ttlSeconds > 0)) return;
    if (this.store.getStats().keys >= this.maxKeys) this.evict();
    // Wrapped, so that a value of undefined still counts as a hit.
    this.store.set(key, { value }, ttlSeconds);
  }

  /** Drops the answers that expire soonest (expired ones first). */
  private evict(): void {
    const byExpiry = this.store
      .keys()
      .map((key) => ({ key, expires: this.store.getTtl(key) ?? 0 }))
      .sort((a, b) => a.expires - b.expires);
    const drop = Math.max(1, Math.ceil(byExpiry.length * EVICT_SHARE));
    this.store.del(byExpiry.slice(0, drop).map((e) => e.key));
  }
}

/** What makes two queries identical: the endpoint and every parameter, page token included. */
export function cacheKey(endpoint: string, params: unknown): string {
  return `${endpoint}|${JSON.stringify(params, sortedKeys)}`;
}

function sortedKeys(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  const record = value as Record<string, unknown>;
  return Object.fromEntries(Object.keys(record).sort().map((k) => [k, record[k]]));
}
