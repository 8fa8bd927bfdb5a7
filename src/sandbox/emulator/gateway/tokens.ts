/**
 * Tenant access tokens. As api-access-tokens.md says, asking again before expiry returns the same
 * token with less time left; with under 30 minutes left a new token is issued and the old one
 * stays valid until it expires.
 */
import { randomBytes } from "node:crypto";

const REISSUE_BELOW_SECONDS = 30 * 60;

export type TokenCheck = "valid" | "unknown" | "expired";

export class TenantTokens {
  private readonly expiries = new Map<string, number>();
  private current: string | undefined;

  constructor(
    private readonly now: () => number,
    private readonly ttlSeconds: number,
  ) {}

  issue(): { token: string; expire: number } {
    const nowMs = this.now();
    const currentExpiry = this.current ? this.expiries.get(this.current) : undefined;
    if (this.current && currentExpiry !== undefined) {
      const left = Math.floor((currentExpiry - nowMs) / 1000);
      if (left >= REISSUE_BELOW_SECONDS) return { token: this.current, expire: left };
    }
    const token = `t-${randomBytes(20).toString("hex")}`;
    this.expiries.set(token, nowMs + this.ttlSeconds * 1000);
    this.current = token;
    return { token, expire: this.ttlSeconds };
  }

  check(token: string): TokenCheck {
    const expiry = this.expiries.get(token);
    if (expiry === undefined) return "unknown";
    return this.now() < expiry ? "valid" : "expired";
  }

  /** Every token issued so far stops working at once. */
  expireAll(): void {
    const past = this.now() - 1;
    for (const token of this.expiries.keys()) this.expiries.set(token, past);
    this.current = undefined;
  }
}
