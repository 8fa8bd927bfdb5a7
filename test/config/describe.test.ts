import { describe, expect, it } from "vitest";
import { describeConfig, loadConfig } from "../../src/config/index.js";
import { LIVE_ENV, yamlFile } from "./helpers.js";

describe("describeConfig", () => {
  it("replaces each secret with whether it is set and keeps everything else", () => {
    const { FEISHU_VERIFICATION_TOKEN: _token, ...env } = LIVE_ENV;
    const config = loadConfig({ path: yamlFile("bot:\n  admins: [ou_admin1]\n"), env: { ...env, BOT_STATE_KEY: "state-key-secret-1" } });
    const described = describeConfig(config);

    expect(described.feishu).toEqual({
      appId: LIVE_ENV.FEISHU_APP_ID,
      appSecret: "set",
      encryptKey: "set",
      verificationToken: "not set",
      stateKey: "set",
      previousStateKey: "not set",
      connection: "webhook",
      domain: "https://open.feishu.cn",
      httpTimeoutMs: 10000,
    });
    expect(described.mode).toBe("live");
    expect(described.bot).toEqual(config.bot);
    expect(described.server).toEqual(config.server);
    const text = JSON.stringify(described);
    for (const secret of [LIVE_ENV.FEISHU_APP_SECRET, LIVE_ENV.FEISHU_ENCRYPT_KEY, "state-key-secret-1"]) expect(text).not.toContain(secret);
  });

  it("says 'not set' for every secret in sandbox mode and leaves the config untouched", () => {
    const config = loadConfig({ path: yamlFile(""), env: {} });
    const described = describeConfig(config) as { feishu: Record<string, unknown>; bot: { admins: string[] } };
    expect(described.feishu).toMatchObject({ appSecret: "not set", encryptKey: "not set", verificationToken: "not set" });
    described.bot.admins.push("ou_mutated");
    expect(config.bot.admins).toEqual([]);
  });
});
