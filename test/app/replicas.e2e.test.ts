/**
 * Two bot processes on one Redis behind a round-robin proxy, as replicas would run: a message
 * delivered to both (Feishu redelivers) is answered once, by one of them; together they stay within
 * one app's Feishu budget and reuse each other's settled answers. A control pair on the same Redis
 * under separate key prefixes (nothing shared) shows the same load does draw 429s.
 */
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/sandbox/emulator/index.js";
import { testRedis, uniquePrefix } from "../helpers/redis.js";
import { waitFor } from "../helpers/sandbox.js";
import { startScript, type Child } from "../schedule/fixtures/spawn.js";
import type { ChildOptions } from "./fixtures/bot-child.js";
import { startRoundRobin, type RoundRobin } from "./fixtures/round-robin.js";

const CHILD = fileURLToPath(new URL("./fixtures/bot-child.ts", import.meta.url));
const MESSAGES = 12;

const redis = await testRedis();
const encryptKey = randomBytes(16).toString("hex");
const verificationToken = randomBytes(16).toString("hex");
let emulator: Emulator;
let proxy: RoundRobin;
const children: Child[] = [];

/** Two bot processes behind a round-robin proxy; one key prefix each (or one for both) on the test Redis. */
async function startPair(prefixes: [string, string], digestChat?: string): Promise<{ replicas: Child[]; proxy: RoundRobin }> {
  if (!redis.available) throw new Error(redis.reason);
  const url = redis.url;
  // 45 of Feishu's 50 a second (meeting_get, sends): the limiter spaces grants, the emulator counts
  // arrivals in windows aligned to the clock, and on a loaded machine the two differ by more than
  // the limiter's margin. 2 × 45 is still far past 50 for a pair that shares nothing.
  const options: ChildOptions = { perSecond: 45, ...(digestChat ? { digestChat } : {}) };
  const extra = [JSON.stringify(options)];
  const pair = prefixes.map((prefix) => startScript(CHILD, [url, emulator.url, encryptKey, verificationToken, "30000", prefix, ...extra]));
  children.push(...pair);
  const urls = await Promise.all(pair.map(async (r) => (JSON.parse(await r.line((l) => l.startsWith("{"), 30_000)) as { url: string }).url));
  return { replicas: pair, proxy: await startRoundRobin(urls) };
}

function routeTo(target: RoundRobin): void {
  emulator.setWebhook({ eventUrl: `${target.url}/webhook/event`, cardUrl: `${target.url}/webhook/card`, encryptKey, verificationToken });
}

beforeAll(async () => {
  emulator = await startEmulator();
  if (!redis.available) return;
  const prefix = uniquePrefix("replicas");
  ({ proxy } = await startPair([prefix, prefix]));
  routeTo(proxy);
}, 60_000);

afterAll(async () => {
  for (const child of children) child.process.kill("SIGKILL");
  await Promise.all(children.map((r) => r.exited));
  await proxy?.close();
  await emulator.close();
  await redis.close();
});

/** Ended meetings with few participants: one meeting_get call each, an answer that never changes. */
function endedMeetingIds(count: number): string[] {
  const now = Date.now() / 1000;
  const ids = emulator.tenant.meetings
    .filter((m) => m.endTime !== undefined && m.endTime < now - 3_600 && m.startTime > now - 80 * 86_400 && m.participants.length <= 20)
    .map((m) => m.id);
  expect(ids.length).toBeGreaterThanOrEqual(count);
  return ids.slice(-count);
}

/** Sends `/meeting <id>` for each id at once, each from its own person in its own chat; resolves when all are answered. */
async function askAll(ids: readonly string[], tag: string): Promise<string[]> {
  const deliveries = await Promise.all(
    ids.map((id, i) => emulator.pushMessage({ text: `/meeting ${id}`, chatType: "p2p", chatId: `oc_${tag}_${i}`, senderOpenId: `ou_${tag}_${i}` })),
  );
  expect(deliveries.map((d) => d.status)).toEqual(ids.map(() => 200));
  const messageIds = deliveries.map((d) => d.messageId);
  await waitFor(() => (messageIds.every((id) => emulator.sent().some((s) => s.parentId === id)) ? true : undefined), 60_000, "every /meeting answered");
  return messageIds;
}

