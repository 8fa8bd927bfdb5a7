/**
 * The Open API gateway: every route passes injected faults, the tenant token, the scope and the
 * endpoint's rate limit before its handler, is logged, and answers in Feishu's JSON shape.
 */
import { randomBytes } from "node:crypto";
import express, { type Request, type Response } from "express";
import type { ApiError, ApiResult, EndpointName, RateWindow, RouteDefinition } from "../context.js";
import { CODES, feishuError, fieldValidationError, scopeError } from "../errors.js";
import { REQUIRED_SCOPES } from "../endpoint-policy.js";
import { readParams } from "../parameters/read.js";
import { API_PARAMETERS } from "../parameters/table.js";
import type { ApiCall, CallLog } from "./call-log.js";
import type { FaultDecision, FaultRegistry } from "./faults.js";
import type { RateLimiter } from "./rate-limiter.js";
import type { TenantTokens } from "./tokens.js";

export interface GatewayOptions {
  now: () => number;
  tokens: TenantTokens;
  limiter: RateLimiter;
  faults: FaultRegistry;
  calls: CallLog;
  scopes: ReadonlySet<string>;
  rateLimits: boolean;
  limits: Record<EndpointName, RateWindow[]>;
  /** Every call waits this long before it is judged, on top of any latency fault. */
  latencyMs: number;
}

export interface GatewayRoute<N extends EndpointName = EndpointName> extends RouteDefinition<N> {
  /** False only for the token endpoint itself. Default true. */
  auth?: boolean;
  /**
   * "data" (default): `{code:0, msg:"success", data}`. "flat": `{code:0, msg:"ok", ...data}`, the
   * older shape of the token and bot-info endpoints.
   */
  envelope?: "data" | "flat";
}

const SECRET_FIELDS = new Set(["app_secret"]);

function loggedBody(body: unknown): unknown {
  if (!body || typeof body !== "object" || Array.isArray(body)) return body;
  return Object.fromEntries(
    Object.entries(body as Record<string, unknown>).map(([k, v]) => [k, SECRET_FIELDS.has(k) ? "[redacted]" : v]),
  );
}

export function queryOf(req: Request): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(req.query as Record<string, unknown>)) {
    out[k] = Array.isArray(v) ? v.map(String) : String(v);
  }
  return out;
}

