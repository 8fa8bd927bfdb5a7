import { describe, expect, it } from "vitest";
import { adminsOnlyPart, digestGrants, mayRun, refusedCommand } from "../../../src/commands/access.js";
import { argsFromText } from "../../../src/commands/define.js";
import { digestArgs, digestFromText } from "../../../src/commands/digest/args.js";
import { digestCommand } from "../../../src/commands/digest/index.js";
import { DIGEST_LIST_PAGE_SIZE } from "../../../src/commands/digest/list.js";
import type { DigestListView, DigestView } from "../../../src/commands/digest/views.js";
import type { CommandContext, View } from "../../../src/commands/types.js";
import { UsageError } from "../../../src/commands/usage.js";
import type { DigestConfig } from "../../../src/config/types.js";
import { runArgs, runWords } from "../../helpers/command.js";
import { noGateway, testContext, testDeps } from "../../helpers/context.js";
import { stubGateway } from "../../schedule/stub-gateway.js";

const ADMIN = "ou_admin";
const NOW = Date.parse("2026-11-21T00:30:00Z");
const CLOCK = { now: NOW, timeZone: "Asia/Shanghai" };

function digest(overrides: Partial<DigestConfig> = {}): DigestConfig {
  return {
    name: "morning",
    chats: ["oc_team"],
    cron: "0 9 * * *",
    timezone: "Asia/Shanghai",
    locale: "zh",
    sections: [{ kind: "report" }, { kind: "rooms" }, { kind: "pushstats" }],
    catchUpMinutes: 360,
    ...overrides,
  };
}

function ctxWith(digests: DigestConfig[], overrides: Partial<CommandContext> = {}, gateway = stubGateway().gateway): CommandContext {
  const deps = testDeps({ gateway, now: () => NOW });
  return testContext({
    chatId: "oc_team",
    senderOpenId: ADMIN,
    deps: { ...deps, config: { ...deps.config, digests, bot: { ...deps.config.bot, admins: [ADMIN] } } },
    ...overrides,
  });
}

function asList(view: View): DigestListView {
  if (view.kind !== "digest-list") throw new Error(`expected the digest list, got ${view.kind}`);
  return view;
}

function asDigest(view: View): DigestView {
  if (view.kind !== "digest") throw new Error(`expected a digest, got ${view.kind}`);
  return view;
}

async function usageProblem(run: () => Promise<unknown>): Promise<string> {
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UsageError);
  return (error as UsageError).problem.en;
}