const meetingGets = () => emulator.calls().filter((c) => c.endpoint === "meeting_get");
const rateLimited = () => emulator.calls().filter((c) => c.status === 429 || c.code === 99991400);

describe.skipIf(!redis.available)("two replicas on one Redis", () => {
  it("answer each message once though Feishu delivers it to both", async () => {
    const ids: string[] = [];
    for (let i = 0; i < MESSAGES; i++) {
      const first = await emulator.pushMessage({ text: "/help", chatType: "p2p", chatId: `oc_replica_${i}`, senderOpenId: `ou_replica_${i}` });
      // The redelivery goes to the other replica: round robin.
      const again = await emulator.pushMessage({ messageId: first.messageId, text: "/help", chatType: "p2p", chatId: `oc_replica_${i}` });
      expect([first.status, again.status]).toEqual([200, 200]);
      ids.push(first.messageId);
    }
    expect(proxy.counts.every((n) => n >= MESSAGES)).toBe(true);
    await waitFor(() => (ids.every((id) => emulator.sent().some((s) => s.parentId === id)) ? true : undefined), 30_000, "every message answered");
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(ids.map((id) => emulator.sent().filter((s) => s.parentId === id).length)).toEqual(ids.map(() => 1));
  }, 60_000);
});

describe.skipIf(!redis.available)("two replicas on one Redis, under load", () => {
  // meeting_get allows 50 calls a second per app (each replica counts 45, and 45 sends); 200 distinct meetings asked at once, half to each replica.
  const COUNT = 200;

  it("spend one app budget together: twice meeting_get's 50/s, no 429; asked again, no new call", async () => {
    routeTo(proxy);
    emulator.reset();
    const ids = endedMeetingIds(COUNT);
    const answered = await askAll(ids, "budget");
    expect(rateLimited()).toEqual([]);
    const gets = meetingGets();
    expect(new Set(gets.map((c) => c.path)).size).toBe(COUNT);
    // Both replicas did their share, so the budget was really shared, not spent by one of them.
    expect(proxy.counts.every((n) => n >= COUNT / 2 - 20)).toBe(true);
    expect(answered.map((id) => emulator.sent().filter((s) => s.parentId === id).length)).toEqual(ids.map(() => 1));

    // The same meetings again: round robin sends about half of them to the replica that did not
    // fetch them; the shared cache answers those too.
    await askAll(ids, "again");
    expect(meetingGets().length).toBe(gets.length);
  }, 90_000);

  it("control: the same load on two replicas that share nothing draws 429s", async () => {
    const unshared = await startPair([uniquePrefix("alone-a"), uniquePrefix("alone-b")]);
    try {
      routeTo(unshared.proxy);
      emulator.reset();
      await askAll(endedMeetingIds(COUNT), "alone");
      expect(rateLimited().length).toBeGreaterThan(0);
    } finally {
      await unshared.proxy.close();
      routeTo(proxy);
    }
  }, 90_000);
});

describe.skipIf(!redis.available)("two replicas with a digest every minute", () => {
  it("post each period once: the one both catch up on at start, and the next one both timers fire for", async () => {
    const chat = "oc_sandbox_group";
    const digests = () => emulator.sent().filter((s) => s.chatId === chat && s.parentId === undefined);
    // Started just after a minute turns, so the next minute's run comes while the test waits.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 40_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - intoMinute + 1_000));
    emulator.reset();
    const startedIn = Math.floor(Date.now() / 60_000);
    const prefix = uniquePrefix("digest");
    const pair = await startPair([prefix, prefix], chat);
    try {
      await waitFor(() => (digests().length >= 1 ? true : undefined), 30_000, "the caught-up period");
      // The next minute's run, plus time for a second post of either period to show up.
      const nextMinute = (startedIn + 1) * 60_000;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, nextMinute - Date.now()) + 8_000));
      const uuids = emulator.calls().filter((c) => c.endpoint === "message_create").map((c) => (c.body as { uuid?: string }).uuid);
      expect(digests()).toHaveLength(2);
      // Neither period was sent by both replicas (Feishu's uuid dedupe would hide a second post).
      expect(new Set(uuids).size).toBe(uuids.length);
    } finally {
      await pair.proxy.close();
    }
  }, 120_000);
});
