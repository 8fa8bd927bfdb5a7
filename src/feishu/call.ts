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

export function createFeishuCall(client: lark.Client, opts: { appId: string; logger: Logger }): FeishuCall {
  const { appId, logger } = opts;

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

  return async function call<T>(endpoint: FeishuEndpoint, send: Send, read: Read<T>): Promise<T> {
    try {
      try {
        return await attempt(endpoint, send, read);
      } catch (error) {
        if (!(error instanceof FeishuError) || !error.tokenExpired) throw error;
        logger.info({ endpoint }, "feishu tenant token rejected; fetching a new one and retrying once");
        await forgetToken();
        return await attempt(endpoint, send, read);
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
