import type { IncomingMessage, ServerResponse } from "node:http";
import express, { type Express, type NextFunction, type Request, type Response, type Router } from "express";
import { createIngressCore, type CardActionEnvelope, type EventEnvelope, type IngressCoreOptions } from "./core.js";
import { readRawBody } from "./read-body.js";
import type { SignatureHeaders } from "./signature.js";
import type { RefusalReason } from "./types.js";
import { isUnsigned, UNSIGNED_BODY_LIMIT_BYTES } from "./unsigned.js";
import { createVerifier } from "./verify.js";

export interface IngressAppOptions extends Omit<IngressCoreOptions, "transport"> {
  encryptKey?: string;
  verificationToken?: string;
  maxClockSkewSeconds: number;
  bodyLimitBytes: number;
  /**
   * With an Encrypt Key, the most a request without signature headers may carry (it can only be
   * the url_verification challenge): UNSIGNED_BODY_LIMIT_BYTES (4 KiB) by default, and never more
   * than `bodyLimitBytes`. A larger one is refused with 413 before it is read in full or parsed.
   */
  unsignedBodyLimitBytes?: number;
  /** Milliseconds since the epoch, for the timestamp check. */
  now?: () => number;
  /**
   * False when Feishu's pushes come over the long connection instead: `/webhook/*` is then not
   * served (404) and needs no key or token. True by default.
   */
  webhooks?: boolean;
  /** Operators' routes served beside the webhooks (`/readyz`, `/metrics`), mounted by the app layer. */
  routes?: Router;
}

/**
 * Serves Feishu's webhooks, `POST /webhook/event` and `POST /webhook/card` (unless `webhooks` is
 * false), `GET /healthz` and the operators' routes.
 */
export function createIngressApp(options: IngressAppOptions): Express {
  const { logger } = options;
  const now = options.now ?? Date.now;
  const webhooks = options.webhooks ?? true;
  const unsignedLimitBytes = Math.min(options.unsignedBodyLimitBytes ?? UNSIGNED_BODY_LIMIT_BYTES, options.bodyLimitBytes);
  const verify = createVerifier({
    encryptKey: options.encryptKey,
    verificationToken: options.verificationToken,
    maxClockSkewSeconds: options.maxClockSkewSeconds,
    unsignedLimitBytes,
  });
  if (webhooks && !options.encryptKey && !options.verificationToken) {
    logger.error("ingress: neither an encrypt key nor a verification token is configured; every webhook will be refused");
  }

  const observer = options.observer;
  const refuse = (path: string, res: ServerResponse, status: number, reason: string): void => {
    logger.warn({ path, status, reason }, "ingress: request refused");
    observer?.refused(refusalReason(status), "webhook");
    sendJson(res, status, JSON.stringify({ error: errorLabel(status) }));
  };

  const core = createIngressCore({ ...options, transport: "webhook" });

  const handleEvent = async (envelope: EventEnvelope, path: string, res: ServerResponse): Promise<void> => {
    const verdict = await core.acceptEvent(envelope);
    if (verdict.ack) sendJson(res, 200, EMPTY);
    else refuse(path, res, REFUSAL_STATUS[verdict.reason] ?? 400, verdict.detail);
  };

  const handleCardAction = async (envelope: CardActionEnvelope, res: ServerResponse): Promise<void> => {
    const verdict = await core.acceptCardAction(envelope);
    const delivered = responseDelivered(res);
    sendJson(res, 200, verdict.body);
    verdict.sent(delivered);
  };

  const webhook = async (req: IncomingMessage, res: ServerResponse, path: string): Promise<void> => {
    const headers = signatureHeaders(req);
    // With an Encrypt Key, an unsigned request can only be the challenge: a few hundred bytes.
    // Anything larger is refused from its Content-Length, or once that many bytes have come.
    const read =
      options.encryptKey && isUnsigned(headers)
        ? await readRawBody(req, unsignedLimitBytes, "unsigned body larger than a url_verification challenge")
        : await readRawBody(req, options.bodyLimitBytes);
    if (!read.ok) {
      refuse(path, res, read.status, read.reason);
      return;
    }
    const verified = verify({ rawBody: read.body, headers, nowMs: now() });
    if (!verified.ok) {
      refuse(path, res, verified.status, verified.reason);
      return;
    }
    const { envelope } = verified;
    observer?.received(envelope.kind, "webhook");
    if (envelope.kind === "url_verification") {
      sendJson(res, 200, JSON.stringify({ challenge: envelope.challenge }));
      return;
    }
    if (envelope.kind === "card_action") {
      await handleCardAction(envelope, res);
      return;
    }
    await handleEvent(envelope, path, res);
  };

  /**
   * The two webhook POSTs are served by plain node:http code in front of express: express's own
   * per-request work cost several times more than every check we make (see bench/README.md).
   */
  const serveWebhook = (req: IncomingMessage, res: ServerResponse, path: string): void => {
    webhook(req, res, path).catch((error: unknown) => {
      logger.error({ err: error, path }, "ingress: request failed");
      if (!res.headersSent) sendJson(res, 500, JSON.stringify({ error: errorLabel(500) }));
      else res.end();
    });
  };

  const app = express();
  app.disable("x-powered-by");
  app.get("/healthz", (_req, res) => {
    res.json({ ok: true });
  });
  if (options.routes) app.use(options.routes);

  app.use((req: Request, res: Response) => {
    res.status(404).json({ error: errorLabel(404) });
  });

  app.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
    const status = clientErrorStatus(error);
    if (status === undefined) logger.error({ err: error, path: req.path }, "ingress: request failed");
    else logger.warn({ path: req.path, status, reason: errorType(error) }, "ingress: request refused");
    if (res.headersSent) {
      next(error);
      return;
    }
    const code = status ?? 500;
    res.status(code).json({ error: errorLabel(code) });
  });

  // Card callbacks and events share one pipeline: Feishu may route either to either URL. Paths match
  // as express routes do (case-insensitive, one trailing slash allowed, query ignored).
  const front = (req: IncomingMessage, res: ServerResponse): void => {
    const path = webhooks ? webhookPath(req) : undefined;
    if (path !== undefined) serveWebhook(req, res, path);
    else app(req, res);
  };
  // `listen` and friends stay express's, bound so that the server it creates serves `front`.
  return Object.assign(front, app, { listen: app.listen.bind(front as unknown as Express) }) as unknown as Express;
}

