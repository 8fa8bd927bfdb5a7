import { basename } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, type LoadOptions } from "../../src/config/index.js";
import { LIVE_ENV, missingPath, yamlFile } from "./helpers.js";

/** The one-line message loadConfig fails with; fails the test when it succeeds or throws anything else. */
function failure(opts: LoadOptions): string {
  let thrown: unknown;
  try {
    loadConfig(opts);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ConfigError);
  const message = (thrown as ConfigError).message;
  expect(message).toMatch(/^config: /);
  expect(message).not.toMatch(/[\r\n]/);
  return message;
}

/** Loads `text` as the YAML file with an empty environment; returns the message and the file's label. */
function fileFailure(text: string, env: NodeJS.ProcessEnv = {}): { message: string; label: string } {
  const path = yamlFile(text);
  return { message: failure({ path, env }), label: path };
}

describe("bad values in app.yaml", () => {
  it("names a port out of range and the value found", () => {
    const { message, label } = fileFailure("server:\n  port: 70000\n");
    expect(message).toBe(`config: ${label} server.port must be an integer from 1 to 65535 (got 70000)`);
  });

  it("names an unknown time zone", () => {
    const { message } = fileFailure("bot:\n  timezone: Mars/Base\n");
    expect(message).toMatch(/ bot\.timezone must be a known IANA time zone .*\(got "Mars\/Base"\)$/);
  });

  it("names a locale that is neither zh nor en", () => {
    const { message } = fileFailure("bot:\n  locale: fr\n");
    expect(message).toMatch(/ bot\.locale must be "zh" or "en" \(got "fr"\)$/);
  });

  it("names an unknown key and suggests the intended one", () => {
    const { message } = fileFailure("server:\n  prot: 3000\n");
    expect(message).toMatch(/ server\.prot is not a known key \(did you mean server\.port\?\)$/);
    expect(fileFailure("sever:\n  port: 1\n").message).toMatch(/ sever is not a known key \(did you mean server\?\)$/);
    expect(fileFailure("bot:\n  showPasswordInP2p: true\n").message).toMatch(/did you mean bot\.show_password_in_p2p\?/);
  });

  it("lists the known keys when an unknown key resembles none", () => {
    const { message } = fileFailure("report:\n  colour: blue\n");
    expect(message).toMatch(/ report\.colour is not a known key \(known keys here: unit\)$/);
  });

  it("names a value of the wrong type", () => {
    expect(fileFailure('server:\n  port: "3000"\n').message).toMatch(/ server\.port must be an integer from 1 to 65535 \(got "3000"\)$/);
    expect(fileFailure("bot:\n  show_password_in_p2p: yes\n").message).toMatch(/ bot\.show_password_in_p2p must be true or false \(got "yes"\)$/);
    expect(fileFailure("server: 3000\n").message).toMatch(/ server must be a mapping of keys \(got 3000\)$/);
    expect(fileFailure("- a\n- b\n").message).toMatch(/\.yaml must be a mapping of sections .*\(got a list\)$/);
    expect(fileFailure("bot:\n  admins: ou_abc\n").message).toMatch(/ bot\.admins must be a list of open_ids/);
    expect(fileFailure("report:\n  unit: 4\n").message).toMatch(/ report\.unit must be 0 \(mainland China\).*\(got 4\)$/);
  });

  it("gives the line and column of a YAML syntax error", () => {
    const { message, label } = fileFailure("server:\n  port: 3000\nbot:\n  admins: [ou_a, ou_b\n");
    expect(message).toMatch(new RegExp(`^config: ${label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} line \\d+, column \\d+: .*YAML syntax error`));
    expect(fileFailure("server:\n  port: 1\n  port: 2\n").message).toMatch(/ line 3, column 3: Map keys must be unique/);
  });

  it("names an admin that is not an open_id, with its position", () => {
    const { message } = fileFailure("bot:\n  admins: [ou_good, alice]\n");
    expect(message).toMatch(/ bot\.admins\[1\] must be an open_id shaped ou_… \(got "alice"\)$/);
  });

  it("refuses a dedupe TTL shorter than Feishu's retry window", () => {
    const { message } = fileFailure("bot:\n  dedupe_ttl_seconds: 3600\n");
    expect(message).toMatch(/ bot\.dedupe_ttl_seconds must be an integer from 27000 \(7\.5 h.*\(got 3600\)$/);
    expect(loadConfig({ env: {}, path: yamlFile("bot:\n  dedupe_ttl_seconds: 27000\n") }).bot.dedupeTtlSeconds).toBe(27000);
  });

  it("refuses a domain that is not an http(s) URL", () => {
    expect(fileFailure("feishu:\n  domain: open.feishu.cn\n").message).toMatch(/ feishu\.domain must be an http\(s\) URL.*\(got "open\.feishu\.cn"\)$/);
    expect(fileFailure("feishu:\n  domain: ftp://open.feishu.cn\n").message).toMatch(/ feishu\.domain must be an http\(s\) URL/);
  });

  it("refuses a room level id that is no id at all, and accepts a non-omb_ one (the tenant level)", () => {
    expect(fileFailure("rooms:\n  room_level_id: level 1/2\n").message).toMatch(/ rooms\.room_level_id must be a room level id \(omb_…/);
    const config = loadConfig({ env: {}, path: yamlFile("rooms:\n  room_level_id: tenant\n") });
    expect(config.rooms.roomLevelId).toBe("tenant");
  });

  it("reports several problems on one line", () => {
    const { message } = fileFailure("server:\n  port: 0\nbot:\n  locale: de\n");
    expect(message).toMatch(/server\.port .*; .*bot\.locale /);
  });
});

describe("the file itself", () => {
  it("must exist when named by path or BOT_CONFIG", () => {
    const path = missingPath();
    expect(failure({ env: {}, path })).toBe(`config: config file ${JSON.stringify(path)} does not exist`);
    expect(failure({ env: { BOT_CONFIG: path } })).toContain(basename(path));
  });
});

describe("secrets", () => {
  const SECRET = "hush-Hush-9f8e7d6c5b4a";

  it("refuses a secret in the YAML, pointing to the variable and hiding the value", () => {
    for (const [key, variable] of [
      ["app_secret", "FEISHU_APP_SECRET"],
      ["encrypt_key", "FEISHU_ENCRYPT_KEY"],
      ["verificationToken", "FEISHU_VERIFICATION_TOKEN"],
      ["state_key", "BOT_STATE_KEY"],
      ["state_key_previous", "BOT_STATE_KEY_PREVIOUS"],
    ] as const) {
      const { message } = fileFailure(`feishu:\n  ${key}: ${SECRET}\n`);
      expect(message).toContain(`feishu.${key} is a secret`);
      expect(message).toContain(`set the ${variable} environment variable instead`);
      expect(message).not.toContain(SECRET);
    }
  });

  it("refuses the app id in the YAML, since its presence decides the mode", () => {
    expect(fileFailure("feishu:\n  app_id: cli_a1b2c3d4e5f60718\n").message).toMatch(/feishu\.app_id is not read from the file: set the FEISHU_APP_ID/);
  });

  it("hides a secret on a line with a YAML syntax error", () => {
    const { message } = fileFailure(`feishu:\n  domain: "${SECRET}\n`);
    expect(message).toMatch(/line \d+, column \d+/);
    expect(message).not.toContain(SECRET);
  });

  it("requires FEISHU_APP_SECRET in live mode", () => {
    const { FEISHU_APP_SECRET: _secret, ...env } = LIVE_ENV;
    expect(failure({ path: yamlFile(""), env })).toMatch(/^config: FEISHU_APP_SECRET is required when FEISHU_APP_ID is set/);
  });

  it("requires an encrypt key or a verification token in live mode", () => {
    const env = { FEISHU_APP_ID: LIVE_ENV.FEISHU_APP_ID, FEISHU_APP_SECRET: LIVE_ENV.FEISHU_APP_SECRET, FEISHU_ENCRYPT_KEY: " " };
    const message = failure({ path: yamlFile(""), env });
    expect(message).toMatch(/^config: FEISHU_ENCRYPT_KEY or FEISHU_VERIFICATION_TOKEN is required in live mode/);
    expect(message).not.toContain(LIVE_ENV.FEISHU_APP_SECRET);
  });

  it("hides the value of a malformed app id, which may be a swapped secret", () => {
    const message = failure({ path: yamlFile(""), env: { ...LIVE_ENV, FEISHU_APP_ID: SECRET, FEISHU_APP_SECRET: "cli_a1b2c3d4e5f60718" } });
    expect(message).toBe("config: FEISHU_APP_ID must be an app id shaped cli_… from the app's Credentials page (value hidden)");
  });

  it("never echoes a secret, whatever else is wrong", () => {
    const secretText = fc.string({ minLength: 12, maxLength: 40 }).filter((s) => s.trim().length >= 12);
    fc.assert(
      fc.property(secretText, secretText, secretText, fc.boolean(), (appSecret, encryptKey, token, withAppId) => {
        const env: NodeJS.ProcessEnv = {
          ...(withAppId ? { FEISHU_APP_ID: "not-an-app-id" } : {}),
          FEISHU_APP_SECRET: appSecret,
          FEISHU_ENCRYPT_KEY: encryptKey,
          FEISHU_VERIFICATION_TOKEN: token,
          PORT: "http",
        };
        const message = failure({ path: yamlFile(`feishu:\n  app_secret: ${JSON.stringify(appSecret)}\n`), env });
        for (const secret of [appSecret, encryptKey, token]) expect(message).not.toContain(secret.trim());
      }),
      { numRuns: 50 },
    );
  });
});

describe("bad values in the environment", () => {
  it("names PORT and the text found", () => {
    expect(failure({ path: yamlFile(""), env: { PORT: "abc" } })).toBe('config: PORT must be an integer from 1 to 65535 (got "abc")');
    expect(failure({ path: yamlFile(""), env: { PORT: "80.5" } })).toBe('config: PORT must be an integer from 1 to 65535 (got "80.5")');
  });

  it("accepts exactly the ports 1 to 65535", () => {
    fc.assert(
      fc.property(fc.integer({ min: -100_000, max: 100_000 }), (port) => {
        const opts = { path: yamlFile(""), env: { PORT: String(port) } };
        if (port >= 1 && port <= 65535) expect(loadConfig(opts).server.port).toBe(port);
        else expect(() => loadConfig(opts)).toThrow(/PORT must be an integer from 1 to 65535/);
      }),
      { numRuns: 100 },
    );
  });

  it("names BOT_TIMEZONE, FEISHU_DOMAIN and BOT_ADMINS", () => {
    expect(failure({ path: yamlFile(""), env: { BOT_TIMEZONE: "Mars/Base" } })).toMatch(/^config: BOT_TIMEZONE must be a known IANA time zone .*\(got "Mars\/Base"\)$/);
    expect(failure({ path: yamlFile(""), env: { FEISHU_DOMAIN: "localhost:8080" } })).toMatch(/^config: FEISHU_DOMAIN must be an http\(s\) URL/);
    expect(failure({ path: yamlFile(""), env: { BOT_ADMINS: "ou_ok, bob" } })).toMatch(/^config: BOT_ADMINS must be a comma-separated list of open_ids.*\(got "bob"\)$/);
  });
});
