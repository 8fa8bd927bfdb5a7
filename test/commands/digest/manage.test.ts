/**
 * `/digest add|pause|resume|remove`: digests managed from chat, kept in the store's records beside
 * app.yaml's (which stay read-only from chat), acting on the chat they are typed in.
 */
import { describe, expect, it } from "vitest";
import { addedDigestGrants, mayRun } from "../../../src/commands/access.js";
import { digestFromText } from "../../../src/commands/digest/args.js";
import { DIGEST_COLLECTION, storeDigestBook, type DigestBook } from "../../../src/commands/digest/book.js";
import { digestCommand, MAX_DIGESTS_PER_CHAT } from "../../../src/commands/digest/index.js";
import type { DigestListView } from "../../../src/commands/digest/views.js";
import type { View } from "../../../src/commands/types.js";
import type { CommandContext } from "../../../src/commands/types.js";
import { UsageError } from "../../../src/commands/usage.js";
import type { DigestConfig } from "../../../src/config/types.js";
import { silentLogger } from "../../../src/log/logger.js";
import { MemoryStore } from "../../../src/store/index.js";
import { runWords } from "../../helpers/command.js";
import { noGateway, testContext, testDeps } from "../../helpers/context.js";

const ADMIN = "ou_admin";
// Friday 2026-11-20 16:30 in Shanghai.
const NOW = Date.parse("2026-11-20T08:30:00Z");
const CLOCK = { now: NOW, timeZone: "Asia/Shanghai" };

const CONFIGURED: DigestConfig = {
  name: "morning",
  chats: ["oc_team"],
  cron: "0 9 * * *",
  timezone: "Asia/Shanghai",
  locale: "en",
  sections: [{ kind: "report" }],
  catchUpMinutes: 360,
};

function setup() {
  const store = new MemoryStore();
  const book = storeDigestBook(store.records, silentLogger());
  const deps = testDeps({ gateway: noGateway, now: () => NOW, digests: book });
  const config = { ...deps.config, digests: [CONFIGURED], bot: { ...deps.config.bot, admins: [ADMIN], timezone: "Asia/Shanghai" } };
  const ctx = (overrides: Partial<CommandContext> = {}): CommandContext =>
    testContext({ chatId: "oc_team", senderOpenId: ADMIN, locale: "en", deps: { ...deps, config }, ...overrides });
  return { store, book, config, ctx };
}