/** The HTTP status that refuses a push the core turned away. */
const REFUSAL_STATUS: Partial<Record<RefusalReason, number>> = { store_unavailable: 503 };

const REFUSALS: Record<number, RefusalReason> = {
  401: "unauthorized",
  413: "too_large",
  415: "unsupported_encoding",
  503: "store_unavailable",
};

function refusalReason(status: number): RefusalReason {
  return REFUSALS[status] ?? "bad_request";
}

const WEBHOOK_PATHS = new Set(["/webhook/event", "/webhook/card"]);
const EMPTY = "{}";

function webhookPath(req: IncomingMessage): string | undefined {
  if (req.method !== "POST") return undefined;
  const url = req.url ?? "";
  const query = url.indexOf("?");
  let path = (query === -1 ? url : url.slice(0, query)).toLowerCase();
  if (path.length > 1 && path.endsWith("/")) path = path.slice(0, -1);
  return WEBHOOK_PATHS.has(path) ? path : undefined;
}

/**
 * True once the response has been written in full ('finish'), false when the connection ended
 * before that. Listen before writing: a small answer can finish within the write.
 */
function responseDelivered(res: ServerResponse): Promise<boolean> {
  return new Promise((resolve) => {
    // The asker may have hung up while the handler ran; then 'close' has already been emitted.
    if (res.destroyed || res.socket === null || res.socket.destroyed) {
      resolve(false);
      return;
    }
    res.once("finish", () => resolve(true));
    res.once("close", () => resolve(res.writableFinished));
  });
}

function sendJson(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

function signatureHeaders(req: IncomingMessage): SignatureHeaders {
  return {
    timestamp: single(req.headers["x-lark-request-timestamp"]),
    nonce: single(req.headers["x-lark-request-nonce"]),
    signature: single(req.headers["x-lark-signature"]),
  };
}

/** Repeated headers are joined so they fail the format checks rather than pick one silently. */
function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(",") : value;
}

/** The 4xx status body-parser and the router attach to their errors (413 too large, 415, 400). */
function clientErrorStatus(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const status = (error as { status?: unknown; statusCode?: unknown }).status ?? (error as { statusCode?: unknown }).statusCode;
  return typeof status === "number" && status >= 400 && status < 500 ? status : undefined;
}

function errorType(error: unknown): string {
  const type = typeof error === "object" && error !== null ? (error as { type?: unknown }).type : undefined;
  return typeof type === "string" ? type : "client error";
}

const ERROR_LABELS: Record<number, string> = {
  400: "bad request",
  401: "unauthorized",
  404: "not found",
  413: "payload too large",
  415: "unsupported media type",
  503: "service unavailable",
};

function errorLabel(status: number): string {
  return ERROR_LABELS[status] ?? (status < 500 ? "bad request" : "internal error");
}
