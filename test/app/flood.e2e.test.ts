/**
 * A flood, end to end: 300 commands from 30 people in 15 chats within a few seconds, to a bot whose
 * queue holds 20 (the rest wait in the store), against the emulator with Feishu's limits on (50
 * sends a second, 5 a second per chat, 429 / 230020 beyond). Every acknowledged command ends in
 * one reply showing its answer; an asker kept waiting may first see that the answer will follow
 * (once a chat a minute) or a "working on it" card, each then replaced by the answer in place;
 * Feishu refuses nothing. Real bot processes on SQLite and on Redis.
 */
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/sandbox/emulator/index.js";
import { testRedis, uniquePrefix } from "../helpers/redis.js";
import { waitFor } from "../helpers/sandbox.js";
import { startScript } from "../schedule/fixtures/spawn.js";
import { tempDirs } from "../store/fixtures/temp.js";
import type { ChildOptions } from "./fixtures/bot-child.js";

const CHILD = fileURLToPath(new URL("./fixtures/bot-child.ts", import.meta.url));
const MESSAGES = 300;
const PEOPLE = 30;
const CHATS = 15;
const BUSY_TITLE = "我有点忙";
const WORKING_TITLE = "正在查询";
const STAND_INS = new Set([BUSY_TITLE, WORKING_TITLE]);
const title = (card: unknown) => (card as { header?: { title?: { content?: string } } }).header?.title?.content ?? "";
const headerColour = (card: unknown) => (card as { header?: { template?: string } }).header?.template;

const redis = await testRedis();
const dirs = tempDirs();
const encryptKey = randomBytes(16).toString("hex");
const verificationToken = randomBytes(16).toString("hex");
let emulator: Emulator;

beforeAll(async () => {
  // Feishu's limits on, on the real clock.
  emulator = await startEmulator({ now: () => Date.now() });
});
afterAll(async () => {
  await emulator.close();
  await dirs.cleanup();
  await redis.close();
});

async function flood(storeUrl: string, prefix: string) {
  emulator.reset();
  // Askers hear the answer will follow after 0.2 s (5 s in production), so the notice shows within the
  // test however fast this machine drains the queue.
  const options: ChildOptions = { maxPending: 20, concurrency: 4, delayedNoticeAfterMs: 200 };
  const child = startScript(CHILD, [storeUrl, emulator.url, encryptKey, verificationToken, "30000", prefix, JSON.stringify(options)]);
  try {
    const { url } = JSON.parse(await child.line((l) => l.startsWith("{"), 30_000)) as { url: string };
    emulator.setWebhook({ eventUrl: `${url}/webhook/event`, cardUrl: `${url}/webhook/card`, encryptKey, verificationToken });
    const label = randomBytes(3).toString("hex");
    // A past range: answers that settle, so many askers of one number share one walk of its pages.
    const day = (back: number) => new Date(Date.now() + 8 * 3_600_000 - back * 86_400_000).toISOString().slice(0, 10);
    const texts = ["/help", "/rooms yesterday", `/meeting ${emulator.tenant.notable.busyMeetingNo} ${day(8)}..${day(2)}`];
    const deliveries = await Promise.all(
      Array.from({ length: MESSAGES }, (_, i) =>
        emulator.pushMessage({
          text: texts[i % texts.length]!,
          chatType: "group",
          chatId: `oc_flood_${label}_${i % CHATS}`,
          senderOpenId: `ou_flood_${i % PEOPLE}`,
        }),
      ),
    );
    const accepted = deliveries.filter((d) => d.status === 200).map((d) => d.messageId);
    // What each chat shows now: a stand-in card has been patched with its answer.
    const shown = (id: string) => emulator.messages().filter((m) => m.parentId === id);
    const answered = (id: string) => shown(id).some((m) => !STAND_INS.has(title(m.card)));
    await waitFor(() => (accepted.every(answered) ? true : undefined), 120_000, "every accepted command answered");
    // Time for a second answer or a late notice to show up.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const replies = accepted.map((id) => shown(id).map((m) => title(m.card)));
    const errorCards = accepted.flatMap((id) => shown(id).filter((m) => headerColour(m.card) === "red").map((m) => title(m.card)));
    const busyTimes = new Map<string, number[]>();
    for (const s of emulator.sent()) if (s.kind === "reply" && title(s.card) === BUSY_TITLE) busyTimes.set(s.chatId, [...(busyTimes.get(s.chatId) ?? []), s.at]);
    const refused = emulator.calls().filter((c) => c.status === 429 || c.code === 99991400 || c.code === 230020);
    const notAccepted = deliveries.filter((d) => d.status !== 200).map((d) => d.status);
    return { notAccepted, replies, errorCards, busyTimes, refused };
  } finally {
    child.process.kill("SIGKILL");
    await child.exited;
  }
}

function expectNoneSilentNoneTwice(outcome: Awaited<ReturnType<typeof flood>>): void {
  expect(outcome.notAccepted).toEqual([]);
  // One reply each, showing its answer (a notice or working card sent first was replaced by it).
  for (const titles of outcome.replies) {
    expect(titles).toHaveLength(1);
    expect(STAND_INS.has(titles[0]!)).toBe(false);
  }
  // Answers, not "try again later" cards.
  expect(outcome.errorCards).toEqual([]);
  // The queue holds 20 of 300: the rest waited in the store, and some askers heard so, at most once a chat a minute.
  expect(outcome.busyTimes.size).toBeGreaterThan(0);
  for (const times of outcome.busyTimes.values()) {
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(60_000);
  }
  expect(outcome.refused).toEqual([]);
}

describe("300 commands in a few seconds, 20 of them queued at a time", () => {
  it("each answered once, none refused by Feishu, with SQLite", async () => {
    expectNoneSilentNoneTwice(await flood(`sqlite:${join(await dirs.make(), "bot.db")}`, ""));
  }, 180_000);

  it.skipIf(!redis.available)("each answered once, none refused by Feishu, with Redis", async () => {
    if (!redis.available) return;
    expectNoneSilentNoneTwice(await flood(redis.url, uniquePrefix("flood")));
  }, 180_000);
});
