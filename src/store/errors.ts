import { CodedError, ERROR_CODES } from "../errors/coded.js";

/**
 * The store could not answer: the database is locked past its busy timeout, Redis is unreachable,
 * the file cannot be opened. Retryable from the user's point of view ("busy, try again"); the
 * engine's own error is the `cause`.
 */
export class StoreError extends CodedError {
  readonly errorCode = ERROR_CODES.store;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "StoreError";
  }
}

/** TTLs, leases: a positive, finite number of milliseconds. */
export function assertTtl(ttlMs: number, name = "ttlMs"): void {
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new RangeError(`${name} must be a positive finite number, got ${ttlMs}`);
  }
}
