/** The bot's configuration for a benchmark: app.yaml's defaults, local ports, the given Feishu side. */
import { loadConfig } from "../../src/config/index.js";
import type { Config } from "../../src/config/types.js";
import type { WebhookKeys } from "./events.js";

export function benchConfig(feishu: { domain: string; appSecret: string; keys: WebhookKeys }): Config {
  const base = loadConfig({ env: {}, path: new URL("../../app.yaml", import.meta.url).pathname });
  return {
    ...base,
    server: { ...base.server, port: 0, host: "127.0.0.1" },
    feishu: {
      ...base.feishu,
      appId: feishu.keys.appId,
      appSecret: feishu.appSecret,
      domain: feishu.domain,
      encryptKey: feishu.keys.encryptKey,
      verificationToken: feishu.keys.verificationToken,
    },
  };
}
