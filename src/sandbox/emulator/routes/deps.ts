/** What the data routes need from the emulator. */
import type { TenantLookup } from "../tenant/lookup.js";
import type { Tenant } from "../tenant/types.js";
import { addDays, dayStart, localDate } from "../tenant/zoned-time.js";

export interface RouteDeps {
  /** Emulator clock, ms. */
  now(): number;
  appId: string;
  appSecret: string;
  bot: { openId: string; name: string };
  tenant: Tenant;
  lookup: TenantLookup;
  timezone: string;
  scopes: ReadonlySet<string>;
  vcAdminPermission: boolean;
  multiUnit: boolean;
  edition: "enterprise" | "standard";
}

/** The VC endpoints look back 90 days: from local midnight 90 days before today. */
export const LOOKBACK_DAYS = 90;

export function nowSeconds(deps: RouteDeps): number {
  return Math.floor(deps.now() / 1000);
}

export function lookbackStart(deps: RouteDeps): number {
  const today = localDate(nowSeconds(deps), deps.timezone);
  return dayStart(addDays(today, -LOOKBACK_DAYS), deps.timezone);
}
