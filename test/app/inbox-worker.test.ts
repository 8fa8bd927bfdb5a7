import { describe, expect, it } from "vitest";
import { createInboxWorker } from "../../src/app/inbox-worker.js";
import type { IncomingMessage } from "../../src/ingress/types.js";
import { silentLogger } from "../../src/log/logger.js";
import { MemoryStore } from "../../src/store/index.js";

const message = (messageId: string) => ({ messageId, chatId: "oc_1" }) as IncomingMessage;

describe("the inbox worker", () => {
  it("answers what is waiting when it starts, each entry once, and completes it", async () => {
    const store = new MemoryStore();
    for (const id of ["a", "b", "c"]) await store.inbox.add(id, JSON.stringify(message(id)), { dedupeTtlMs: 60_000 });
    const answered: string[] = [];
    const worker = createInboxWorker({ inbox: store.inbox, run: async (m) => void answered.push(m.messageId), logger: silentLogger() });
    worker.start();
    await Promise.all(["a", "b", "c"].map((id) => worker.settled(id)));
    worker.close();
    expect(answered.sort()).toEqual(["a", "b", "c"]);
    expect(await store.inbox.counts()).toEqual({ pending: 0, claimed: 0 });
    // Completed entries stay as dedupe marks.
    expect(await store.inbox.add("a", "again", { dedupeTtlMs: 60_000 })).toBe(false);
  });

  it("resumes an entry whose claim lapsed in a dead worker's hands", async () => {
    let now = 1_000_000;
    const store = new MemoryStore({ now: () => now });
    await store.inbox.add("x", JSON.stringify(message("x")), { dedupeTtlMs: 600_000 });
    // A worker that claimed it and died.
    expect(await store.inbox.claim("dead", 1_000)).toMatchObject({ id: "x" });
    const answered: string[] = [];
    const worker = createInboxWorker({ inbox: store.inbox, run: async (m) => void answered.push(m.messageId), logger: silentLogger(), leaseMs: 1_000 });
    worker.start();
    await worker.settled("x");
    expect(answered).toEqual([]);
    now += 1_001;
    worker.wake();
    await worker.settled("x");
    worker.close();
    expect(answered).toEqual(["x"]);
  });

  it("gives up an entry that keeps failing after the last attempt, rather than trying it for ever", async () => {
    let now = 1_000_000;
    const store = new MemoryStore({ now: () => now });
    await store.inbox.add("p", JSON.stringify(message("p")), { dedupeTtlMs: 600_000 });
    for (let i = 0; i < 3; i++) {
      await store.inbox.claim(`dead-${i}`, 10);
      now += 11;
    }
    const answered: string[] = [];
    const worker = createInboxWorker({ inbox: store.inbox, run: async (m) => void answered.push(m.messageId), logger: silentLogger(), maxAttempts: 3 });
    worker.start();
    await worker.settled("p");
    worker.close();
    expect(answered).toEqual([]);
    expect(await store.inbox.counts()).toEqual({ pending: 0, claimed: 0 });
  });

  it("on a graceful stop takes what was added while a claim pass was under way, then claims nothing more", async () => {
    const store = new MemoryStore();
    const answered: string[] = [];
    const worker = createInboxWorker({ inbox: store.inbox, run: async (m) => void answered.push(m.messageId), logger: silentLogger() });
    worker.start();
    // Added with no wake: only a last look finds it.
    await store.inbox.add("late", JSON.stringify(message("late")), { dedupeTtlMs: 60_000 });
    await worker.stop();
    await worker.settled("late");
    await store.inbox.add("after", JSON.stringify(message("after")), { dedupeTtlMs: 60_000 });
    worker.wake();
    await new Promise((resolve) => setTimeout(resolve, 20));
    worker.close();
    expect(answered).toEqual(["late"]);
    expect(await store.inbox.counts()).toEqual({ pending: 1, claimed: 0 });
  });
});
