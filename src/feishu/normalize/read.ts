/**
 * Small readers over untrusted response JSON. Feishu omits empty fields, so absence reads as
 * "none" (0, undefined, []); a value of the wrong kind is a malformed response and throws.
 */
import { FeishuError, MALFORMED_RESPONSE_CODE } from "../errors.js";
import type { FeishuEndpoint } from "../types.js";

export type Json = Record<string, unknown>;

export function malformed(endpoint: FeishuEndpoint, what: string): FeishuError {
  return new FeishuError({ code: MALFORMED_RESPONSE_CODE, msg: `malformed response: ${what}`, endpoint, httpStatus: 200 });
}

export function isRecord(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** An object that must be there. */
export function record(endpoint: FeishuEndpoint, value: unknown, what: string): Json {
  if (!isRecord(value)) throw malformed(endpoint, `${what} is missing or not an object`);
  return value;
}

/** An object that may be absent. */
export function optionalRecord(endpoint: FeishuEndpoint, value: unknown, what: string): Json | undefined {
  if (value === undefined || value === null) return undefined;
  return record(endpoint, value, what);
}

export function list(endpoint: FeishuEndpoint, value: unknown, what: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw malformed(endpoint, `${what} is not a list`);
  return value;
}

/** Text as sent; numbers become their digits; anything else is empty. */
export function text(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return "";
}

export function optionalText(value: unknown): string | undefined {
  const t = text(value);
  return t === "" ? undefined : t;
}

/** An id that must be there and non-empty. */
export function requiredText(endpoint: FeishuEndpoint, value: unknown, what: string): string {
  const t = text(value);
  if (t === "") throw malformed(endpoint, `${what} is missing`);
  return t;
}

export function flag(value: unknown): boolean {
  return value === true || value === "true";
}

/** A count sent as a string or a number; absent means 0. */
export function count(endpoint: FeishuEndpoint, value: unknown, what: string): number {
  if (value === undefined || value === null || value === "") return 0;
  const n = nonNegativeInteger(value);
  if (n === undefined) throw malformed(endpoint, `${what} is not a count`);
  return n;
}

/** An instant in unix seconds sent as a string or number; absent or 0 means none. */
export function epochSeconds(endpoint: FeishuEndpoint, value: unknown, what: string): Date | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  const n = nonNegativeInteger(value);
  if (n === undefined) throw malformed(endpoint, `${what} is not a unix time`);
  return n === 0 ? undefined : new Date(n * 1000);
}

/** A count that is optional by nature (display-oriented fields): unparsable reads as unknown. */
export function optionalCount(value: unknown): number | undefined {
  return nonNegativeInteger(value);
}

export function nonNegativeInteger(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  if (typeof value === "string" && /^\s*\d+\s*$/.test(value)) {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : undefined;
  }
  return undefined;
}
