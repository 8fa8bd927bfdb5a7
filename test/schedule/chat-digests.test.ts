/**
 * Digests added from chat (the DigestBook in the store), on a fake clock: picked up without a
 * restart by every replica sharing the store, posted once per period, never while paused, never
 * again once removed — even by a replica that has not re-read the book yet.
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { storeDigestBook, type ChatDigest, type DigestBook } from "../../src/commands/digest/book.js";
import { REFRESH_MS } from "../../src/schedule/scheduler.js";
import { sendUuid, startScheduler, type Scheduler } from "../../src/schedule/index.js";
import { silentLogger } from "../../src/log/logger.js";
import { MemoryStore } from "../../src/store/index.js";
import type { Store } from "../../src/store/store.js";
import { FakeClock } from "./fake-clock.js";
import { CHAT, configWith } from "./helpers.js";
import { stubGateway } from "./stub-gateway.js";

const running: Scheduler[] = [];

beforeAll(() => {
  process.env.TZ = "UTC";
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

function replica(clock: FakeClock, store: Store, gateway: ReturnType<typeof stubGateway>["gateway"]): { scheduler: Scheduler; book: DigestBook } {
  // Each replica has its own book over the shared store, as each process does.
  const book = storeDigestBook(store.records, silentLogger());
  const scheduler = startScheduler({ config: configWith([]), gateway, store, logger: silentLogger(), now: clock.now, timers: clock, digests: book });
  running.push(scheduler);
  return { scheduler, book };
}

function added(at: number, overrides: Partial<ChatDigest> = {}): ChatDigest {
  return {
    name: "weekly",
    chatId: CHAT,
    cron: "0 9 * * *",
    schedule: "every day 09:00",
    timeZone: "Asia/Shanghai",
    locale: "en",
    sections: [{ kind: "report" }],
    paused: false,
    addedBy: "ou_admin",
    addedAt: at,
    since: at,
    ...overrides,
  };
}

/** Moves the clock a minute at a time, letting every replica finish its runs (and re-reads) before time moves on. */
async function walk(clock: FakeClock, schedulers: Scheduler[], to: string): Promise<void> {
  const end = Date.parse(to);
  while (clock.now() < end) {
    clock.advanceTo(Math.min(clock.now() + 60_000, end));
    for (let i = 0; i < 3; i++) for (const s of schedulers) await s.idle();
  }
}

async function settle(schedulers: Scheduler[]): Promise<void> {
  for (let i = 0; i < 3; i++) for (const s of schedulers) await s.idle();
}

const period = (day: string) => sendUuid("weekly", `${day}T09:00`, CHAT);

describe("digests added from chat", () => {
  it("a digest added on one replica posts at its next period exactly once, whichever replica runs it", async () => {
    // 08:30 in Shanghai.
    const clock = new FakeClock("2026-11-21T00:30:00Z");
    const store = new MemoryStore({ now: clock.now });
    const { gateway, sent } = stubGateway();
    const a = replica(clock, store, gateway);
    const b = replica(clock, store, gateway);
    await settle([a.scheduler, b.scheduler]);
    await a.book.add(added(clock.now()));
    await settle([a.scheduler, b.scheduler]);
    // Scheduled at once where it was added; the other replica within a minute.
    expect(a.scheduler.nextRuns()).toEqual([{ name: "weekly", at: Date.parse("2026-11-21T01:00:00Z") }]);
    expect(b.scheduler.nextRuns()).toEqual([]);
    await walk(clock, [a.scheduler, b.scheduler], "2026-11-21T00:30:00Z");
    clock.advance(REFRESH_MS);
    await settle([a.scheduler, b.scheduler]);
    expect(b.scheduler.nextRuns().map((r) => r.name)).toEqual(["weekly"]);

    await walk(clock, [a.scheduler, b.scheduler], "2026-11-21T03:00:00Z");
    expect(sent.map((s) => s.uuid)).toEqual([period("2026-11-21")]);
    expect(sent[0]!.chatId).toBe(CHAT);
    await walk(clock, [a.scheduler, b.scheduler], "2026-11-22T03:00:00Z");
    expect(sent.map((s) => s.uuid)).toEqual([period("2026-11-21"), period("2026-11-22")]);
  });

  it("a digest added after today's time is not caught up: it first posts tomorrow", async () => {
    // 09:30 in Shanghai, half an hour after the 09:00 run.
    const clock = new FakeClock("2026-11-21T01:30:00Z");
    const store = new MemoryStore({ now: clock.now });
    const { gateway, sent } = stubGateway();
    const a = replica(clock, store, gateway);
    await a.book.add(added(clock.now()));
    await walk(clock, [a.scheduler], "2026-11-21T23:00:00Z");
    expect(sent).toHaveLength(0);
    await walk(clock, [a.scheduler], "2026-11-22T01:05:00Z");
    expect(sent.map((s) => s.uuid)).toEqual([period("2026-11-22")]);
  });

  it("a paused digest does not post; resumed, it posts at its next period", async () => {
    const clock = new FakeClock("2026-11-21T00:30:00Z");
    const store = new MemoryStore({ now: clock.now });
    const { gateway, sent } = stubGateway();
    const a = replica(clock, store, gateway);
    const b = replica(clock, store, gateway);
    await a.book.add(added(clock.now()));
    await walk(clock, [a.scheduler, b.scheduler], "2026-11-21T00:35:00Z");
    await a.book.put({ ...added(Date.parse("2026-11-21T00:30:00Z")), paused: true });
    await walk(clock, [a.scheduler, b.scheduler], "2026-11-22T03:00:00Z");
    expect(sent).toHaveLength(0);
    expect(a.scheduler.nextRuns()).toEqual([]);

    await a.book.put({ ...added(Date.parse("2026-11-21T00:30:00Z")), paused: false, since: clock.now() });
    await walk(clock, [a.scheduler, b.scheduler], "2026-11-23T03:00:00Z");
    expect(sent.map((s) => s.uuid)).toEqual([period("2026-11-23")]);
  });

  it("a removed digest never posts again, even from a replica that has not re-read the book yet", async () => {
    const clock = new FakeClock("2026-11-21T00:30:00Z");
    const store = new MemoryStore({ now: clock.now });
    const { gateway, sent } = stubGateway();
    const a = replica(clock, store, gateway);
    const b = replica(clock, store, gateway);
    await a.book.add(added(clock.now()));
    await walk(clock, [a.scheduler, b.scheduler], "2026-11-21T03:00:00Z");
    expect(sent).toHaveLength(1);
    // Both replicas have it armed for tomorrow; it is removed seconds before, through a third
    // process's book, so neither heard of it.
    await walk(clock, [a.scheduler, b.scheduler], "2026-11-22T00:59:00Z");
    expect(a.scheduler.nextRuns().map((r) => r.name)).toEqual(["weekly"]);
    expect(b.scheduler.nextRuns().map((r) => r.name)).toEqual(["weekly"]);
    await storeDigestBook(store.records, silentLogger()).remove("weekly");
    clock.advanceTo("2026-11-22T01:00:00Z");
    await settle([a.scheduler, b.scheduler]);
    await walk(clock, [a.scheduler, b.scheduler], "2026-11-24T03:00:00Z");
    expect(sent).toHaveLength(1);
    expect(a.scheduler.nextRuns()).toEqual([]);
    expect(b.scheduler.nextRuns()).toEqual([]);
  });
});
