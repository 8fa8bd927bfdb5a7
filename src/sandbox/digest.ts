/**
 * Sandbox mode's built-in digest: with no digests configured, one posts into the emulator's group
 * chat every minute, so a newcomer sees the schedule work without editing app.yaml.
 */
import type { Config, DigestConfig } from "../config/types.js";
import { SANDBOX_CHATS } from "./emulator/messaging/index.js";

export const SANDBOX_DIGEST_NAME = "sandbox-minutely";
/** The emulator's seeded group chat. */
export const SANDBOX_GROUP_CHAT = SANDBOX_CHATS.group;

export function sandboxDigest(config: Config): DigestConfig {
  return {
    name: SANDBOX_DIGEST_NAME,
    chats: [SANDBOX_GROUP_CHAT],
    cron: "* * * * *",
    timezone: config.bot.timezone,
    locale: config.bot.locale,
    sections: [{ kind: "report" }, { kind: "rooms" }, { kind: "pushstats" }],
    // A start never posts a late minute: the next one is at most a minute away.
    catchUpMinutes: 0,
  };
}

/** The config with the sandbox digest added, in sandbox mode when app.yaml configures none. */
export function withSandboxDigest(config: Config): Config {
  if (config.mode !== "sandbox" || config.digests.length > 0) return config;
  return { ...config, digests: [sandboxDigest(config)] };
}
