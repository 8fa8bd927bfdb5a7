/**
 * The single choke point every Open API call goes through: run it, turn both failure paths
 * into FeishuError, refresh the tenant token once on 99991663. Rate limiting, retries,
 * caching and single-flight token refresh belong here too when they come.
 */
import * as lark from "@larksuiteoapi/node-sdk";
import type { Logger } from "../log/logger.js";
import { FeishuError, errorFromEnvelope, errorFromThrown } from "./errors.js";
import type { FeishuEndpoint } from "./types.js";

/** Sends one request through the SDK and resolves with the response body. */
export type Send = () => Promise<unknown>;

/** Reads the successful body (code 0) into the gateway's type. */
export type Read<T> = (body: Record<string, unknown>) => T;

export type FeishuCall = <T>(endpoint: FeishuEndpoint, send: Send, read: Read<T>) => Promise<T>;

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  /** First back-off; doubled each time, with full jitter. */
  baseDelayMs: number;
  /** No retry starts later than this after the call began. */
  deadlineMs: number;
  /** A rate-limit reset longer than this is not waited for: the user hears about it instead. */
  maxResetWaitMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 300, deadlineMs: 8_000, maxResetWaitMs: 5_000 };

export function createFeishuCall(
  client: lark.Client,
  opts: { appId: string; logger: Logger; retry?: RetryPolicy },
): FeishuCall {
  const { appId, logger } = opts;
  const policy = opts.retry ?? DEFAULT_RETRY;

  /** How long to wait before the next try, or undefined when the error or the deadline rules it out. */
  function backoff(error: FeishuError, attempt: number, startedAt: number): number | undefined {
    if (!error.retryable || attempt >= policy.attempts) return undefined;
    const reset = error.rateLimitResetSeconds;
    const wait =
      reset !== undefined ? reset * 1000 : Math.random() * policy.baseDelayMs * 2 ** (attempt - 1);
    if (wait > policy.maxResetWaitMs) return undefined;
    return Date.now() + wait - startedAt > policy.deadlineMs ? undefined : wait;
  }

  async function attempt<T>(endpoint: FeishuEndpoint, send: Send, read: Read<T>): Promise<T> {
    let body: unknown;
    try {
      body = await send();
    } catch (thrown) {
      throw errorFromThrown(endpoint, thrown);
    }
    const error = errorFromEnvelope(endpoint, body);
    if (error) throw error;
    return read(body as Record<string, unknown>);
  }

  /** Drops the cached tenant token so the next call fetches a new one. */
  async function forgetToken(): Promise<void> {
    // An expiry time in the past makes DefaultCache (and any Cache honouring it) miss.
    await client.cache.set(lark.CTenantAccessToken, "", 1, { namespace: appId });
  }

  /** One try, plus the single token refresh a 99991663 calls for. */
  async function withFreshToken<T>(endpoint: FeishuEndpoint, send: Send, read: Read<T>): Promise<T> {
    try {
      return await attempt(endpoint, send, read);
    } catch (error) {
      if (!(error instanceof FeishuError) || !error.tokenExpired) throw error;
      logger.info({ endpoint }, "feishu tenant token rejected; fetching a new one and retrying once");
      await forgetToken();
      return await attempt(endpoint, send, read);
    }
  }

  return async function call<T>(endpoint: FeishuEndpoint, send: Send, read: Read<T>): Promise<T> {
    const startedAt = Date.now();
    try {
      // Sends are safe to retry too: each carries a uuid, so Feishu posts a repeated one only once.
      for (let tried = 1; ; tried++) {
        try {
          return await withFreshToken(endpoint, send, read);
        } catch (error) {
          const wait = error instanceof FeishuError ? backoff(error, tried, startedAt) : undefined;
          if (wait === undefined) throw error;
          logger.info({ endpoint, code: (error as FeishuError).code, waitMs: Math.round(wait) }, "feishu call failed; retrying");
          await new Promise((resolve) => setTimeout(resolve, wait));
        }
      }
    } catch (error) {
      const e = errorFromThrown(endpoint, error);
      logger.warn(
        { endpoint: e.endpoint, code: e.code, httpStatus: e.httpStatus, retryable: e.retryable, logId: e.logId },
        e.message,
      );
      throw e;
    }
  };
}