describe("/digest arguments", () => {
  it("reads the list and run forms as before", () => {
    expect(digestFromText([], CLOCK)).toEqual({ action: "list" });
    expect(digestFromText(["  "], CLOCK)).toEqual({ action: "list" });
    expect(digestFromText(["LIST"], CLOCK)).toEqual({ action: "list" });
    expect(digestFromText(["run", "morning"], CLOCK)).toEqual({ action: "run", name: "morning" });
    expect(digestFromText(["Run", " weekly "], CLOCK)).toEqual({ action: "run", name: "weekly" });
  });

  it("refuses other words with the usage messages", () => {
    const problem = (words: string[]) => {
      try {
        digestFromText(words, CLOCK);
      } catch (error) {
        expect(error).toBeInstanceOf(UsageError);
        return (error as UsageError).problem.en;
      }
      throw new Error(`${words.join(" ")} was read`);
    };
    expect(problem(["send", "morning"])).toBe(
      '"send morning" is not understood: /digest lists the digests, /digest add adds one, /digest pause|resume|remove <name> manage one',
    );
    expect(problem(["list", "morning"])).toMatch(/is not understood/);
    expect(problem(["run"])).toBe("Name one digest: /digest lists them");
    expect(problem(["run", "a", "b"])).toBe("Name one digest: /digest lists them");
  });

  it("has one strict schema for typed text and buttons alike", () => {
    const ok = (value: unknown) => digestArgs.safeParse(value).success;
    expect(ok({ action: "list" })).toBe(true);
    expect(ok({ action: "run", name: "morning" })).toBe(true);
    expect(ok({ action: "run", name: "x".repeat(64) })).toBe(true);
    expect(ok({ action: "run", name: "x".repeat(65) })).toBe(false);
    expect(ok({ action: "run", name: "" })).toBe(false);
    expect(ok({ action: "run" })).toBe(false);
    expect(ok({ action: "list", name: "morning" })).toBe(false);
    expect(ok({ action: "delete", name: "morning" })).toBe(false);
    expect(ok(["run", "morning"])).toBe(false);
    // A name too long for any digest passes the parser but not the schema: a usage error either way.
    expect(() => argsFromText(digestCommand, ["run", "x".repeat(65)], CLOCK)).toThrow(UsageError);
  });

  it("leaves the list to the configured audience and a preview to admins, by arguments", () => {
    const { config } = ctxWith([digest()]).deps;
    const list = { value: { action: "list" } };
    const run = { value: { action: "run", name: "morning" } };
    expect(mayRun(config, digestCommand, "ou_someone", list)).toBe(true);
    expect(mayRun(config, digestCommand, "ou_someone", run)).toBe(false);
    expect(mayRun(config, digestCommand, ADMIN, run)).toBe(true);
    const adminsOnly = { ...config, access: { ...config.access, commands: { ...config.access.commands, digest: "admins" as const } } };
    expect(mayRun(adminsOnly, digestCommand, "ou_someone", list)).toBe(false);
  });

  it("names the sub-command a refusal is about: `run`, and nothing for the list", () => {
    const { config } = ctxWith([digest()]).deps;
    expect(adminsOnlyPart(digestCommand, { action: "run", name: "morning" })).toBe("run");
    expect(adminsOnlyPart(digestCommand, { action: "list" })).toBeUndefined();
    expect(refusedCommand(config, "digest", "run")).toEqual({ kind: "refused", reason: "admins", command: "digest", sub: "run", admins: [ADMIN] });
  });

  it("lets a digest's button through for the chats the digest is configured into, for its own sections only", () => {
    const { config } = ctxWith([digest(), digest({ name: "rooms-only", chats: ["oc_floor"], sections: [{ kind: "rooms" }] })]).deps;
    expect(digestGrants(config, "morning", "report", "oc_team")).toBe(true);
    expect(digestGrants(config, "morning", "pushstats", "oc_team")).toBe(true);
    // Another chat (a preview posted there, or a chat taken out of the digest since), another digest's chat.
    expect(digestGrants(config, "morning", "report", "oc_elsewhere")).toBe(false);
    expect(digestGrants(config, "morning", "report", "oc_floor")).toBe(false);
    // A command the digest has no section of, a digest no longer configured, no digest at all, no chat.
    expect(digestGrants(config, "rooms-only", "report", "oc_floor")).toBe(false);
    expect(digestGrants(config, "rooms-only", "rooms", "oc_floor")).toBe(true);
    expect(digestGrants(config, "evening", "report", "oc_team")).toBe(false);
    expect(digestGrants(config, undefined, "report", "oc_team")).toBe(false);
    expect(digestGrants(config, "morning", "report", "")).toBe(false);
  });
});