function asList(view: View): DigestListView {
  if (view.kind !== "digest-list") throw new Error(`expected the digest list, got ${view.kind}`);
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

const words = (text: string) => text.split(" ");

describe("/digest add: the words", () => {
  it("reads a quoted schedule, then comma-separated sections with their days", () => {
    expect(digestFromText(words('add weekly-rooms "every monday 09:00" rooms 7d, report 7d'), CLOCK)).toEqual({
      action: "add",
      name: "weekly-rooms",
      cron: "0 9 * * 1",
      schedule: "every monday 09:00",
      sections: [
        { kind: "rooms", days: 7 },
        { kind: "report", days: 7 },
      ],
    });
  });

  it("reads Chinese words, curly quotes, an unquoted schedule and a cron expression", () => {
    // Names follow app.yaml's rule (they key store records): ASCII only.
    expect(() => digestFromText(words("添加 周报 “每周一、三 9:30” 会议室"), CLOCK)).toThrow(/cannot name a digest/);
    expect(digestFromText(words("添加 zhoubao “每周一、三 9:30” 会议室、报告 14天、推送"), CLOCK)).toEqual({
      action: "add",
      name: "zhoubao",
      cron: "30 9 * * 1,3",
      schedule: "每周一、三 9:30",
      sections: [{ kind: "rooms" }, { kind: "report", days: 14 }, { kind: "pushstats" }],
    });
    expect(digestFromText(words("add daily weekdays 8:30 report, meeting 123-456-789"), CLOCK)).toEqual({
      action: "add",
      name: "daily",
      cron: "30 8 * * 1-5",
      schedule: "weekdays 8:30",
      sections: [{ kind: "report" }, { kind: "meeting", meetingNo: "123456789" }],
    });
    expect(digestFromText(words("add c 0 9 * * 1-5 pushstats"), CLOCK)).toMatchObject({ cron: "0 9 * * 1-5", schedule: "0 9 * * 1-5" });
    expect(digestFromText(words("暂停 weekly"), CLOCK)).toEqual({ action: "pause", name: "weekly" });
    expect(digestFromText(words("恢复 weekly"), CLOCK)).toEqual({ action: "resume", name: "weekly" });
    expect(digestFromText(words("删除 weekly"), CLOCK)).toEqual({ action: "remove", name: "weekly" });
    expect(digestFromText(words("列表"), CLOCK)).toEqual({ action: "list" });
  });

  it("answers a schedule it cannot read with examples in both languages, and refuses bad names and sections", () => {
    const problem = (text: string) => {
      try {
        digestFromText(words(text), CLOCK);
      } catch (error) {
        expect(error).toBeInstanceOf(UsageError);
        return (error as UsageError).problem;
      }
      throw new Error(`${text} was read`);
    };
    const unread = problem('add x "every blue moon" report');
    expect(unread.en).toContain('The schedule "every blue moon" is not understood. Try "every day 18:00", "weekdays 08:30"');
    expect(unread.zh).toContain("看不懂时间「every blue moon」。可以写：“每天 18:00”");
    expect(problem('add x "0 9 31 2 *" report').en).toContain("not a usable cron expression");
    expect(problem('add bad/name "daily 9:00" report').en).toContain("cannot name a digest");
    expect(problem('add x "daily 9:00"').en).toContain("List what the digest holds");
    expect(problem('add x "daily 9:00" rooms 40d').en).toContain("the days must be 1 to 31");
    expect(problem('add x "daily 9:00" weather').en).toContain('"weather" is not a section');
    expect(problem('add x "daily 9:00" meeting 12345').en).toContain("is not a section");
  });
});

describe("/digest add, list, pause, resume, remove", () => {
  it("adds a digest posting into this chat and confirms its cron, next three runs, chat and sections", async () => {
    const { ctx, book } = setup();
    const view = asList(await runWords(digestCommand, words('add weekly-rooms "every monday 09:00" rooms 7d, report 7d'), ctx()));
    expect(view.notice).toEqual({
      kind: "added",
      name: "weekly-rooms",
      schedule: "every monday 09:00",
      cron: "0 9 * * 1",
      timeZone: "Asia/Shanghai",
      nextRuns: ["2026-11-23 09:00", "2026-11-30 09:00", "2026-12-07 09:00"],
      chatId: "oc_team",
      sections: [
        { kind: "rooms", days: 7 },
        { kind: "report", days: 7 },
      ],
    });
    expect(await book.get("weekly-rooms")).toMatchObject({ chatId: "oc_team", cron: "0 9 * * 1", paused: false, addedBy: ADMIN, addedAt: NOW, since: NOW });
    // app.yaml's first, marked read-only; then the chat-added one.
    expect(view.entries.map((e) => [e.name, e.origin, e.paused, e.nextRun])).toEqual([
      ["morning", "app.yaml", false, "2026-11-21 09:00"],
      ["weekly-rooms", "chat", false, "2026-11-23 09:00"],
    ]);
    expect(asList(await runWords(digestCommand, ["list"], ctx({ senderOpenId: "ou_member" }))).entries).toHaveLength(2);
  });

  it("pauses, resumes and removes a digest of this chat", async () => {
    const { ctx, book } = setup();
    await runWords(digestCommand, words('add w "daily 18:00" report'), ctx());
    const paused = asList(await runWords(digestCommand, ["pause", "w"], ctx()));
    expect(paused.notice).toEqual({ kind: "paused", name: "w" });
    expect(paused.entries[1]).toMatchObject({ name: "w", paused: true, nextRun: undefined });
    expect((await book.get("w"))?.paused).toBe(true);

    const later = () => NOW + 3 * 3600_000;
    const resumed = asList(await runWords(digestCommand, ["resume", "w"], ctx({ deps: { ...ctx().deps, now: later } })));
    expect(resumed.notice).toEqual({ kind: "resumed", name: "w", nextRun: "2026-11-21 18:00" });
    // Resuming starts afresh: nothing missed while paused is caught up.
    expect(await book.get("w")).toMatchObject({ paused: false, since: later(), addedAt: NOW });

    const removed = asList(await runWords(digestCommand, ["remove", "w"], ctx()));
    expect(removed.notice).toEqual({ kind: "removed", name: "w" });
    expect(removed.entries.map((e) => e.name)).toEqual(["morning"]);
    expect(await book.get("w")).toBeUndefined();
  });

  it("leaves add, pause, resume and remove to admins; the list to everyone", () => {
    const { config } = setup();
    for (const args of [
      { action: "add", name: "w", cron: "0 9 * * 1", schedule: "x", sections: [{ kind: "report" }] },
      { action: "pause", name: "w" },
      { action: "resume", name: "w" },
      { action: "remove", name: "w" },
    ]) {
      expect(mayRun(config, digestCommand, "ou_member", { value: args })).toBe(false);
      expect(mayRun(config, digestCommand, ADMIN, { value: args })).toBe(true);
      expect(digestCommand.access.adminsOnly?.(args as never)).toBe(args.action);
    }
    expect(mayRun(config, digestCommand, "ou_member", { value: { action: "list" } })).toBe(true);
  });

  it("refuses a name app.yaml or another chat's digest has, and more than the chat's cap", async () => {
    const { ctx } = setup();
    expect(await usageProblem(() => runWords(digestCommand, words('add morning "daily 9:00" report'), ctx()))).toBe(
      'app.yaml already configures a digest named "morning": choose another name',
    );
    await runWords(digestCommand, words('add w "daily 9:00" report'), ctx({ chatId: "oc_other" }));
    expect(await usageProblem(() => runWords(digestCommand, words('add w "daily 9:00" report'), ctx()))).toContain('A digest named "w" exists already');
    for (let i = 0; i < MAX_DIGESTS_PER_CHAT; i++) await runWords(digestCommand, words(`add d${i} "daily 9:00" report`), ctx());
    expect(await usageProblem(() => runWords(digestCommand, words('add one-more "daily 9:00" report'), ctx()))).toContain(
      `the most it may have (${MAX_DIGESTS_PER_CHAT})`,
    );
    // Another chat's digests do not count against this one.
    await runWords(digestCommand, words('add w2 "daily 9:00" report'), ctx({ chatId: "oc_other" }));
  });

  it("refuses to change a digest from another chat, naming its chat, and app.yaml's, pointing to app.yaml", async () => {
    const { ctx, book } = setup();
    await runWords(digestCommand, words('add w "daily 9:00" report'), ctx({ chatId: "oc_other" }));
    for (const action of ["pause", "resume", "remove"]) {
      expect(await usageProblem(() => runWords(digestCommand, [action, "w"], ctx()))).toBe(
        'The digest "w" posts into chat oc_other: pause, resume or remove it there',
      );
      expect(await usageProblem(() => runWords(digestCommand, [action, "morning"], ctx()))).toBe(
        'The digest "morning" is configured in app.yaml and cannot be changed from chat: edit app.yaml and restart',
      );
    }
    expect(await book.get("w")).toMatchObject({ paused: false });
    // The names it offers are app.yaml's and this chat's: another chat's digests are that chat's business.
    expect(await usageProblem(() => runWords(digestCommand, ["remove", "nope"], ctx()))).toBe('There is no digest named "nope"; configured: morning');
    expect(await usageProblem(() => runWords(digestCommand, ["remove", "nope"], ctx({ chatId: "oc_other" })))).toBe('There is no digest named "nope"; configured: morning, w');
  });

  it("grants a chat-added digest's buttons to its one chat, for its own sections", async () => {
    const { ctx, book } = setup();
    await runWords(digestCommand, words('add w "daily 9:00" rooms 7d'), ctx());
    const added = await book.get("w");
    expect(addedDigestGrants(added, "rooms", "oc_team")).toBe(true);
    expect(addedDigestGrants(added, "report", "oc_team")).toBe(false);
    expect(addedDigestGrants(added, "rooms", "oc_other")).toBe(false);
    expect(addedDigestGrants(undefined, "rooms", "oc_team")).toBe(false);
  });
});

describe("the digest book", () => {
  it("skips (and logs) a stored row that does not parse, never failing the list", async () => {
    const store = new MemoryStore();
    const warnings: string[] = [];
    const book: DigestBook = storeDigestBook(store.records, { warn: (_d, message) => warnings.push(message) });
    const { ctx } = setup();
    await store.records.put(DIGEST_COLLECTION, "broken", "{not json");
    await store.records.put(DIGEST_COLLECTION, "odd", JSON.stringify({ name: "odd", chatId: "oc_team" }));
    const deps = { ...ctx().deps, digests: book };
    await runWords(digestCommand, words('add ok "daily 9:00" report'), ctx({ deps }));
    expect((await book.list()).map((d) => d.name)).toEqual(["ok"]);
    expect(await book.get("broken")).toBeUndefined();
    expect(warnings.filter((w) => w.includes("does not parse")).length).toBeGreaterThanOrEqual(2);
  });
});
