import { describe, expect, it } from "vitest";
import { buildHelpView, helpCommand, helpForUnknown, UNKNOWN_TEXT_MAX } from "../../src/commands/help.js";
import { findCommand, listCommands } from "../../src/commands/registry.js";
import { ACCESS_COMMANDS } from "../../src/config/access-schema.js";
import type { CommandContext, View } from "../../src/commands/types.js";
import { runWords } from "../helpers/command.js";
import { testContext, testDeps } from "../helpers/context.js";

const ADMIN = "ou_admin";
/** An admin sees every command; the tests of who sees what are below. */
const ctx = (locale: "zh" | "en"): CommandContext => {
  const deps = testDeps();
  return testContext({ locale, senderOpenId: ADMIN, deps: { ...deps, config: { ...deps.config, bot: { ...deps.config.bot, admins: [ADMIN] } } } });
};

/** A context whose config has `admins` and the given audiences. */
function askerIn(senderOpenId: string, admins: string[], commands: Partial<CommandContext["deps"]["config"]["access"]["commands"]> = {}) {
  const deps = testDeps();
  const { config } = deps;
  return testContext({
    senderOpenId,
    deps: {
      ...deps,
      config: {
        ...config,
        bot: { ...config.bot, admins },
        access: { ...config.access, commands: { ...config.access.commands, ...commands } },
      },
    },
  });
}

function names(view: View): string[] {
  if (view.kind !== "help") throw new Error(`expected the help view, got ${view.kind}`);
  return view.commands.map((entry) => entry.name);
}

