/**
 * `POST /callback/ws/endpoint` (not under /open-apis): the WSClient trades the app's id and secret
 * for a connect URL and its ClientConfig. A refusal still carries `data: {}`: the SDK destructures
 * `data` before reading `code`, and without it would take the refusal for a retryable failure.
 */
import type { Request, Response } from "express";
import type { ClientConfig } from "./options.js";
import { connectUrl, type Tickets } from "./tickets.js";

/** The WSClient's own list of codes (ErrorCode in the SDK, ws/const.go in the Go SDK). */
export const EndpointCode = { ok: 0, forbidden: 403, authFailed: 514 } as const;

export interface EndpointCall {
  at: number;
  appId: string | undefined;
  code: number;
}

export interface EndpointDeps {
  now(): number;
  appId: string;
  appSecret: string;
  tickets: Tickets;
  clientConfig(): ClientConfig;
  /** Records each call (never the secret). */
  record(call: EndpointCall): void;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

export function endpointHandler(deps: EndpointDeps) {
  return (req: Request, res: Response): void => {
    const body: unknown = req.body;
    const fields = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
    const appId = text(fields["AppID"]);
    const appSecret = text(fields["AppSecret"]);
    const refuse = (code: number, msg: string): void => {
      deps.record({ at: deps.now(), appId, code });
      res.json({ code, msg, data: {} });
    };
    if (!appId || !appSecret) {
      refuse(EndpointCode.forbidden, "AppID and AppSecret are required");
      return;
    }
    if (appId !== deps.appId || appSecret !== deps.appSecret) {
      refuse(EndpointCode.authFailed, "auth failed: wrong app id or app secret");
      return;
    }
    const grant = deps.tickets.issue();
    // The host the client reached the emulator by is the one it can open the socket to.
    const host = req.headers.host ?? `${req.socket.localAddress ?? "127.0.0.1"}:${req.socket.localPort ?? 0}`;
    deps.record({ at: deps.now(), appId, code: EndpointCode.ok });
    res.json({ code: EndpointCode.ok, msg: "ok", data: { URL: connectUrl(`ws://${host}`, grant), ClientConfig: deps.clientConfig() } });
  };
}
