import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config/index.js";
import { LIVE_ENV, yamlFile } from "./helpers.js";

const load = (text: string, env: NodeJS.ProcessEnv = {}) => loadConfig({ path: yamlFile(text), env });

/** The one-line message loading `text` fails with. */
function failure(text: string): string {
  let thrown: unknown;
  try {
    load(text);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ConfigError);
  const message = (thrown as ConfigError).message;
  expect(message).toMatch(/^config: /);
  expect(message).not.toMatch(/[\r\n]/);
  return message;
}

const digestYaml = (fields: Record<string, string>) => {
  const base: Record<string, string> = {
    name: "morning",
    chats: "[oc_abc123]",
    cron: '"0 9 * * 1-5"',
    sections: "[report]",
    ...fields,
  };
  const lines = Object.entries(base)
    .filter(([, value]) => value !== "")
    .map(([key, value], i) => `${i === 0 ? "  - " : "    "}${key}: ${value}`);
  return `digests:\n${lines.join("\n")}\n`;
};

describe("digests in app.yaml", () => {
  it("reads a digest with the bot's zone and language as defaults, sections in order", () => {
    const config = load(
      `bot:\n  timezone: Europe/Berlin\n  locale: en\n` +
        digestYaml({ chats: "[oc_abc123, oc_def456, oc_abc123]", sections: '[report, rooms, pushstats, {meeting: "123 456 789"}, {meeting: 987-654-321}, {meeting: 111222333}]' }),
    );
    expect(config.digests).toEqual([
      {
        name: "morning",
        chats: ["oc_abc123", "oc_def456"],
        cron: "0 9 * * 1-5",
        timezone: "Europe/Berlin",
        locale: "en",
        sections: [
          { kind: "report" },
          { kind: "rooms" },
          { kind: "pushstats" },
          { kind: "meeting", meetingNo: "123456789" },
          { kind: "meeting", meetingNo: "987654321" },
          { kind: "meeting", meetingNo: "111222333" },
        ],
        catchUpMinutes: 360,
      },
    ]);
  });

  it("takes the zone from BOT_TIMEZONE when the digest names none, and its own when it does", () => {
    const two = `${digestYaml({})}  - name: evening\n    chats: [oc_x]\n    cron: "0 18 * * *"\n    timezone: america/new_york\n    locale: zh\n    catch_up_minutes: 0\n    sections: [rooms]\n`;
    const config = load(two, { BOT_TIMEZONE: "Asia/Tokyo" });
    expect(config.digests.map((d) => [d.name, d.timezone, d.locale, d.catchUpMinutes])).toEqual([
      ["morning", "Asia/Tokyo", "zh", 360],
      ["evening", "America/New_York", "zh", 0],
    ]);
  });

  it("has no digests and the store in SQLite under ./data by default (live mode)", () => {
    const config = load("", LIVE_ENV);
    expect(config.digests).toEqual([]);
    expect(config.store).toEqual({ url: "sqlite:./data/bot.db" });
    expect(load("store:\n  url: sqlite:/var/lib/bot/bot.db\n").store.url).toBe("sqlite:/var/lib/bot/bot.db");
  });

  it("accepts the example documented in app.yaml", () => {
    const text = readFileSync(new URL("../../app.yaml", import.meta.url), "utf8");
    const start = text.indexOf("# digests:\n");
    expect(start).toBeGreaterThan(0);
    const example = text
      .slice(start)
      .split("\n")
      .filter((line) => line.startsWith("#"))
      .map((line) => line.replace(/^# ?/, ""))
      .join("\n");
    const [digest] = load(example).digests;
    expect(digest).toMatchObject({ name: "morning", cron: "0 9 * * 1-5", sections: expect.arrayContaining([{ kind: "meeting", meetingNo: "123456789" }]) });
  });
});

describe("a bad digest stops the start with one clear line", () => {
  it("names an invalid cron expression and why", () => {
    expect(failure(digestYaml({ cron: '"61 * * * *"' }))).toMatch(
      /digests\[0\]\.cron must be a 5-field cron expression .*\(Invalid value for minute: 61\) \(got "61 \* \* \* \*"\)$/,
    );
    expect(failure(digestYaml({ cron: '"0 0 9 * * *"' }))).toMatch(/digests\[0\]\.cron must be a 5-field cron .*\(it has 6 fields\)/);
    expect(failure(digestYaml({ cron: '"0 0 30 2 *"' }))).toMatch(/digests\[0\]\.cron .*\(it never fires\)/);
    expect(failure(digestYaml({ cron: "every morning" }))).toMatch(/digests\[0\]\.cron .*\(it has 2 fields\)/);
  });

  it("names an unknown section, a meeting without its number and a short number", () => {
    expect(failure(digestYaml({ sections: "[report, weather]" }))).toMatch(
      /digests\[0\]\.sections\[1\] must be one of report, rooms, pushstats, or "meeting: <9-digit meeting number>" \(got "weather"\)$/,
    );
    expect(failure(digestYaml({ sections: "[meeting]" }))).toMatch(/digests\[0\]\.sections\[0\] needs its meeting number/);
    expect(failure(digestYaml({ sections: "[{meeting: 012345678}]" }))).toMatch(/sections\[0\] must give a 9-digit meeting number, quoted/);
    expect(failure(digestYaml({ sections: "[]" }))).toMatch(/digests\[0\]\.sections must list at least one section/);
  });

  it("names an empty or malformed chat list", () => {
    expect(failure(digestYaml({ chats: "[]" }))).toMatch(/digests\[0\]\.chats must be a non-empty list of up to 50 chat ids shaped oc_… \(got a list\)$/);
    expect(failure(digestYaml({ chats: "" }))).toMatch(/digests\[0\]\.chats must be a non-empty list/);
    expect(failure(digestYaml({ chats: "[oc_ok, general]" }))).toMatch(/digests\[0\]\.chats\[1\] must be a chat id shaped oc_… \(got "general"\)$/);
    expect(failure(digestYaml({ chats: "oc_abc" }))).toMatch(/digests\[0\]\.chats must be a non-empty list/);
  });

  it("refuses two digests of one name", () => {
    const twice = `${digestYaml({})}  - name: morning\n    chats: [oc_x]\n    cron: "0 10 * * *"\n    sections: [rooms]\n`;
    expect(failure(twice)).toMatch(/digests\[1\]\.name must be unique: digests\[0\] has the same name \(got "morning"\)$/);
  });

  it("names a bad name, zone, language, catch-up window and unknown key", () => {
    expect(failure(digestYaml({ name: '"morning digest"' }))).toMatch(/digests\[0\]\.name must be a name of 1–40 letters/);
    expect(failure(digestYaml({ timezone: "Mars/Base" }))).toMatch(/digests\[0\]\.timezone must be a known IANA time zone/);
    expect(failure(digestYaml({ locale: "fr" }))).toMatch(/digests\[0\]\.locale must be "zh" or "en"/);
    expect(failure(digestYaml({ catch_up_minutes: "2000" }))).toMatch(/digests\[0\]\.catch_up_minutes must be an integer from 0 to 1440 \(got 2000\)$/);
    expect(failure(digestYaml({ crons: '"0 9 * * *"' }))).toMatch(/digests\[0\]\.crons is not a known key \(did you mean digests\[0\]\.cron\?\)$/);
    expect(failure("digests:\n  morning: {}\n")).toMatch(/digests must be a list of digests/);
    expect(failure("store:\n  url: ''\n")).toMatch(/store\.url must be a store URL: sqlite:<path of the database file>, redis:\/\/host:port\/db, or memory:/);
  });
});
