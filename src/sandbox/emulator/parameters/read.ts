/**
 * Checks one call's path, query and body against its declared parameters, the way Feishu's gateway
 * does before an endpoint runs: every missing required field, wrong type, value outside an enum or
 * bounds is collected as a field violation. Never throws.
 */
import type { Request } from "express";
import type { FieldViolation } from "../errors.js";
import type { EndpointParameters, ParamRule, ParamSection, ParsedParams } from "./rules.js";

export type ReadResult<E extends EndpointParameters> =
  | { ok: true; params: ParsedParams<E> }
  | { ok: false; violations: FieldViolation[] };

type Where = "path" | "query" | "body";

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function readParams<E extends EndpointParameters>(spec: E, req: Request): ReadResult<E> {
  const violations: FieldViolation[] = [];
  const path = readSection(spec.path_params, req.params as Record<string, unknown>, "path", violations);
  const query = readSection(spec.query, req.query as Record<string, unknown>, "query", violations);
  const body = readSection(spec.body, isObject(req.body) ? req.body : {}, "body", violations);
  if (violations.length > 0) return { ok: false, violations };
  return { ok: true, params: { path, query, body } as unknown as ParsedParams<E> };
}

function readSection(
  section: ParamSection | undefined,
  source: Record<string, unknown>,
  where: Where,
  violations: FieldViolation[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, rule] of Object.entries(section ?? {})) {
    const read = readOne(name, rule, source[name], where);
    if ("violation" in read) violations.push(read.violation);
    else if (read.value !== undefined) out[name] = read.value;
  }
  return out;
}

type One = { value: unknown } | { violation: FieldViolation };

const violation = (field: string, value: unknown, description: string): One => ({
  violation: { field, ...(value === undefined ? {} : { value: typeof value === "string" ? value : JSON.stringify(value) }), description },
});

function readOne(name: string, rule: ParamRule, raw: unknown, where: Where): One {
  if (rule.type === "string[]") return readList(name, rule, raw, where);
  // A repeated single-valued query parameter counts by its first value, as Feishu's gateway reads it.
  const value = where === "query" && Array.isArray(raw) ? (raw as unknown[])[0] : raw;
  if (value === undefined || value === null || value === "") {
    if (rule.required) return violation(name, undefined, `${name} is required`);
    return { value: "default" in rule ? rule.default : undefined };
  }
  switch (rule.type) {
    case "string":
      if (typeof value !== "string") return violation(name, value, `${name} must be a string`);
      if (rule.maxLength !== undefined && value.length > rule.maxLength) {
        return violation(name, value, `the max len is ${rule.maxLength}`);
      }
      return { value };
    case "int": {
      // Query values are text; a body may carry the number as JSON or, as seed 004's own example does, as text.
      const text = typeof value === "number" || typeof value === "string" ? String(value) : "";
      if (!/^-?\d{1,15}$/.test(text)) return violation(name, value, `${name} must be an integer`);
      const n = Number(text);
      if (rule.min !== undefined && n < rule.min) return violation(name, value, `the min value is ${rule.min}`);
      if (rule.max !== undefined && n > rule.max) return violation(name, value, `the max value is ${rule.max}`);
      return { value: n };
    }
    case "bool":
      // A JSON body carries a boolean as such; only a query string spells it as text.
      if (value === true || (where === "query" && value === "true")) return { value: true };
      if (value === false || (where === "query" && value === "false")) return { value: false };
      return violation(name, value, `${name} must be a boolean`);
    case "enum":
      if (typeof value === "string" && rule.values.includes(value)) return { value };
      return violation(name, value, `${name} must be one of ${rule.values.join(", ")}`);
    case "object":
      return isObject(value) ? { value } : violation(name, value, `${name} must be an object`);
    case "file":
      return Buffer.isBuffer(value) ? { value } : violation(name, undefined, `${name} must be a file part of a multipart/form-data body`);
  }
}

/** A query list arrives repeated (`room_ids=a&room_ids=b`) or once; a body list is a JSON array. */
function readList(name: string, rule: ParamRule, raw: unknown, where: Where): One {
  const list = raw === undefined ? [] : Array.isArray(raw) ? (raw as unknown[]) : where === "query" ? [raw] : undefined;
  if (list === undefined || !list.every((v) => typeof v === "string")) return violation(name, raw, `${name} must be a list of strings`);
  const values = (list as string[]).filter((v) => v !== "");
  if (values.length === 0 && rule.required) return violation(name, undefined, `${name} is required`);
  return { value: values };
}
