/**
 * Redis as a benchmark sees it from outside: the server's own CPU time (INFO cpu), which a Node
 * process's cpuUsage() cannot include, and the clean-up of a run's keys on a shared REDIS_URL.
 */
import { Redis } from "ioredis";

/** A connection for watching the server, not for the work measured. */
export function redisObserver(url: string): Redis {
  return new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2 });
}

/**
 * The server's CPU time so far, µs: used_cpu_user + used_cpu_sys of INFO cpu (the server process,
 * all of its threads; background saves are counted apart, in *_children, and not here). On a shared
 * server other clients' work counts too.
 */
export async function redisCpuMicros(redis: Redis): Promise<number> {
  const info = await redis.info("cpu");
  const field = (name: string) => {
    const match = new RegExp(`^${name}:([0-9.]+)`, "m").exec(info);
    if (!match) throw new Error(`INFO cpu has no ${name}`);
    return Number(match[1]);
  };
  return Math.round((field("used_cpu_user") + field("used_cpu_sys")) * 1e6);
}

/** Deletes every key under `prefix` (SCAN, not KEYS, so a shared server is not blocked). */
export async function deleteKeys(redis: Redis, prefix: string): Promise<number> {
  const pattern = `${prefix.replace(/[*?[\]\\]/g, "\\$&")}*`;
  let cursor = "0";
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 1000);
    cursor = next;
    if (keys.length > 0) deleted += await redis.del(...keys);
  } while (cursor !== "0");
  return deleted;
}
