/**
 * Nothing acknowledged is lost: a bot process killed with SIGKILL after Feishu got its 200s, before
 * it answered, is restarted on the same store, and every message is answered exactly once. Real
 * processes, real SQLite and Redis, the emulator delivering signed, encrypted events over HTTP.
 */
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/sandbox/emulator/index.js";
import { testRedis, uniquePrefix } from "../helpers/redis.js";
import { waitFor } from "../helpers/sandbox.js";
import { tempDirs } from "../store/fixtures/temp.js";
import { startScript, type Child } from "../schedule/fixtures/spawn.js";

const CHILD = fileURLToPath(new URL("./fixtures/bot-child.ts", import.meta.url));
const MESSAGES = 20;
/** Short, so the restarted process resumes the dead one's claims within the test. */
const LEASE_MS = 1_500;

const redis = await testRedis();
const dirs = tempDirs();
let emulator: Emulator;
const encryptKey = randomBytes(16).toString("hex");
const verificationToken = randomBytes(16).toString("hex");

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.close();
  await dirs.cleanup();
  await redis.close();
});

const title = (card: unknown) => (card as { header?: { title?: { content?: string } } }).header?.title?.content ?? "";

async function startBotProcess(storeUrl: string, prefix: string): Promise<Child> {
  const child = startScript(CHILD, [storeUrl, emulator.url, encryptKey, verificationToken, String(LEASE_MS), prefix]);
  const { url } = JSON.parse(await child.line((l) => l.startsWith("{"), 30_000)) as { url: string };
  emulator.setWebhook({ eventUrl: `${url}/webhook/event`, cardUrl: `${url}/webhook/card`, encryptKey, verificationToken });
  return child;
}

async function killedAndRestarted(storeUrl: string, prefix: string) {
  const label = randomBytes(3).toString("hex");
  // Every answer needs a reservation list that, for now, takes 10 s: none is answered before the kill.
  emulator.injectFault({ endpoint: "reservation_list", effect: { kind: "latency", ms: 10_000 }, times: "always" });
  const first = await startBotProcess(storeUrl, prefix);
  const ids: string[] = [];
  for (let i = 0; i < MESSAGES; i++) {
    const delivery = await emulator.pushMessage({ text: "/rooms yesterday", chatType: "p2p", chatId: `oc_crash_${label}_${i}`, senderOpenId: `ou_crash_${i}` });
    // Feishu got its 200: it never sends this message again.
    expect(delivery.status).toBe(200);
    ids.push(delivery.messageId);
  }
  await new Promise((resolve) => setTimeout(resolve, 1_200));
  first.process.kill("SIGKILL");
  await first.exited;
  // The bot's messages answering `id` as they stand now: a "working on it" card posted before the
  // kill is patched with the answer by the restarted bot, never followed by a second reply.
  const shown = (id: string) => emulator.messages().filter((m) => m.parentId === id);
  const answered = (id: string) => shown(id).some((m) => title(m.card).startsWith("会议室预定"));
  const answeredBeforeRestart = ids.filter(answered).length;
  emulator.clearFaults();

  const second = await startBotProcess(storeUrl, prefix);
  try {
    await waitFor(() => (ids.every(answered) ? true : undefined), 60_000, "every message answered");
    // Time for any second answer to show up.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const answers = ids.map((id) => emulator.sent().filter((s) => s.parentId === id).length);
    return { answeredBeforeRestart, answers };
  } finally {
    second.process.kill("SIGKILL");
    await second.exited;
  }
}

describe("a bot killed with SIGKILL after acknowledging 20 commands, then restarted", () => {
  it("answers every one exactly once, with SQLite", async () => {
    const storeUrl = `sqlite:${join(await dirs.make(), "bot.db")}`;
    const { answeredBeforeRestart, answers } = await killedAndRestarted(storeUrl, "");
    expect(answeredBeforeRestart).toBe(0);
    expect(answers).toEqual(Array.from({ length: MESSAGES }, () => 1));
  }, 120_000);

  it.skipIf(!redis.available)("answers every one exactly once, with Redis", async () => {
    if (!redis.available) return;
    const { answeredBeforeRestart, answers } = await killedAndRestarted(redis.url, uniquePrefix("crash"));
    expect(answeredBeforeRestart).toBe(0);
    expect(answers).toEqual(Array.from({ length: MESSAGES }, () => 1));
  }, 120_000);
});
