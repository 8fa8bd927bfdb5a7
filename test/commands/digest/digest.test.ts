import { describe, expect, it } from "vitest";
import { digestCommand } from "../../../src/commands/digest/index.js";
import { DIGEST_LIST_PAGE_SIZE } from "../../../src/commands/digest/list.js";
import type { DigestListView, DigestView } from "../../../src/commands/digest/views.js";
import type { CommandContext } from "../../../src/commands/types.js";
import { UsageError } from "../../../src/commands/usage.js";
import type { DigestConfig } from "../../../src/config/types.js";
import { noGateway, testContext, testDeps } from "../../helpers/context.js";
import { stubGateway } from "../../schedule/stub-gateway.js";

const ADMIN = "ou_admin";
const NOW = Date.parse("2026-11-21T00:30:00Z");

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

async function usageProblem(args: string[], ctx: CommandContext): Promise<string> {
  const error = await digestCommand.run(args, ctx).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UsageError);
  return (error as UsageError).problem.en;
}

describe("/digest", () => {
  it("lists each digest with its next run in its own zone", async () => {
    const digests = [digest(), digest({ name: "ny", chats: ["oc_other"], timezone: "America/New_York", sections: [{ kind: "meeting", meetingNo: "123456789" }] })];
    const view = (await digestCommand.run([], ctxWith(digests))) as DigestListView;
    expect(view.kind).toBe("digest-list");
    expect(view.entries).toEqual([
      {
        name: "morning",
        cron: "0 9 * * *",
        timeZone: "Asia/Shanghai",
        nextRun: "2026-11-21 09:00",
        chats: 1,
        here: true,
        sections: [{ kind: "report" }, { kind: "rooms" }, { kind: "pushstats" }],
        preview: { cmd: "digest", args: ["run", "morning"], ct: "group", cid: "oc_team" },
      },
      expect.objectContaining({ name: "ny", nextRun: "2026-11-21 09:00", here: false, sections: [{ kind: "meeting", meetingNo: "123456789" }] }),
    ]);
    expect((await digestCommand.run(["list"], ctxWith(digests))).kind).toBe("digest-list");
  });

  it("pages a long list with stateless offset buttons", async () => {
    const digests = Array.from({ length: 20 }, (_, i) => digest({ name: `d${i}` }));
    const first = (await digestCommand.run([], ctxWith(digests))) as DigestListView;
    expect(first.entries).toHaveLength(DIGEST_LIST_PAGE_SIZE);
    expect(first.pager.next?.cursor).toMatchObject({ offset: DIGEST_LIST_PAGE_SIZE });
    const cursor = first.pager.next!.cursor!;
    const last = (await digestCommand.run([], ctxWith(digests, { cursor: { ...cursor, offset: 16 } }))) as DigestListView;
    expect(last.entries.map((e) => e.name)).toEqual(["d16", "d17", "d18", "d19"]);
    expect(last.pager).toMatchObject({ page: 3, pages: 3 });
    // A button from a longer config shows the last page rather than nothing.
    const beyond = (await digestCommand.run([], ctxWith(digests, { cursor: { back: [], page: 9, offset: 80 } }))) as DigestListView;
    expect(beyond.offset).toBe(16);
  });

  it("says when no digest is configured", async () => {
    const view = (await digestCommand.run([], ctxWith([]))) as DigestListView;
    expect(view).toMatchObject({ entries: [], total: 0 });
  });

  it("run <name> builds a preview for this chat, for admins only, calling nothing for others", async () => {
    const { gateway, sent } = stubGateway();
    const view = (await digestCommand.run(["run", "morning"], ctxWith([digest()], {}, gateway))) as DigestView;
    expect(view).toMatchObject({ kind: "digest", name: "morning", preview: true, late: false, period: "2026-11-21 08:30" });
    expect(view.sections.map((s) => [s.kind, s.open.cid, s.open.ct])).toEqual([
      ["report", "oc_team", "group"],
      ["rooms", "oc_team", "group"],
      ["pushstats", "oc_team", "group"],
    ]);
    // The command only builds the view; the reply is the post.
    expect(sent).toHaveLength(0);

    // noGateway fails any Feishu call: the refusal comes before any.
    const outsider = ctxWith([digest()], { senderOpenId: "ou_someone" }, noGateway);
    expect(await digestCommand.run(["run", "morning"], outsider)).toEqual({ kind: "refused", reason: "admins", command: "digest", admins: [ADMIN] });
  });

  it("refuses a non-admin's run with the refused view (a toast on a click), whatever the name, never a usage error", async () => {
    const outsider = ctxWith([digest()], { senderOpenId: "ou_someone" }, noGateway);
    for (const args of [["run", "x"], ["run", "morning"], ["run"]]) {
      expect(await digestCommand.run(args, outsider)).toMatchObject({ kind: "refused", reason: "admins", command: "digest", admins: [ADMIN] });
    }
  });

  it("names the digests it knows when the name is wrong or missing", async () => {
    const ctx = ctxWith([digest(), digest({ name: "weekly" })]);
    expect(await usageProblem(["run", "evening"], ctx)).toBe('There is no digest named "evening"; configured: morning, weekly');
    expect(await usageProblem(["run"], ctx)).toBe("Name one digest: morning, weekly");
    expect(await usageProblem(["send", "morning"], ctx)).toMatch(/is not understood/);
  });
});
