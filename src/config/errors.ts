import { CodedError, ERROR_CODES } from "../errors/coded.js";

/**
 * A configuration problem the operator must fix before the bot can start. The message is one line,
 * starts with "config:", names the key (a YAML path or an environment variable) and says what is
 * wrong, so it reads well as the last line of a failed start. Secret values never appear in it.
 */
export class ConfigError extends CodedError {
  readonly errorCode = ERROR_CODES.config;
  /** Each problem found, without the "config: " prefix; the message joins them. */
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`config: ${problems.join("; ")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
}

const MAX_SHOWN_CHARS = 60;

/** A value as it appears after "(got …)": quoted, escaped onto one line and kept short. */
export function showValue(value: unknown): string {
  if (typeof value === "string") {
    const short = value.length > MAX_SHOWN_CHARS ? `${value.slice(0, MAX_SHOWN_CHARS)}…` : value;
    return JSON.stringify(short);
  }
  if (Array.isArray(value)) return "a list";
  if (value === null) return "null";
  if (typeof value === "object") return "a mapping";
  return String(value);
}
