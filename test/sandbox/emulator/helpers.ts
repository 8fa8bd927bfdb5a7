/** Shared set-up for the emulator conformance tests: a fixed clock, the real SDK, raw HTTP. */
import * as lark from "@larksuiteoapi/node-sdk";
import { startEmulator, type Emulator, type EmulatorOptions } from "../../../src/sandbox/emulator/index.js";

/** Wednesday 2024-06-12 15:00 in Shanghai: "today" of every test tenant unless a test says otherwise. */
export const NOW = Date.parse("2024-06-12T15:00:00+08:00");
export const NOW_SEC = Math.floor(NOW / 1000);
export const TODAY_START = Math.floor(Date.parse("2024-06-12T00:00:00+08:00") / 1000);
export const DAY = 86400;

export interface Clock {
  now: number;
}

export interface Started {
  emulator: Emulator;
  client: lark.Client;
  clock: Clock;
}

const silent = { error: () => {}, warn: () => {}, info: () => {}, debug: () => {}, trace: () => {} };

/** An SDK client as the bot builds it. `loggerLevel: fatal` alone does not silence it (0 is falsy). */
export function sdkClient(emulator: Pick<Emulator, "url" | "appId" | "appSecret">, appSecret = emulator.appSecret): lark.Client {
  return new lark.Client({
    appId: emulator.appId,
    appSecret,
    domain: emulator.url,
    cache: new lark.DefaultCache(),
    loggerLevel: lark.LoggerLevel.fatal,
    logger: silent,
  });
}

export async function startTestEmulator(options: EmulatorOptions = {}): Promise<Started> {
  const clock: Clock = { now: NOW };
  const emulator = await startEmulator({ now: () => clock.now, ...options });
  return { emulator, client: sdkClient(emulator), clock };
}

export interface HttpFailure {
  status: number;
  data: { code: number; msg: string; [key: string]: unknown };
  headers: Record<string, string>;
}

/** The HTTP error an SDK call threw (Feishu's 4xx/5xx answers), or a test failure if it did not. */
export async function failure(call: Promise<unknown>): Promise<HttpFailure> {
  let result: unknown;
  try {
    result = await call;
  } catch (err) {
    const response = (err as { response?: HttpFailure }).response;
    if (response) return { status: response.status, data: response.data, headers: response.headers };
    throw err;
  }
  throw new Error(`expected an HTTP error, got ${JSON.stringify(result).slice(0, 300)}`);
}

export interface RawAnswer {
  status: number;
  headers: Headers;
  text: string;
  json: Record<string, unknown> & { code?: number; msg?: string; data?: unknown };
}

/** A tenant token fetched over plain HTTP. */
export async function tenantToken(emulator: Emulator): Promise<string> {
  const answer = await raw(emulator, "POST", "/open-apis/auth/v3/tenant_access_token/internal", {
    body: { app_id: emulator.appId, app_secret: emulator.appSecret },
  });
  return String(answer.json.tenant_access_token);
}

/** Plain HTTP, for what the SDK cannot send (no token, odd types, repeated or missing fields). */
export async function raw(
  emulator: Emulator,
  method: string,
  path: string,
  /** `form`: a multipart/form-data body (an upload) in place of a JSON `body`. */
  options: { token?: string; query?: string; body?: unknown; form?: FormData; timeoutMs?: number } = {},
): Promise<RawAnswer> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined && !options.form) headers["content-type"] = "application/json; charset=utf-8";
  const response = await fetch(`${emulator.url}${path}${options.query ? `?${options.query}` : ""}`, {
    method,
    headers,
    ...(options.form ? { body: options.form } : options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
  });
  const text = await response.text();
  let json: RawAnswer["json"] = {};
  try {
    json = JSON.parse(text) as RawAnswer["json"];
  } catch {
    json = {};
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** What an SDK call came back with: the body of a success or of Feishu's 4xx/5xx answer alike. */
export interface ApiAnswer {
  code: number;
  msg: string;
  data?: Record<string, unknown>;
  error?: unknown;
}

export async function answerOf(call: Promise<unknown>): Promise<ApiAnswer> {
  try {
    return (await call) as ApiAnswer;
  } catch (error) {
    const data = (error as { response?: { data?: ApiAnswer } }).response?.data;
    if (!data) throw error;
    return data;
  }
}
