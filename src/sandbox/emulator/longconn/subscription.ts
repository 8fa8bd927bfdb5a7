/**
 * The developer console's "mode of event/callback subscription": events and card callbacks each
 * go to the webhook (request URL) or over the long connection.
 */
export type SubscriptionMode = "webhook" | "long_connection";

export interface Subscription {
  events: SubscriptionMode;
  callbacks: SubscriptionMode;
}

export const DEFAULT_SUBSCRIPTION: Subscription = { events: "webhook", callbacks: "webhook" };

export const SUBSCRIPTION_MODES: readonly SubscriptionMode[] = ["webhook", "long_connection"];

export function checkSubscription(s: Partial<Subscription>): void {
  for (const [kind, mode] of Object.entries(s)) {
    if (!(kind === "events" || kind === "callbacks")) throw new RangeError(`no subscription setting "${kind}"`);
    if (!SUBSCRIPTION_MODES.includes(mode)) throw new RangeError(`${kind} subscription must be webhook or long_connection, got "${String(mode)}"`);
  }
}
