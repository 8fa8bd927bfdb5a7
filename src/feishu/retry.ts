/**
 * When a failed call is tried again: exponential back-off with full jitter, a bounded number of
 * tries, all within one deadline. Which errors qualify is FeishuError.retryable's decision (5xx,
 * 121001, rate limits, timeouts and network errors; never parameter or permission errors).
 */
import type { FeishuError } from "./errors.js";

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  /** First back-off; doubled each time, with full jitter. */
  baseDelayMs: number;
  /** No try (nor a wait for a rate-limit slot) starts later than this after the call began. */
  deadlineMs: number;
  /** A rate-limit reset longer than this is not waited for: the user hears about it instead. */
  maxResetWaitMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 300, deadlineMs: 8_000, maxResetWaitMs: 5_000 };

/**
 * How long to wait before try number `tried + 1`, or undefined when the error, the number of
 * tries or the deadline rules another try out. A rate limit's wait is its reset time.
 */
export function retryDelay(
  error: FeishuError,
  tried: number,
  elapsedMs: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number | undefined {
  if (!error.retryable || tried >= policy.attempts) return undefined;
  const reset = error.rateLimitResetSeconds;
  const wait = reset !== undefined ? reset * 1000 : random() * policy.baseDelayMs * 2 ** (tried - 1);
  if (reset !== undefined && wait > policy.maxResetWaitMs) return undefined;
  return elapsedMs + wait > policy.deadlineMs ? undefined : wait;
}