function bareHtml(status: number): string {
  const title = `${status} ${status >= 500 ? "Bad Gateway" : "Error"}`;
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class Gateway {
  readonly router = express.Router();

  constructor(private readonly o: GatewayOptions) {}

  /** Logs a request no route matched and answers like Feishu's gateway: a bare 404. */
  notFound(req: Request, res: Response): void {
    const entry = this.o.calls.start({
      at: this.o.now(),
      endpoint: "unknown",
      method: req.method,
      path: req.path,
      query: queryOf(req),
      body: loggedBody(req.body),
    });
    entry.status = 404;
    res.status(404).type("text/plain").send("404 page not found");
  }

  route<N extends EndpointName>(def: GatewayRoute<N>): void {
    const handle = (req: Request, res: Response): Promise<void> => this.handle(def, req, res);
    const { method, path } = API_PARAMETERS[def.name];
    this.router[method.toLowerCase() as "get" | "post" | "patch"](path, handle);
  }

  private async handle<N extends EndpointName>(def: GatewayRoute<N>, req: Request, res: Response): Promise<void> {
    const entry = this.o.calls.start({
      at: this.o.now(),
      endpoint: def.name,
      method: req.method,
      path: req.path,
      query: queryOf(req),
      body: loggedBody(req.body),
    });
    const decision: FaultDecision = this.o.faults.decide(def.name);
    const wait = this.o.latencyMs + decision.latencyMs;
    if (wait > 0) await delay(wait);
    const fault = decision.answer;
    if (fault?.kind === "hang") return; // never answered: the client's timeout has to fire
    if (fault?.kind === "http") {
      entry.status = fault.status;
      res.status(fault.status).type("text/html").send(bareHtml(fault.status));
      return;
    }
    if (fault?.kind === "code") {
      const headers =
        fault.code === CODES.rateLimited ? { "x-ogw-ratelimit-limit": "1", "x-ogw-ratelimit-reset": "1" } : undefined;
      const status = fault.httpStatus;
      this.sendError(res, entry, feishuError(fault.code, { ...(status ? { httpStatus: status } : {}), ...(headers ? { headers } : {}) }));
      return;
    }

    const refusal = this.admit(def, req);
    if (refusal) {
      this.sendError(res, entry, refusal);
      return;
    }
    const read = readParams(API_PARAMETERS[def.name], req);
    if (!read.ok) {
      this.sendError(res, entry, def.invalid ? def.invalid(read.violations) : fieldValidationError(read.violations));
      return;
    }
    let result: ApiResult;
    try {
      result = await def.handler(req, read.params);
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err);
      result = { error: feishuError(CODES.internal, { msg: `internal error: ${detail}` }) };
    }
    if ("error" in result) {
      this.sendError(res, entry, result.error);
      return;
    }
    const body =
      def.envelope === "flat"
        ? { code: 0, msg: "ok", ...(result.data as Record<string, unknown>) }
        : { code: 0, msg: "success", data: result.data };
    entry.status = 200;
    entry.code = 0;
    this.withLogId(res).status(200).json(body);
  }

  /** Token, scope and rate limits, in the gateway's order; undefined when the call may proceed. */
  private admit<N extends EndpointName>(def: GatewayRoute<N>, req: Request): ApiError | undefined {
    if (def.auth !== false) {
      const tokenError = this.checkToken(req.get("authorization"));
      if (tokenError) return tokenError;
    }
    const anyOf = REQUIRED_SCOPES[def.name];
    if (anyOf.length > 0 && !anyOf.some((s) => this.o.scopes.has(s))) return scopeError(anyOf);
    if (!this.o.rateLimits) return undefined;
    const appLevel = this.o.limiter.take(`app|${def.name}`, this.o.limits[def.name]);
    if (!appLevel.ok) return this.rateLimited(appLevel.limit, appLevel.resetSeconds);
    for (const [index, keyed] of (def.keyedLimits ?? []).entries()) {
      const key = keyed.key(req);
      if (key === undefined) continue;
      const admission = this.o.limiter.take(`key|${def.name}|${index}|${key}`, keyed.windows);
      if (!admission.ok) {
        const headers = rateHeaders(admission.limit, admission.resetSeconds);
        return keyed.error ? { ...keyed.error, headers } : this.rateLimited(admission.limit, admission.resetSeconds);
      }
    }
    return undefined;
  }

  private rateLimited(limit: number, resetSeconds: number): ApiError {
    return feishuError(CODES.rateLimited, { headers: rateHeaders(limit, resetSeconds) });
  }

  private checkToken(header: string | undefined): ApiError | undefined {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header?.trim() ?? "");
    const token = match?.[1];
    if (!token) return feishuError(CODES.tokenMissing);
    if (token.startsWith("t-")) {
      return this.o.tokens.check(token) === "valid" ? undefined : feishuError(CODES.tenantTokenInvalid);
    }
    if (token.startsWith("u-")) return feishuError(CODES.userTokenInvalid);
    return feishuError(CODES.tokenMalformed);
  }

  private sendError(res: Response, entry: ApiCall, error: ApiError): void {
    entry.status = error.httpStatus;
    entry.code = error.code;
    for (const [name, value] of Object.entries(error.headers ?? {})) res.setHeader(name, value);
    this.withLogId(res)
      .status(error.httpStatus)
      .json({ code: error.code, msg: error.msg, ...(error.extra ?? {}) });
  }

  private withLogId(res: Response): Response {
    return res.setHeader("x-tt-logid", `0${Date.now()}${randomBytes(8).toString("hex").toUpperCase()}`);
  }
}

function rateHeaders(limit: number, resetSeconds: number): Record<string, string> {
  return { "x-ogw-ratelimit-limit": String(limit), "x-ogw-ratelimit-reset": String(resetSeconds) };
}
