/** The one SDK client the bot talks to Feishu through. */
import { createRequire } from "node:module";
import * as lark from "@larksuiteoapi/node-sdk";
import type { AxiosStatic } from "axios";
import type { FeishuConfig } from "../config/types.js";
import type { Logger } from "../log/logger.js";
import { createSdkLogger } from "./sdk-logger.js";

/**
 * axios exactly as the SDK resolves it (its own CommonJS copy): the SDK checks
 * `instanceof axios.AxiosError`, which an ESM-loaded copy would fail.
 */
const sdkRequire = createRequire(createRequire(import.meta.url).resolve("@larksuiteoapi/node-sdk"));
const axios = sdkRequire("axios") as AxiosStatic;

export function createLarkClient(cfg: FeishuConfig, logger: Logger): lark.Client {
  const http = axios.create({ timeout: cfg.httpTimeoutMs });
  // axios's timeout is an idle timeout (a server trickling bytes never trips it); the signal makes
  // it a deadline for the whole call.
  http.interceptors.request.use((request) => {
    request.signal ??= AbortSignal.timeout(cfg.httpTimeoutMs);
    return request;
  });
  // The SDK expects the instance to resolve to the response body, as its default one does;
  // axios's types cannot express that an interceptor changed the result, hence the cast below.
  http.interceptors.response.use((response) => response.data);
  const httpInstance = http as unknown as lark.HttpInstance;
  return new lark.Client({
    appId: cfg.appId,
    appSecret: cfg.appSecret,
    domain: cfg.domain,
    appType: lark.AppType.SelfBuild,
    cache: new lark.DefaultCache(),
    // The gateway fetches and renews the tenant token itself (see token.ts) and passes it per call.
    disableTokenCache: true,
    httpInstance,
    logger: createSdkLogger(logger, [cfg.appSecret, cfg.encryptKey ?? "", cfg.verificationToken ?? ""]),
    loggerLevel: lark.LoggerLevel.debug,
  });
}
