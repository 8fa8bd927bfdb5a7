/**
 * Two bot processes on one Redis behind a round-robin proxy, as replicas would run: a message
 * delivered to both (Feishu redelivers) is answered once, by one of them.
 */
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/sandbox/emulator/index.js";
import { testRedis, uniquePrefix } from "../helpers/redis.js";
import { waitFor } from "../helpers/sandbox.js";
import { startScript, type Child } from "../schedule/fixtures/spawn.js";
import { startRoundRobin, type RoundRobin } from "./fixtures/round-robin.js";

const CHILD = fileURLToPath(new URL("./fixtures/bot-child.ts", import.meta.url));
const MESSAGES = 12;

const redis = await testRedis();
const encryptKey = randomBytes(16).toString("hex");
const verificationToken = randomBytes(16).toString("hex");
let emulator: Emulator;
let replicas: Child[] = [];
let proxy: RoundRobin;

beforeAll(async () => {
  emulator = await startEmulator();
  if (!redis.available) return;
  const prefix = uniquePrefix("replicas");
  replicas = [0, 1].map(() => startScript(CHILD, [redis.url, emulator.url, encryptKey, verificationToken, "30000", prefix]));
  const urls = await Promise.all(replicas.map(async (r) => (JSON.parse(await r.line((l) => l.startsWith("{"), 30_000)) as { url: string }).url));
  proxy = await startRoundRobin(urls);
  emulator.setWebhook({ eventUrl: `${proxy.url}/webhook/event`, cardUrl: `${proxy.url}/webhook/card`, encryptKey, verificationToken });
}, 60_000);

afterAll(async () => {
  for (const replica of replicas) replica.process.kill("SIGKILL");
  await Promise.all(replicas.map((r) => r.exited));
  await proxy?.close();
  await emulator.close();
  await redis.close();
});

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
