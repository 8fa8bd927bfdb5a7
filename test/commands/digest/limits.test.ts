/**
 * Digests managed from chat: a schedule that posts every minute (a feed, not a digest:
 * each run queries Feishu for every section and posts a card into the chat), and a stored row that
 * parses as JSON and passes the row schema but holds an expression or zone nothing can schedule.
 */
import { describe, expect, it } from "vitest";
import { digestArgs, digestFromText } from "../../../src/commands/digest/args.js";
import { DIGEST_COLLECTION, storeDigestBook, type ChatDigest } from "../../../src/commands/digest/book.js";
import { digestCommand } from "../../../src/commands/digest/index.js";
import type { DigestListView } from "../../../src/commands/digest/views.js";
import type { CommandContext, View } from "../../../src/commands/types.js";
import { UsageError } from "../../../src/commands/usage.js";
import { silentLogger } from "../../../src/log/logger.js";
import { MemoryStore } from "../../../src/store/index.js";
import { runWords } from "../../helpers/command.js";
import { noGateway, testContext, testDeps } from "../../helpers/context.js";

const NOW = Date.parse("2026-11-20T08:30:00Z");
const CLOCK = { now: NOW, timeZone: "Asia/Shanghai" };
const words = (text: string) => text.split(" ");

function usageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as UsageError).problem.en;
  }
  throw new Error("accepted");
}

describe("/digest add: a schedule that fires more often than hourly is refused", () => {
  it.each(['"* * * * *"', '"*/5 * * * *"', '"0-59 9 * * 1"', '"0,30 9 * * *"', "* * * * *"])("refuses %s", (schedule) => {
    expect(usageOf(() => digestFromText(words(`add spam ${schedule} report`), CLOCK))).toMatch(/at most once an hour/);
  });

  it("still accepts hourly, daily and weekly schedules", () => {
    for (const schedule of ['"0 * * * *"', '"0 9,10 * * *"', '"every monday 09:00"', '"每天 18:00"']) {
      expect(digestFromText(words(`add ok ${schedule} report`), CLOCK)).toMatchObject({ action: "add", name: "ok" });
    }
  });

  it("the argument schema refuses such a cron too (it is the one schema of the arguments)", () => {
    const args = { action: "add", name: "spam", cron: "* * * * *", schedule: "x", sections: [{ kind: "report" }] };
    expect(digestArgs.safeParse(args).success).toBe(false);
  });
});

describe("a stored digest row that cannot be scheduled", () => {
  const good: ChatDigest = {
    name: "good",
    chatId: "oc_team",
    cron: "0 9 * * 1",
    schedule: "every monday 09:00",
    timeZone: "Asia/Shanghai",
    locale: "en",
    sections: [{ kind: "report" }],
    paused: false,
    addedBy: "ou_admin",
    addedAt: NOW,
    since: NOW,
  };

  it.each([
    ["an expression croner cannot read", { cron: "not a cron" }],
    ["a time zone that does not exist", { timeZone: "Mars/Olympus_Mons" }],
  ])("is skipped, not a crash of /digest for everyone: %s", async (_what, bad) => {
    const store = new MemoryStore();
    const book = storeDigestBook(store.records, silentLogger());
    await book.add(good);
    await store.records.put(DIGEST_COLLECTION, "broken", JSON.stringify({ ...good, name: "broken", ...bad }));
    const deps = testDeps({ gateway: noGateway, now: () => NOW, digests: book });
    const ctx: CommandContext = testContext({ chatId: "oc_team", senderOpenId: "ou_member", locale: "en", deps });
    const view: View = await runWords(digestCommand, ["list"], ctx);
    expect(view.kind).toBe("digest-list");
    expect((view as DigestListView).entries.map((e) => e.name)).toContain("good");
    expect((view as DigestListView).entries.map((e) => e.name)).not.toContain("broken");
  });
});
