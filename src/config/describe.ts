import type { Config } from "./types.js";

/**
 * The configuration as it may be logged at start-up: everything an operator needs to see what
 * the bot will do, with each secret reduced to whether it is set.
 */
export function describeConfig(config: Config): Record<string, unknown> {
  const { appSecret, encryptKey, verificationToken, stateKey, previousStateKey, ...feishu } = config.feishu;
  return {
    ...structuredClone(config),
    feishu: {
      ...feishu,
      // Under their own key: the logger redacts fields named like secrets wherever they sit, which
      // would hide "set" / "not set" too.
      secrets: {
        appSecret: presence(appSecret),
        encryptKey: presence(encryptKey),
        verificationToken: presence(verificationToken),
        stateKey: presence(stateKey),
        previousStateKey: presence(previousStateKey),
      },
    },
    store: { url: withoutPassword(config.store.url) },
  };
}

/** REDIS_URL may carry the Redis password: it is logged as ***. */
function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password === "") return url;
    parsed.password = "***";
    return parsed.toString();
  } catch {
    return url;
  }
}

function presence(secret: string | undefined): "set" | "not set" {
  return secret ? "set" : "not set";
}
