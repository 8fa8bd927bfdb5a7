/**
 * Reads query or body parameters the way Feishu's gateway validates them: a missing required
 * field, a wrong type, a value outside an enum or bounds is collected as a field violation and
 * answered 99992402 before the endpoint's own checks run.
 */
import type { ApiError } from "../context.js";
import { fieldValidationError, type FieldViolation } from "../errors.js";

type Source = Record<string, unknown>;

export class Params {
  private readonly violations: FieldViolation[] = [];

  constructor(private readonly source: Source) {}

  static of(value: unknown): Params {
    return new Params(value && typeof value === "object" ? (value as Source) : {});
  }

  /** The first value when a single-valued parameter is repeated. */
  private raw(name: string): unknown {
    const value = this.source[name];
    return Array.isArray(value) ? value[0] : value;
  }

  private violate(field: string, value: unknown, description: string): undefined {
    this.violations.push({ field, ...(value === undefined ? {} : { value: String(value) }), description });
    return undefined;
  }

  string(name: string, options: { required?: boolean } = {}): string | undefined {
    const value = this.raw(name);
    if (value === undefined || value === "") {
      return options.required ? this.violate(name, undefined, `${name} is required`) : undefined;
    }
    if (typeof value !== "string") return this.violate(name, value, `${name} must be a string`);
    return value;
  }

  int(name: string, options: { required?: boolean; min?: number; max?: number; default?: number } = {}): number | undefined {
    const value = this.raw(name);
    if (value === undefined || value === "") {
      if (options.required) return this.violate(name, undefined, `${name} is required`);
      return options.default;
    }
    const text = String(value);
    if ((typeof value !== "string" && typeof value !== "number") || !/^-?\d+$/.test(text)) {
      return this.violate(name, value, `${name} must be an integer`);
    }
    const n = Number(text);
    if (options.min !== undefined && n < options.min) return this.violate(name, value, `the min value is ${options.min}`);
    if (options.max !== undefined && n > options.max) return this.violate(name, value, `the max value is ${options.max}`);
    return n;
  }

  bool(name: string, fallback: boolean): boolean {
    const value = this.raw(name);
    if (value === undefined || value === "") return fallback;
    if (value === true || value === "true") return true;
    if (value === false || value === "false") return false;
    this.violate(name, value, `${name} must be a boolean`);
    return fallback;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (value === undefined || value === "") return fallback;
    if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
    this.violate(name, value, `${name} must be one of ${allowed.join(", ")}`);
    return fallback;
  }

  /** A repeated parameter (`room_ids=a&room_ids=b`); a single value is a list of one. */
  strings(name: string): string[] {
    const value = this.source[name];
    if (value === undefined) return [];
    const list = Array.isArray(value) ? value : [value];
    return list.filter((v): v is string => typeof v === "string" && v !== "");
  }

  error(): ApiError | undefined {
    return this.violations.length > 0 ? fieldValidationError(this.violations) : undefined;
  }
}

/** A unix-seconds time passed as a string; undefined unless it is all digits. */
export function unixSeconds(text: string | undefined): number | undefined {
  return text !== undefined && /^\d{1,12}$/.test(text) ? Number(text) : undefined;
}

/** Offset-based page tokens, like the pages' examples ("20"); undefined when malformed. */
export function pageOffset(token: string | undefined): number | undefined {
  if (token === undefined || token === "") return 0;
  return /^\d{1,9}$/.test(token) ? Number(token) : undefined;
}

/** One page of `items` plus has_more, and page_token only when there is more. */
export function pageOf<T>(items: T[], offset: number, size: number): { page: T[]; has_more: boolean; page_token?: string } {
  const page = items.slice(offset, offset + size);
  const next = offset + page.length;
  const hasMore = next < items.length;
  return { page, has_more: hasMore, ...(hasMore ? { page_token: String(next) } : {}) };
}
