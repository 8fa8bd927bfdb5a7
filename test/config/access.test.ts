import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config/index.js";
import { yamlFile } from "./helpers.js";

function failure(text: string): string {
  try {
    loadConfig({ env: {}, path: yamlFile(text) });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error("expected a ConfigError");
}

describe("the queue: and access: sections", () => {
  it("reads every key", () => {
    const config = loadConfig({
      env: {},
      path: yamlFile(
        [
          "queue: { concurrency: 2, max_pending: 30, shutdown_timeout_seconds: 5 }",
          "access:",
          "  chats: [oc_team, oc_ops, oc_team]",
          "  commands: { rooms: admins, report: everyone }",
          "  user_commands_per_minute: 0",
        ].join("\n"),
      ),
    });
    expect(config.queue).toEqual({ concurrency: 2, maxPending: 30, shutdownTimeoutSeconds: 5 });
    expect(config.access).toEqual({
      chats: ["oc_team", "oc_ops"],
      // Keys left out keep their defaults: pushstats stays admins-only, digest for everyone.
      commands: { meeting: "everyone", rooms: "admins", report: "everyone", pushstats: "admins", digest: "everyone" },
      userCommandsPerMinute: 0,
    });
  });

  it("names a misspelt command and suggests the intended one", () => {
    expect(failure("access:\n  commands:\n    reprot: everyone\n")).toMatch(/access\.commands\.reprot is not a known key \(did you mean access\.commands\.report\?\)/);
  });

  it("refuses /help in access.commands: help is always for everyone", () => {
    expect(failure("access:\n  commands:\n    help: admins\n")).toMatch(/access\.commands\.help is not a known key/);
  });

  it("refuses an audience other than everyone or admins, and a chat id of the wrong shape", () => {
    expect(failure("access:\n  commands:\n    rooms: nobody\n")).toMatch(/access\.commands\.rooms must be "everyone" or "admins" \(got "nobody"\)/);
    expect(failure("access:\n  chats: [general]\n")).toMatch(/access\.chats\[0\] must be a chat id shaped oc_… \(got "general"\)/);
  });

  it("refuses queue limits out of range", () => {
    expect(failure("queue:\n  concurrency: 0\n")).toMatch(/queue\.concurrency must be an integer from 1 to 256 \(got 0\)/);
    expect(failure("queue:\n  max_pending: 1.5\n")).toMatch(/queue\.max_pending must be an integer/);
    expect(failure("access:\n  user_commands_per_minute: -1\n")).toMatch(/access\.user_commands_per_minute must be an integer from 0 \(no limit\)/);
  });
});
