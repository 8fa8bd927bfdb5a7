import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadConfig, type Config } from "../../src/config/index.js";
import { LIVE_ENV, yamlFile } from "./helpers.js";

const REPO_APP_YAML = fileURLToPath(new URL("../../app.yaml", import.meta.url));

/** Loads with the default path from inside an empty directory, where ./app.yaml does not exist. */
function loadInEmptyDir(env: NodeJS.ProcessEnv = {}): Config {
  const dir = mkdtempSync(join(tmpdir(), "bot-config-cwd-"));
  const before = process.cwd();
  process.chdir(dir);
  try {
    return loadConfig({ env });
  } finally {
    process.chdir(before);
    rmSync(dir, { recursive: true, force: true });
  }
}

const DOCUMENTED_DEFAULTS = {
  mode: "sandbox",
  feishu: {
    appId: "",
    appSecret: "",
    encryptKey: undefined,
    verificationToken: undefined,
    connection: "webhook",
    domain: "https://open.feishu.cn",
    httpTimeoutMs: 10000,
  },
  server: { port: 3000, host: "0.0.0.0", bodyLimitBytes: 1048576, maxClockSkewSeconds: 300 },
  bot: { locale: "zh", timezone: "Asia/Shanghai", admins: [], showPasswordInP2p: false, dedupeTtlSeconds: 28800 },
  rooms: { roomLevelId: undefined, workingHours: { startMinute: 540, endMinute: 1080, weekdays: [1, 2, 3, 4, 5] } },
  report: { unit: undefined },
  queue: { concurrency: 8, maxPending: 500, shutdownTimeoutSeconds: 20 },
  access: {
    chats: [],
    commands: { meeting: "everyone", rooms: "everyone", report: "admins", pushstats: "admins", digest: "everyone" },
    userCommandsPerMinute: 10,
  },
  digests: [],
  // Sandbox mode: each sandbox keeps its state in its own process (live mode: sqlite:./data/bot.db).
  store: { url: "memory:" },
};

describe("loadConfig defaults", () => {
  it("runs on defaults in sandbox mode when ./app.yaml is absent and nothing is set", () => {
    const config = loadInEmptyDir();
    const { configPath, ...rest } = config;
    expect(rest).toEqual(DOCUMENTED_DEFAULTS);
    expect(configPath.endsWith("app.yaml")).toBe(true);
  });

  it("loads the repository's app.yaml, which documents exactly the defaults", () => {
    const config = loadConfig({ env: {}, path: REPO_APP_YAML });
    const { configPath, ...rest } = config;
    expect(rest).toEqual(DOCUMENTED_DEFAULTS);
    expect(configPath).toBe(resolve(REPO_APP_YAML));
  });

  it("reads BOT_CONFIG when no path is passed", () => {
    const path = yamlFile("server:\n  port: 4100\n");
    const config = loadConfig({ env: { BOT_CONFIG: path } });
    expect(config.server.port).toBe(4100);
    expect(config.configPath).toBe(path);
  });

  it("prefers an explicit path over BOT_CONFIG", () => {
    const fromEnv = yamlFile("server:\n  port: 4101\n");
    const explicit = yamlFile("server:\n  port: 4102\n");
    expect(loadConfig({ env: { BOT_CONFIG: fromEnv }, path: explicit }).server.port).toBe(4102);
  });

  it("treats an empty file, empty sections and empty values as defaults", () => {
    for (const text of ["", "# only a comment\n", "server:\nbot:\n", "server:\n  port:\nbot:\n  admins:\n"]) {
      const { configPath: _path, ...rest } = loadConfig({ env: {}, path: yamlFile(text) });
      expect(rest, JSON.stringify(text)).toEqual(DOCUMENTED_DEFAULTS);
    }
  });
});

