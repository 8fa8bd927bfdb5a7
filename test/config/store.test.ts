import { describe, expect, it } from "vitest";
import { ConfigError, describeConfig, loadConfig } from "../../src/config/index.js";
import { LIVE_ENV, yamlFile } from "./helpers.js";

const load = (text: string, env: NodeJS.ProcessEnv = {}) => loadConfig({ env, path: yamlFile(text) });

function failure(text: string, env: NodeJS.ProcessEnv = {}): string {
  try {
    load(text, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected a ConfigError");
}

describe("store.url and REDIS_URL", () => {
  it("takes each engine's URL from app.yaml", () => {
    for (const url of ["sqlite:./data/bot.db", "sqlite:/var/lib/bot/bot.db", "redis://10.0.0.5:6379/2", "rediss://cache.internal:6380", "memory:"]) {
      expect(load(`store:\n  url: "${url}"\n`).store.url).toBe(url);
    }
  });

  it("lets REDIS_URL replace store.url, password and all", () => {
    const env = { REDIS_URL: "redis://:s3cret-pass@10.0.0.5:6379/1" };
    expect(load("store:\n  url: sqlite:./x.db\n", env).store.url).toBe("redis://:s3cret-pass@10.0.0.5:6379/1");
    expect(load("", { ...LIVE_ENV, REDIS_URL: "  " }).store.url).toBe("sqlite:./data/bot.db");
  });

  it("keeps live mode's state in ./data/bot.db and a sandbox's in its own process, unless told otherwise", () => {
    // Live mode: one file, outliving restarts, shared by the host's bot processes.
    expect(load("", LIVE_ENV).store.url).toBe("sqlite:./data/bot.db");
    expect(load("store:\n", LIVE_ENV).store.url).toBe("sqlite:./data/bot.db");
    // Sandbox mode (no FEISHU_APP_ID): in memory, so two sandboxes in one folder share nothing.
    expect(load("").store.url).toBe("memory:");
    expect(load("store:\n").store.url).toBe("memory:");
    expect(load("", { FEISHU_APP_ID: "" }).store.url).toBe("memory:");
    // Unless the user names a store: app.yaml's store.url, or REDIS_URL.
    expect(load("store:\n  url: sqlite:./data/bot.db\n").store.url).toBe("sqlite:./data/bot.db");
    expect(load("store:\n  url: sqlite:/tmp/mine.db\n").store.url).toBe("sqlite:/tmp/mine.db");
    expect(load("", { REDIS_URL: "redis://10.0.0.5:6379/3" }).store.url).toBe("redis://10.0.0.5:6379/3");
  });

  it("leaves store.url unset in the repository's app.yaml, so npm start's sandbox keeps its state to itself", () => {
    const path = new URL("../../app.yaml", import.meta.url).pathname;
    expect(loadConfig({ env: {}, path }).store.url).toBe("memory:");
    expect(loadConfig({ env: LIVE_ENV, path }).store.url).toBe("sqlite:./data/bot.db");
  });

  it("names a URL of no engine it knows", () => {
    for (const bad of ["postgres://db/bot", "./data/store.json", "sqlite:", "redis://"]) {
      expect(failure(`store:\n  url: "${bad}"\n`)).toMatch(/store\.url must be a store URL/);
    }
    expect(failure("store:\n  path: ./data/store.json\n")).toMatch(/store\.path is not a known key/);
  });

  it("refuses a password in app.yaml, and a bad REDIS_URL, without repeating either", () => {
    const inFile = failure('store:\n  url: "redis://:s3cret-pass@10.0.0.5:6379/1"\n');
    expect(inFile).toMatch(/store\.url carries a password .*set the REDIS_URL environment variable instead/);
    expect(inFile).not.toContain("s3cret-pass");
    const inEnv = failure("", { REDIS_URL: "sqlite:://user:s3cret-pass@x" });
    expect(inEnv).toMatch(/REDIS_URL must be a Redis URL such as redis:\/\/127\.0\.0\.1:6379\/0 .*\(value hidden\)/);
    expect(inEnv).not.toContain("s3cret-pass");
  });

  it("logs the store URL with its password hidden", () => {
    const config = load("", { REDIS_URL: "redis://bot:s3cret-pass@10.0.0.5:6379/1" });
    const described = describeConfig(config);
    expect(described.store).toEqual({ url: "redis://bot:***@10.0.0.5:6379/1" });
    expect(JSON.stringify(described)).not.toContain("s3cret-pass");
    expect(config.store.url).toContain("s3cret-pass");
  });
});