describe("/digest", () => {
  it("lists each digest with its next run in its own zone", async () => {
    const digests = [digest(), digest({ name: "ny", chats: ["oc_other"], timezone: "America/New_York", sections: [{ kind: "meeting", meetingNo: "123456789" }] })];
    const view = asList(await runWords(digestCommand, [], ctxWith(digests)));
    expect(view.entries).toEqual([
      {
        name: "morning",
        origin: "app.yaml",
        paused: false,
        cron: "0 9 * * *",
        timeZone: "Asia/Shanghai",
        nextRun: "2026-11-21 09:00",
        chats: 1,
        here: true,
        sections: [{ kind: "report" }, { kind: "rooms" }, { kind: "pushstats" }],
        // A preview is a new post: the shared /digest card stays.
        preview: { cmd: "digest", args: { action: "run", name: "morning" }, opens: "thread" },
      },
      expect.objectContaining({ name: "ny", nextRun: "2026-11-21 09:00", here: false, sections: [{ kind: "meeting", meetingNo: "123456789" }] }),
    ]);
    expect((await runWords(digestCommand, ["list"], ctxWith(digests))).kind).toBe("digest-list");
    // Every button asks for what its schema accepts.
    for (const entry of view.entries) expect(digestArgs.safeParse(entry.preview.args).success).toBe(true);
  });

  it("pages a long list with stateless offset buttons", async () => {
    const digests = Array.from({ length: 20 }, (_, i) => digest({ name: `d${i}` }));
    const first = asList(await runWords(digestCommand, [], ctxWith(digests)));
    expect(first.entries).toHaveLength(DIGEST_LIST_PAGE_SIZE);
    expect(first.pager.prev).toBeUndefined();
    expect(first.pager.next).toEqual({ cmd: "digest", args: { action: "list" }, cursor: { back: [], page: 2, offset: DIGEST_LIST_PAGE_SIZE } });
    const next = first.pager.next!;
    const second = asList(await runArgs(digestCommand, next.args, ctxWith(digests, { ...(next.cursor ? { cursor: next.cursor } : {}) })));
    expect(second.entries.map((e) => e.name)).toEqual(["d8", "d9", "d10", "d11", "d12", "d13", "d14", "d15"]);
    const last = asList(await runArgs(digestCommand, next.args, ctxWith(digests, { cursor: { back: [], page: 3, offset: 16 } })));
    expect(last.entries.map((e) => e.name)).toEqual(["d16", "d17", "d18", "d19"]);
    expect(last.pager).toMatchObject({ page: 3, pages: 3 });
    // A button from a longer config shows the last page rather than nothing.
    const beyond = asList(await runArgs(digestCommand, next.args, ctxWith(digests, { cursor: { back: [], page: 9, offset: 80 } })));
    expect(beyond.offset).toBe(16);
  });

  it("says when no digest is configured", async () => {
    const view = asList(await runWords(digestCommand, [], ctxWith([])));
    expect(view).toMatchObject({ entries: [], total: 0 });
  });

  it("run <name> builds a preview, the same for any chat, without posting it", async () => {
    const { gateway, sent } = stubGateway();
    const view = asDigest(await runWords(digestCommand, ["run", "morning"], ctxWith([digest()], {}, gateway)));
    expect(view).toMatchObject({ kind: "digest", name: "morning", preview: true, late: false, period: "2026-11-21 08:30" });
    expect(view.sections.map((s) => s.open)).toEqual([
      { cmd: "report", args: { range: { from: "2026-11-14", to: "2026-11-20" } }, opens: "thread", digest: "morning" },
      { cmd: "rooms", args: { date: "2026-11-20" }, opens: "thread", digest: "morning" },
      { cmd: "pushstats", args: { cycle: "day", date: "2026-11-18" }, opens: "thread", digest: "morning" },
    ]);
    // The seal names the chat when the card is rendered; the view names none.
    expect(JSON.stringify(view)).not.toContain("oc_team");
    // The command only builds the view; the reply is the post.
    expect(sent).toHaveLength(0);
    // The preview button of the list card runs the same.
    const clicked = asDigest(await runArgs(digestCommand, { action: "run", name: "morning" }, ctxWith([digest()], {}, gateway)));
    expect(clicked).toEqual(view);
  });

  it("names the digests it knows when the name is wrong, typed or clicked after the config changed", async () => {
    const ctx = ctxWith([digest(), digest({ name: "weekly" })], {}, noGateway);
    expect(await usageProblem(() => runWords(digestCommand, ["run", "evening"], ctx))).toBe('There is no digest named "evening"; configured: morning, weekly');
    expect(await usageProblem(() => runArgs(digestCommand, { action: "run", name: "gone" }, ctx))).toBe('There is no digest named "gone"; configured: morning, weekly');
    expect(await usageProblem(() => runArgs(digestCommand, { action: "run", name: "gone" }, ctxWith([], {}, noGateway)))).toBe(
      'There is no digest named "gone"; configured: —',
    );
    expect(await usageProblem(() => runWords(digestCommand, ["run"], ctx))).toBe("Name one digest: /digest lists them");
    expect(await usageProblem(() => runWords(digestCommand, ["send", "morning"], ctx))).toMatch(/is not understood/);
  });
});
