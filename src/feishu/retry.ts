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
  /**
   * How long a call may wait for a slot under our own rate limits, from when it began; deadlineMs
   * when not given. Longer than the retry deadline: a burst past a per-minute budget (list_by_no's
   * 100) is ridden out within a minute, and the asker, told the answer will follow, gets it rather
   * than "too many requests".
   */
  slotWaitMs?: number;
  /**
   * Deadline and longest reset wait for sends (replies, messages, patches, card updates): an answer
   * is still worth posting minutes after its command, so under a flood a reply waits its turn for
   * Feishu's 1,000-a-minute send budget instead of being dropped. Without it sends use deadlineMs.
   */
  sendDeadlineMs?: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 3,
  baseDelayMs: 300,
  deadlineMs: 8_000,
  // A per-minute budget's reset is at most a minute away.
  maxResetWaitMs: 60_000,
  slotWaitMs: 60_000,
  sendDeadlineMs: 10 * 60_000,
};

/** The policy a send follows: the send deadline, if the policy has one, for tries, slots and resets alike. */
export function sendPolicy(policy: RetryPolicy): RetryPolicy {
  const deadlineMs = policy.sendDeadlineMs;
  if (deadlineMs === undefined) return policy;
  return { ...policy, deadlineMs, slotWaitMs: deadlineMs, maxResetWaitMs: Math.max(policy.maxResetWaitMs, deadlineMs) };
}

/**
 * How long to wait before try number `tried + 1`, or undefined when the error, the number of
 * tries or the deadline rules another try out. A rate limit's wait is its reset time, bounded by
 * the slot wait rather than the deadline.
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
  // Waiting out a rate limit is waiting for a slot: it may go on as long as a slot wait may.
  const limit = reset !== undefined ? Math.max(policy.deadlineMs, policy.slotWaitMs ?? policy.deadlineMs) : policy.deadlineMs;
  return elapsedMs + wait > limit ? undefined : wait;
}
