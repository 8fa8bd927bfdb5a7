/**
 * A digest added from chat, end to end on a SQLite file: `/digest add` through the bot, the bot
 * stopped, a new bot started on the same file, the digest posted at its period once (fake clock),
 * then `/digest remove` stops it.
 */
import { join } from "node:path";
import dayjs from "dayjs";
import timezone from "dayjs/plugin/timezone.js";
import utc from "dayjs/plugin/utc.js";
import { afterAll, describe, expect, it } from "vitest";
import { cardToText } from "../../src/cards/index.js";
import { at } from "../../src/cards/views/access.i18n.js";
import type { RunningSandbox } from "../../src/sandbox/start.js";
import { sendUuid } from "../../src/schedule/index.js";
import { SqliteStore } from "../../src/store/index.js";
import { latestOccurrence } from "../../src/time/cron.js";
import { startTestSandbox, waitFor } from "../helpers/sandbox.js";
import { tempDirs } from "../store/fixtures/temp.js";
import { FakeClock } from "./fake-clock.js";

dayjs.extend(utc);
dayjs.extend(timezone);

const GROUP = "oc_sandbox_group";
/** Someone in the digest's chat who is not an admin. */
const VISITOR = "ou_visitor";

type Button = { tag: string; text: { content: string }; behaviors: Array<{ value: Record<string, unknown> }> };

function buttons(node: unknown): Button[] {
  if (Array.isArray(node)) return node.flatMap(buttons);
  if (typeof node !== "object" || node === null) return [];
  const element = node as Button;
  return element.tag === "button" ? [element] : Object.values(element).flatMap(buttons);
}
const ZONE = "Asia/Shanghai";
const temp = tempDirs();
const open: RunningSandbox[] = [];

afterAll(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
  await temp.cleanup();
});

async function startOn(path: string, clock: FakeClock): Promise<RunningSandbox> {
  const sandbox = await startTestSandbox({
    // The clock stands still while requests fly; rate limits have their own tests.
    emulator: { now: clock.now, rateLimits: false, timezone: ZONE },
    config: (c) => ({ ...c, bot: { ...c.bot, timezone: ZONE }, digests: [] }),
    bot: { store: new SqliteStore({ path, now: clock.now }), timers: clock },
  });
  open.push(sandbox);
  return sandbox;
}

/** Types `text` in the group and waits for the bot's reply card, as text. */
async function say(sandbox: RunningSandbox, text: string): Promise<string> {
  const typed = await sandbox.emulator.pushMessage({ text, chatType: "group", mentionBot: true });
  const reply = await waitFor(() => sandbox.emulator.sent().find((s) => s.kind === "reply" && s.parentId === typed.messageId), 10_000, `the reply to ${text}`);
  return cardToText(reply.card);
}

describe("a digest added from chat survives a restart", () => {
  it("posts at its period once after a restart on the same SQLite file, and /digest remove stops it", async () => {
    const path = join(await temp.make(), "bot.db");
    // Half an hour before the latest 09:00 in Shanghai.
    const occurrence = latestOccurrence({ cron: "0 9 * * *", timezone: ZONE }, Date.now())!;
    const clock = new FakeClock(occurrence - 30 * 60_000);
    const period = dayjs(occurrence).tz(ZONE).format("YYYY-MM-DDTHH:mm");

    const first = await startOn(path, clock);
    const added = await say(first, '/digest add morning-chat "每天 9:00" report 7d, rooms 7d');
    expect(added).toContain("已添加 morning-chat");
    expect(added).toContain("“每天 9:00” = 0 9 * * *（Asia/Shanghai）");
    expect(added).toContain(`接下来三次：${dayjs(occurrence).tz(ZONE).format("YYYY-MM-DD HH:mm")}`);
    await waitFor(() => (first.bot.scheduler.nextRuns().some((r) => r.name === "morning-chat") ? true : undefined));
    await first.close();
    open.splice(open.indexOf(first), 1);

    const second = await startOn(path, clock);
    const scheduler = second.bot.scheduler;
    await waitFor(() => (scheduler.nextRuns().find((r) => r.name === "morning-chat")?.at === occurrence ? true : undefined), 5_000, "the stored digest scheduled");
    const posts = () => second.emulator.sent().filter((s) => s.kind === "create" && s.chatId === GROUP);
    expect(posts()).toHaveLength(0);

    clock.advanceTo(occurrence);
    await scheduler.idle();
    expect(posts().map((s) => s.uuid)).toEqual([sendUuid("morning-chat", period, GROUP)]);
    expect(cardToText(posts()[0]!.card)).toContain("近 7 天");
    // `rooms 7d`: the rooms' utilisation over the 7 days ending yesterday, as /rooms 7d shows it.
    expect(cardToText(posts()[0]!.card)).toMatch(/\*\*会议室使用率\*\* · \d{4}-\d{2}-\d{2} 至 \d{4}-\d{2}-\d{2}\n使用率 \*\*\d+(\.\d)?%\*\*/);
    clock.advance(60 * 60_000);
    await scheduler.idle();
    expect(posts()).toHaveLength(1);

    // Its section's button is granted to members of its chat, as app.yaml digests' are.
    const posted = posts()[0]!;
    const report = buttons(posted.card).find((b) => b.text.content === "完整报告")!.behaviors[0]!.value;
    const click = () => second.emulator.pushCardAction({ value: report, openMessageId: posted.messageId, operatorOpenId: VISITOR });
    expect((await click()).toast).toMatchObject({ type: "info", content: at("zh", "toastSent") });

    const removed = await say(second, "/digest remove morning-chat");
    expect(removed).toContain("已删除 morning-chat");
    await scheduler.idle();
    expect(scheduler.nextRuns().map((r) => r.name)).not.toContain("morning-chat");
    // Removed, it grants nothing more.
    expect((await click()).toast).toMatchObject({ type: "error", content: at("zh", "toastRefused", { command: "/report" }) });
    clock.advanceTo(occurrence + 24 * 3600_000);
    await scheduler.idle();
    expect(posts()).toHaveLength(1);
  });
});
