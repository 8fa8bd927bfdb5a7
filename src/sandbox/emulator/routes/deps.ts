/** What the data routes need from the emulator. */
import type { TenantLookup } from "../tenant/lookup.js";
import type { Tenant } from "../tenant/types.js";

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

/**
 * The VC endpoints serve "the last 90 days", counted as 90 × 86,400 s back from now: midnight 90 days
 * ago is outside it at any time of day but midnight itself, so it is refused as Feishu refuses it.
 */
export const LOOKBACK_DAYS = 90;
export const LOOKBACK_SECONDS = LOOKBACK_DAYS * 86_400;

export function nowSeconds(deps: RouteDeps): number {
  return Math.floor(deps.now() / 1000);
}

/** The earliest start (unix seconds) a VC query may ask for, or a meeting may have, right now. */
export function lookbackStart(deps: RouteDeps): number {
  return nowSeconds(deps) - LOOKBACK_SECONDS;
}
