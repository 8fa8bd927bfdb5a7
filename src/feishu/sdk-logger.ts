/**
 * The logger handed to the SDK. The SDK logs whole axios errors, and a failed token fetch
 * carries `app_secret` in its request body (and other calls the bearer token in their headers),
 * so no SDK record reaches our logger as is: each argument is reduced to a short summary and
 * every known secret is masked in the resulting text, as are the credentials in the long
 * connection's URL (the WSClient logs it at debug: `…&access_key=…&ticket=…`).
 */
import type * as lark from "@larksuiteoapi/node-sdk";
import type { Logger } from "../log/logger.js";
import { scrubSecrets } from "./errors.js";

const MAX_TEXT = 2000;

/** Query parameters of the long connection's URL that let anyone holding them connect as the app. */
const URL_CREDENTIALS = /\b(ticket|access_key)=[^&\s"']*/gi;

export function createSdkLogger(logger: Logger, secrets: readonly string[]): lark.Logger {
  const masks = secrets.filter((s) => s.length >= 4);
  const scrub = (text: string): string => {
    let out = scrubSecrets(text).replace(URL_CREDENTIALS, "$1=[redacted]");
    for (const secret of masks) out = out.split(secret).join("[redacted]");
    return out.length > MAX_TEXT ? `${out.slice(0, MAX_TEXT)}…` : out;
  };
  const emit = (level: "warn" | "debug") => (...args: unknown[]) => {
    if (!logger.isLevelEnabled(level)) return;
    // LoggerProxy passes its arguments on as one array, and the typed calls log formatErrors(e),
    // an array of its own: flatten fully so every axios error reaches describeHttpFailure, never safeJson.
    const items = (args as unknown[]).flat(Infinity);
    logger[level]({ sdk: items.map((item) => scrub(summarize(item))) }, "feishu sdk");
  };
  return { error: emit("warn"), warn: emit("warn"), info: emit("debug"), debug: emit("debug"), trace: emit("debug") };
}

/** A one-line description of what the SDK logged, without request bodies or headers. */
function summarize(item: unknown): string {
  if (typeof item === "string") return item;
  if (item instanceof Error || isRecord(item)) {
    const record = item as unknown as Record<string, unknown>;
    // An axios error, or the SDK's formatErrors summary of one: keep where and what, not the body sent.
    if (isRecord(record.config) || isRecord(record.response)) return describeHttpFailure(record);
    if (item instanceof Error) return `${item.name}: ${item.message}`;
    // Any other object may hold a request body (card content, passwords): name its keys only.
    return `{${Object.keys(record).slice(0, 20).join(",")}}`;
  }
  return String(item);
}

function describeHttpFailure(e: Record<string, unknown>): string {
  const config = isRecord(e.config) ? e.config : {};
  const response = isRecord(e.response) ? e.response : {};
  const body = isRecord(response.data) ? response.data : {};
  const parts = [
    typeof e.message === "string" ? e.message : "request failed",
    typeof config.method === "string" ? config.method.toUpperCase() : undefined,
    typeof config.url === "string" ? config.url.split("?")[0] : undefined,
    typeof response.status === "number" ? `status ${response.status}` : undefined,
    typeof body.code === "number" ? `code ${body.code}` : undefined,
    typeof body.msg === "string" ? `msg ${body.msg}` : undefined,
  ];
  return parts.filter((p) => p !== undefined).join(" ");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}
