import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { describeConfig, loadConfig } from "../../src/config/index.js";
import { createLogger } from "../../src/log/logger.js";
import { LIVE_ENV, yamlFile } from "./helpers.js";

describe("describeConfig", () => {
  it("replaces each secret with whether it is set and keeps everything else", () => {
    const { FEISHU_VERIFICATION_TOKEN: _token, ...env } = LIVE_ENV;
    const config = loadConfig({ path: yamlFile("bot:\n  admins: [ou_admin1]\n"), env: { ...env, BOT_STATE_KEY: "state-key-secret-1" } });
    const described = describeConfig(config);

    expect(described.feishu).toEqual({
      appId: LIVE_ENV.FEISHU_APP_ID,
      secrets: { appSecret: "set", encryptKey: "set", verificationToken: "not set", stateKey: "set", previousStateKey: "not set" },
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

  it("survives the logger's redaction: the start-up line says which secrets are set", () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString("utf8"));
        done();
      },
    });
    const logger = createLogger({ destination });
    const { FEISHU_VERIFICATION_TOKEN: _token, ...env } = LIVE_ENV;
    logger.info({ config: describeConfig(loadConfig({ path: yamlFile(""), env })) }, "starting");
    const logged = JSON.parse(lines[0]!) as { config: { feishu: { secrets: Record<string, string> } } };
    expect(logged.config.feishu.secrets).toMatchObject({ appSecret: "set", encryptKey: "set", verificationToken: "not set" });
    expect(lines[0]).not.toContain(LIVE_ENV.FEISHU_APP_SECRET);
  });

  it("says 'not set' for every secret in sandbox mode and leaves the config untouched", () => {
    const config = loadConfig({ path: yamlFile(""), env: {} });
    const described = describeConfig(config) as { feishu: Record<string, unknown>; bot: { admins: string[] } };
    expect(described.feishu).toMatchObject({ secrets: { appSecret: "not set", encryptKey: "not set", verificationToken: "not set" } });
    described.bot.admins.push("ou_mutated");
    expect(config.bot.admins).toEqual([]);
  });
});