describe("registry", () => {
  it("finds /help and nothing for unknown or unimplemented names", () => {
    expect(findCommand("help")).toBe(helpCommand);
    expect(findCommand(undefined)).toBeUndefined();
    const implemented = new Set(listCommands().map((command) => command.name));
    for (const name of ["meeting", "rooms", "report", "pushstats", "digest"] as const) {
      expect(findCommand(name)).toBe(implemented.has(name) ? listCommands().find((c) => c.name === name) : undefined);
    }
  });

  it("lets app.yaml restrict exactly the commands whose definition says so", () => {
    const configured = listCommands().filter((c) => c.access.audience === "configured").map((c) => c.name);
    expect(new Set(configured)).toEqual(new Set(ACCESS_COMMANDS));
  });

  it("has one module per name", () => {
    const names = listCommands().map((command) => command.name);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe("/help", () => {
  it("lists every registered command in the asker's language", async () => {
    for (const locale of ["zh", "en"] as const) {
      const view = await runWords(helpCommand, [], ctx(locale));
      expect(view).toEqual({
        kind: "help",
        commands: listCommands().map((command) => ({
          name: command.name,
          aliases: [...command.words.en.slice(1), ...command.words.zh],
          usage: command.help.usage[locale],
          summary: command.help.summary[locale],
        })),
      });
    }
    const zh = await runWords(helpCommand, [], ctx("zh"));
    const en = await runWords(helpCommand, [], ctx("en"));
    expect(zh).not.toEqual(en);
  });

  it("lists whatever definitions it is given, with their words and help texts", () => {
    const fake = {
      name: "meeting",
      words: { en: ["meeting"], zh: ["会议"] },
      help: { usage: { zh: "/meeting <会议号>", en: "/meeting <number>" }, summary: { zh: "查会议", en: "Look up a meeting" }, examples: () => [] },
    } as const;
    const view = buildHelpView([helpCommand, fake], "en");
    expect(view.commands.map((entry) => entry.usage)).toEqual(["/help", "/meeting <number>"]);
    expect(view.commands[1]?.aliases).toEqual(["会议"]);
  });

  it("lists only what the asker may run: organisation-wide commands for admins only, by default", async () => {
    const everyone = listCommands().map((c) => c.name).filter((name) => name !== "report" && name !== "pushstats");
    expect(names(await runWords(helpCommand, [], askerIn("ou_alice", ["ou_boss"])))).toEqual(everyone);
    expect(names(await runWords(helpCommand, [], askerIn("ou_boss", ["ou_boss"])))).toEqual(listCommands().map((c) => c.name));
    // With no admins at all, nobody is shown the admin-only commands.
    expect(names(await runWords(helpCommand, [], askerIn("", [])))).toEqual(everyone);
  });

  it("follows access.commands both ways", async () => {
    const view = await runWords(helpCommand, [], askerIn("ou_alice", ["ou_boss"], { rooms: "admins", report: "everyone" }));
    expect(names(view)).toContain("report");
    expect(names(view)).not.toContain("rooms");
    expect(names(view)).not.toContain("pushstats");
    expect(names(view)).toContain("help");
  });

  it("ignores arguments", async () => {
    expect(await runWords(helpCommand, ["x", "y"], ctx("zh"))).toEqual(await runWords(helpCommand, [], ctx("zh")));
  });
});

describe("helpForUnknown", () => {
  it("adds a note quoting what was not understood", () => {
    const view = helpForUnknown("/frobnicate now", ctx("zh"));
    expect(view.note).toEqual({ unknownText: "/frobnicate now" });
    expect(view.commands.length).toBe(listCommands().length);
  });

  it("folds the quote onto one line and truncates it", () => {
    const long = `line one\n\n  line two ${"x".repeat(200)}`;
    const note = helpForUnknown(long, ctx("en")).note;
    expect(note?.unknownText.startsWith("line one line two x")).toBe(true);
    expect([...(note?.unknownText ?? "")].length).toBe(UNKNOWN_TEXT_MAX);
    expect(note?.unknownText.endsWith("…")).toBe(true);
  });

  it("does not cut a short text or split an emoji", () => {
    const emoji = "😀".repeat(UNKNOWN_TEXT_MAX + 5);
    const cut = helpForUnknown(emoji, ctx("en")).note?.unknownText ?? "";
    expect(cut).toBe(`${"😀".repeat(UNKNOWN_TEXT_MAX - 1)}…`);
    expect(helpForUnknown("short", ctx("en")).note?.unknownText).toBe("short");
  });

  it("lists only what the asker may run, like /help", () => {
    expect(names(helpForUnknown("/x", askerIn("ou_alice", ["ou_boss"])))).not.toContain("report");
    expect(names(helpForUnknown("/x", askerIn("ou_boss", ["ou_boss"])))).toContain("report");
  });

  it("has no note for an empty message (a bare @mention)", () => {
    expect(helpForUnknown("   ", ctx("zh")).note).toBeUndefined();
  });
});

describe("/help in sandbox mode", () => {
  const samples = {
    meetingNumbers: ["455423258", "246676243"],
    meetingId: "7367542736102451599",
    busyDay: "2026-12-01",
    roomWord: "5F",
    departmentId: "od-f48fbfee7373e55d0ca83a9e77b27ca5",
  };
  const inSandbox = (base: CommandContext): CommandContext => ({ ...base, deps: { ...base.deps, config: { ...base.deps.config, sandbox: samples } } });

  it("offers the tenant's meeting numbers, a meeting id and a busy day", async () => {
    const view = await runWords(helpCommand, [], inSandbox(ctx("en")));
    expect(view.sandbox?.map((entry) => entry.text)).toEqual([
      "/meeting 455423258",
      "/meeting 246676243",
      "/meeting 7367542736102451599",
      "/rooms 2026-12-01",
    ]);
    expect(view.sandbox?.every((entry) => entry.what !== "")).toBe(true);
    expect(helpForUnknown("/x", inSandbox(ctx("zh"))).sandbox?.length).toBe(4);
  });

  it("offers nothing in live mode", async () => {
    expect((await runWords(helpCommand, [], ctx("en"))).sandbox).toBeUndefined();
    expect(helpForUnknown("/x", ctx("zh")).sandbox).toBeUndefined();
  });

  it("offers only what the asker may run", async () => {
    const noRooms = inSandbox(askerIn("ou_alice", ["ou_boss"], { rooms: "admins" }));
    const texts = (await runWords(helpCommand, [], noRooms)).sandbox?.map((entry) => entry.text) ?? [];
    expect(texts.some((text) => text.startsWith("/meeting"))).toBe(true);
    expect(texts.some((text) => text.startsWith("/rooms"))).toBe(false);
  });
});
