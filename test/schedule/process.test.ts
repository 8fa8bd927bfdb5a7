/**
 * Exactly once across real processes: bot processes sharing one SQLite store file, against the
 * emulator over HTTP. SQLite's write lock orders them, a process killed with SIGKILL inside a write
 * transaction cannot leave it stuck, and a process killed between sending and recording is retried
 * into Feishu's uuid dedupe.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/index.js";
import { createFeishuGateway, createLarkClient } from "../../src/feishu/index.js";
import { silentLogger } from "../../src/log/logger.js";
import { startEmulator, type Emulator } from "../../src/sandbox/emulator/index.js";
import { LOCK_TTL_MS, postPeriod, sendUuid } from "../../src/schedule/index.js";
import { latestOccurrence, periodOf } from "../../src/time/cron.js";
import { SqliteStore } from "../../src/store/index.js";
import { startChild } from "../store/fixtures/child.js";
import { tempDirs } from "../store/fixtures/temp.js";
import { childDigest } from "./fixtures/child-digest.js";
import { startScript } from "./fixtures/spawn.js";

const CHILD = fileURLToPath(new URL("./fixtures/digest-child.ts", import.meta.url));
const DAY = 86_400_000;

describe("digests across processes on one SQLite store", () => {
  const dirs = tempDirs();
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(async () => {
    await emulator.close();
    await dirs.cleanup();
  });

  const creates = (uuid: string) =>
    emulator.calls().filter((c) => c.endpoint === "message_create" && (c.body as { uuid?: string } | undefined)?.uuid === uuid);
  const postedWith = (uuid: string) => emulator.sent().filter((s) => s.kind === "create" && s.uuid === uuid);

  it("two processes racing for one period post it once, though a killed process held the store's write lock", async () => {
    const storePath = join(await dirs.make(), "bot.db");
    await new SqliteStore({ path: storePath }).close();
    // A process killed while holding the database's write lock (inside a transaction).
    const holder = startChild(["hold", storePath]);
    await holder.line((l) => l === "holding");
    holder.process.kill("SIGKILL");
    await holder.exited;

    const occurrence = latestOccurrence(childDigest, Date.now())!;
    const racers = [0, 1].map(() => startScript(CHILD, ["post", `sqlite:${storePath}`, emulator.url, String(occurrence)]));
    await Promise.all(racers.map((r) => r.line((l) => l === "ready")));
    for (const racer of racers) racer.send("go");
    const results = await Promise.all(racers.map(async (r) => JSON.parse(await r.line((l) => l.startsWith("{"))) as { status: string }));

    expect(results.map((r) => r.status).sort()).toEqual(expect.arrayContaining(["sent"]));
    expect(results.filter((r) => r.status === "sent")).toHaveLength(1);
    expect(results.filter((r) => r.status !== "sent").map((r) => r.status)).toEqual([expect.stringMatching(/^(locked|already-sent)$/)]);
    const uuid = sendUuid(childDigest.name, periodOf(childDigest, occurrence), childDigest.chats[0]!);
    expect(postedWith(uuid)).toHaveLength(1);
    expect(creates(uuid)).toHaveLength(1);
    await Promise.all(racers.map((r) => r.exited));
  });

  it("a process killed after sending and before recording does not post again on restart", async () => {
    const storePath = join(await dirs.make(), "bot.db");
    // The day before, so the period differs from the other test's.
    const occurrence = latestOccurrence(childDigest, Date.now() - DAY)!;
    const uuid = sendUuid(childDigest.name, periodOf(childDigest, occurrence), childDigest.chats[0]!);
    const dying = startScript(CHILD, ["post-and-die", `sqlite:${storePath}`, emulator.url, String(occurrence)]);
    await dying.line((l) => l === "sent");
    dying.process.kill("SIGKILL");
    expect((await dying.exited).signal).toBe("SIGKILL");
    expect(postedWith(uuid)).toHaveLength(1);

    const logger = silentLogger();
    const base = loadConfig({ env: {}, path: new URL("../../app.yaml", import.meta.url).pathname });
    const config = {
      ...base,
      feishu: { ...base.feishu, appId: emulator.appId, appSecret: emulator.appSecret, domain: emulator.url },
      digests: [childDigest],
    };
    const gateway = createFeishuGateway(createLarkClient(config.feishu, logger), { appId: emulator.appId, logger });
    const restart = async (clockOffset: number) => {
      const store = new SqliteStore({ path: storePath, now: () => Date.now() + clockOffset });
      try {
        return await postPeriod({ config, gateway, store, logger, now: () => Date.now() + clockOffset }, childDigest, occurrence, { late: true });
      } finally {
        await store.close();
      }
    };

    // Restarted at once: the dead process's lock still stands, so nothing is sent; the answer says
    // when it expires, for the scheduler to try again then.
    const early = await restart(0);
    expect(early).toMatchObject({ status: "locked" });
    expect(early.status === "locked" && early.retryAt).toBeGreaterThan(Date.now());
    expect(creates(uuid)).toHaveLength(1);
    // Restarted after the lock expired: sent again with the same uuid, which the emulator (like
    // Feishu) drops, answering with the original message.
    expect((await restart(LOCK_TTL_MS + 1000)).status).toBe("sent");
    expect(creates(uuid)).toHaveLength(2);
    expect(postedWith(uuid)).toHaveLength(1);
    // Now recorded: another restart does not try.
    expect((await restart(LOCK_TTL_MS + 2000)).status).toBe("already-sent");
    expect(creates(uuid)).toHaveLength(2);
  });
});