describe("loadConfig values", () => {
  it("maps every snake_case key to its camelCase field", () => {
    const path = yamlFile(
      [
        "server: { port: 8080, host: 127.0.0.1, body_limit_bytes: 2048, max_clock_skew_seconds: 60 }",
        "feishu: { domain: 'https://open.larksuite.com/', http_timeout_ms: 2500 }",
        "bot:",
        "  locale: en",
        "  timezone: Europe/Berlin",
        "  admins: [ou_abc123, ou_def456, ou_abc123]",
        "  show_password_in_p2p: true",
        "  dedupe_ttl_seconds: 27000",
        "rooms: { room_level_id: omb_8d020b12fe49e82847c2af3c193d5754, working_hours: { start: '08:30', end: '17:30', days: [sun, mon, tue] } }",
        "report: { unit: 2 }",
      ].join("\n"),
    );
    const config = loadConfig({ env: {}, path });
    expect(config.server).toEqual({ port: 8080, host: "127.0.0.1", bodyLimitBytes: 2048, maxClockSkewSeconds: 60 });
    expect(config.feishu.domain).toBe("https://open.larksuite.com");
    expect(config.feishu.httpTimeoutMs).toBe(2500);
    expect(config.bot).toEqual({
      locale: "en",
      timezone: "Europe/Berlin",
      admins: ["ou_abc123", "ou_def456"],
      showPasswordInP2p: true,
      dedupeTtlSeconds: 27000,
    });
    expect(config.rooms.roomLevelId).toBe("omb_8d020b12fe49e82847c2af3c193d5754");
    expect(config.rooms.workingHours).toEqual({ startMinute: 510, endMinute: 1050, weekdays: [1, 2, 7] });
    expect(config.report.unit).toBe(2);
  });

  it("refuses working hours that end before they start, or name no weekday", () => {
    const reversed = yamlFile("rooms: { working_hours: { start: '18:00', end: '09:00' } }");
    expect(() => loadConfig({ env: {}, path: reversed })).toThrow(/working_hours/);
    const none = yamlFile("rooms: { working_hours: { days: [] } }");
    expect(() => loadConfig({ env: {}, path: none })).toThrow(/working_hours/);
  });

  it("lets the environment override the file", () => {
    const path = yamlFile(
      "server:\n  port: 4000\nfeishu:\n  domain: https://open.feishu.cn\nbot:\n  timezone: Asia/Tokyo\n  admins: [ou_fromfile]\n",
    );
    const config = loadConfig({
      path,
      env: {
        PORT: "5055",
        FEISHU_DOMAIN: "http://127.0.0.1:9999//",
        BOT_TIMEZONE: "america/new_york",
        BOT_ADMINS: " ou_one , ou_two,, ou_one ",
      },
    });
    expect(config.server.port).toBe(5055);
    expect(config.feishu.domain).toBe("http://127.0.0.1:9999");
    expect(config.bot.timezone).toBe("America/New_York");
    expect(config.bot.admins).toEqual(["ou_one", "ou_two"]);
  });

  it("keeps the file's values when the overriding variables are empty", () => {
    const path = yamlFile("server:\n  port: 4000\nbot:\n  admins: [ou_fromfile]\n");
    const config = loadConfig({ path, env: { PORT: "", BOT_ADMINS: "  ", FEISHU_APP_ID: "" } });
    expect(config.server.port).toBe(4000);
    expect(config.bot.admins).toEqual(["ou_fromfile"]);
    expect(config.mode).toBe("sandbox");
  });

  it("switches to live mode with credentials from the environment", () => {
    const config = loadConfig({ path: yamlFile(""), env: { ...LIVE_ENV } });
    expect(config.mode).toBe("live");
    expect(config.feishu).toMatchObject({
      appId: LIVE_ENV.FEISHU_APP_ID,
      appSecret: LIVE_ENV.FEISHU_APP_SECRET,
      encryptKey: LIVE_ENV.FEISHU_ENCRYPT_KEY,
      verificationToken: LIVE_ENV.FEISHU_VERIFICATION_TOKEN,
    });
  });

  it("accepts live mode with only one of encrypt key and verification token, trimming stray whitespace", () => {
    const { FEISHU_ENCRYPT_KEY: _key, ...tokenOnly } = LIVE_ENV;
    const withToken = loadConfig({ path: yamlFile(""), env: { ...tokenOnly, FEISHU_APP_SECRET: " s3cret\n" } });
    expect(withToken.feishu.encryptKey).toBeUndefined();
    expect(withToken.feishu.appSecret).toBe("s3cret");
    const { FEISHU_VERIFICATION_TOKEN: _token, ...keyOnly } = LIVE_ENV;
    expect(loadConfig({ path: yamlFile(""), env: keyOnly }).feishu.verificationToken).toBeUndefined();
  });

  it("reads the public URL from server.public_url or PUBLIC_URL (which wins), without its trailing slash", () => {
    expect(loadConfig({ path: yamlFile(""), env: {} }).server.publicUrl).toBeUndefined();
    const fromFile = loadConfig({ path: yamlFile("server:\n  public_url: https://bot.example.com/\n"), env: {} });
    expect(fromFile.server.publicUrl).toBe("https://bot.example.com");
    const fromEnv = loadConfig({ path: yamlFile("server:\n  public_url: https://a.example.com\n"), env: { PUBLIC_URL: "https://b.example.com/bot/" } });
    expect(fromEnv.server.publicUrl).toBe("https://b.example.com/bot");
    expect(() => loadConfig({ path: yamlFile(""), env: { PUBLIC_URL: "bot.example.com" } })).toThrow(/PUBLIC_URL must be the http\(s\) URL Feishu reaches the bot at/);
  });

  describe("feishu.connection", () => {
    const credentialsOnly = { FEISHU_APP_ID: LIVE_ENV.FEISHU_APP_ID, FEISHU_APP_SECRET: LIVE_ENV.FEISHU_APP_SECRET };

    it("is webhook unless app.yaml or FEISHU_CONNECTION says websocket; the environment wins", () => {
      expect(loadConfig({ path: yamlFile(""), env: { ...LIVE_ENV } }).feishu.connection).toBe("webhook");
      expect(loadConfig({ path: yamlFile("feishu:\n  connection: websocket\n"), env: { ...LIVE_ENV } }).feishu.connection).toBe("websocket");
      const env = { ...LIVE_ENV, FEISHU_CONNECTION: "webhook" };
      expect(loadConfig({ path: yamlFile("feishu:\n  connection: websocket\n"), env }).feishu.connection).toBe("webhook");
    });

    it("needs no encrypt key or verification token over the long connection, and says so with webhooks", () => {
      const config = loadConfig({ path: yamlFile(""), env: { ...credentialsOnly, FEISHU_CONNECTION: "websocket" } });
      expect(config.feishu).toMatchObject({ connection: "websocket", encryptKey: undefined, verificationToken: undefined });
      expect(() => loadConfig({ path: yamlFile(""), env: credentialsOnly })).toThrow(/FEISHU_CONNECTION=websocket/);
    });

    it("refuses an unknown mode, and an app id the long connection's client would silently ignore", () => {
      expect(() => loadConfig({ path: yamlFile(""), env: { ...LIVE_ENV, FEISHU_CONNECTION: "grpc" } })).toThrow(
        /FEISHU_CONNECTION must be "webhook" or "websocket" \(got "grpc"\)/,
      );
      expect(() => loadConfig({ path: yamlFile("feishu:\n  connection: long\n"), env: { ...LIVE_ENV } })).toThrow(/connection/);
      const env = { ...credentialsOnly, FEISHU_APP_ID: "cli_notsixteenhex", FEISHU_CONNECTION: "websocket" };
      expect(() => loadConfig({ path: yamlFile(""), env })).toThrow(/16 hexadecimal digits for the long connection \(value hidden\)/);
      expect(() => loadConfig({ path: yamlFile(""), env: { ...env, FEISHU_CONNECTION: "webhook", FEISHU_ENCRYPT_KEY: "k" } })).not.toThrow();
    });
  });
});
