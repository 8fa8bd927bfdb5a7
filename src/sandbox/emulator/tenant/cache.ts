/**
 * Tenants are pure functions of (seed, today, timezone), and tests start many emulators: keep the
 * last few per process. They are deep-frozen so one emulator (or test) cannot change another's.
 */
import { generateTenant, type TenantOptions } from "./generate.js";
import type { Tenant } from "./types.js";

const MAX_ENTRIES = 8;
const cache = new Map<string, Tenant>();

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

export function seededTenant(options: TenantOptions): Tenant {
  const key = `${options.seed}|${options.today}|${options.timezone}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const tenant = deepFreeze(generateTenant(options));
  cache.set(key, tenant);
  if (cache.size > MAX_ENTRIES) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  return tenant;
}
