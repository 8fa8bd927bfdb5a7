/**
 * What `POST /callback/ws/endpoint` hands out: a connect URL whose ticket opens one WebSocket,
 * once, before it expires (the real URL carries device_id, access_key, service_id and ticket).
 */
import { randomBytes } from "node:crypto";
import type { Rng } from "../tenant/rng.js";

export interface Grant {
  deviceId: string;
  serviceId: number;
  accessKey: string;
  ticket: string;
  expiresAt: number;
}

export type TicketCheck = { ok: true; grant: Grant } | { ok: false; reason: string };

/** Long enough for any client's connect right after the endpoint call; real expiry unknown. */
export const DEFAULT_TICKET_TTL_MS = 5 * 60 * 1000;

export class Tickets {
  private readonly open = new Map<string, Grant>();

  constructor(
    private readonly rng: Rng,
    private readonly now: () => number,
    private readonly ttlMs: number,
  ) {}

  issue(): Grant {
    // Tickets nobody used would pile up for as long as `npm run emulator` runs.
    const now = this.now();
    for (const [ticket, open] of this.open) if (now > open.expiresAt) this.open.delete(ticket);
    const grant: Grant = {
      deviceId: this.rng.digits(19),
      serviceId: Number(this.rng.digits(8)),
      // Credentials are random, not seeded: a seed is public, a ticket must not be guessable.
      accessKey: randomBytes(16).toString("hex"),
      ticket: randomBytes(16).toString("hex"),
      expiresAt: this.now() + this.ttlMs,
    };
    this.open.set(grant.ticket, grant);
    return grant;
  }

  /** Spends the ticket named in a connect URL's query: it must be unused, unexpired and match its grant. */
  redeem(query: URLSearchParams): TicketCheck {
    const ticket = query.get("ticket");
    const grant = ticket ? this.open.get(ticket) : undefined;
    if (!ticket || !grant) return { ok: false, reason: "unknown or already used ticket" };
    this.open.delete(ticket);
    if (this.now() > grant.expiresAt) return { ok: false, reason: "expired ticket" };
    const matches =
      query.get("device_id") === grant.deviceId &&
      query.get("service_id") === String(grant.serviceId) &&
      query.get("access_key") === grant.accessKey;
    return matches ? { ok: true, grant } : { ok: false, reason: "the URL does not match its ticket" };
  }
}

/** The connect URL; device_id and service_id are not first, since the SDK qs.parses the whole URL. */
export function connectUrl(wsBase: string, grant: Grant): string {
  const query = new URLSearchParams({
    fpid: "1",
    aid: "1",
    device_id: grant.deviceId,
    access_key: grant.accessKey,
    service_id: String(grant.serviceId),
    ticket: grant.ticket,
  });
  return `${wsBase}/ws/v2?${query.toString()}`;
}
