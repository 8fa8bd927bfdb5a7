/**
 * The tenant access token, fetched by us rather than by the SDK: the SDK fetches one per
 * concurrent first call and never reacts to 99991663. Here every caller shares one fetch in
 * flight, and dropping a rejected token is keyed by the token itself, so twenty calls refused
 * with the same stale token cause exactly one new fetch.
 */

export interface FetchedToken {
  token: string;
  /** Lifetime in seconds, as Feishu's `expire`. */
  expireSeconds: number;
}

/** Renew this long before Feishu's expiry, as the SDK does: a call takes time to arrive. */
const EXPIRY_MARGIN_MS = 3 * 60 * 1000;

export class TenantTokenSource {
  private current: { token: string; validUntil: number } | undefined;
  private inFlight: Promise<string> | undefined;

  constructor(
    private readonly fetchToken: () => Promise<FetchedToken>,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** A valid token: the cached one, the fetch already under way, or a new fetch. */
  get(): Promise<string> {
    const current = this.current;
    if (current && this.now() < current.validUntil) return Promise.resolve(current.token);
    this.inFlight ??= this.fetchToken()
      .then(({ token, expireSeconds }) => {
        // A short-lived token (under the margin) is still used for half its life.
        const lifeMs = Math.max(expireSeconds * 1000 - EXPIRY_MARGIN_MS, expireSeconds * 500);
        this.current = { token, validUntil: this.now() + lifeMs };
        return token;
      })
      .finally(() => {
        this.inFlight = undefined;
      });
    return this.inFlight;
  }

  /** Feishu refused `token`: forget it, unless a newer one has already replaced it. */
  invalidate(token: string): void {
    if (this.current?.token === token) this.current = undefined;
  }
}
