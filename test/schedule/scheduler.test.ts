/**
 * The scheduler on a fake clock: when digests fire (in their own time zone, whatever the machine's),
 * exactly once per period across instances and restarts, catch-up on start, and failing sections.
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { LOCK_TTL_MS, sendUuid, startScheduler, type Scheduler } from "../../src/schedule/index.js";
import { MemoryStore } from "../../src/store/index.js";
import type { Store } from "../../src/store/store.js";
import { silentLogger } from "../../src/log/logger.js";
import { FakeClock } from "./fake-clock.js";
import { CHAT, configWith, digest, dyingBeforeRecord, recordingLogger, textOf } from "./helpers.js";
import { stubGateway } from "./stub-gateway.js";

const running: Scheduler[] = [];

function start(opts: {
  clock: FakeClock;
  store: Store;
  gateway: ReturnType<typeof stubGateway>["gateway"];
  digests: ReturnType<typeof digest>[];
  logger?: ReturnType<typeof silentLogger>;
}): Scheduler {
  const scheduler = startScheduler({
    config: configWith(opts.digests),
    gateway: opts.gateway,
    store: opts.store,
    logger: opts.logger ?? silentLogger(),
    now: opts.clock.now,
    timers: opts.clock,
  });
  running.push(scheduler);
  return scheduler;
}

beforeAll(() => {
  // The machine's zone must not matter: run as if in UTC, with digests in other zones.
  process.env.TZ = "UTC";
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

describe("firing at the cron time", () => {
  it("fires at 09:00 in the digest's zone, not the machine's, and again the next day", async () => {
    expect(new Date(Date.UTC(2026, 0, 1)).getHours()).toBe(0);
    const clock = new FakeClock("2026-11-20T23:30:00Z");
    const { gateway, sent } = stubGateway();
    const store = new MemoryStore({ now: clock.now });
    const shanghai = digest({ name: "sh", timezone: "Asia/Shanghai", catchUpMinutes: 0 });
    const newYork = digest({ name: "ny", timezone: "America/New_York", catchUpMinutes: 0 });
    const scheduler = start({ clock, store, gateway, digests: [shanghai, newYork] });
    await scheduler.idle();
    expect(sent).toHaveLength(0);

    // 09:00 in Shanghai is 01:00 UTC.
    clock.advanceTo("2026-11-21T00:59:59Z");
    await scheduler.idle();
    expect(sent).toHaveLength(0);
    clock.advanceTo("2026-11-21T01:00:00Z");
    await scheduler.idle();
    expect(sent.map((s) => s.uuid)).toEqual([sendUuid("sh", "2026-11-21T09:00", CHAT)]);

    // 09:00 in New York (EST) is 14:00 UTC.
    clock.advanceTo("2026-11-21T13:59:59Z");
    await scheduler.idle();
    expect(sent).toHaveLength(1);
    clock.advanceTo("2026-11-21T14:00:00Z");
    await scheduler.idle();
    expect(sent[1]!.uuid).toBe(sendUuid("ny", "2026-11-21T09:00", CHAT));
    const text = textOf(sent[1]!.card);
    expect(text).toContain("2026-11-21 09:00 (America/New_York)");
    // "Yesterday" is New York's: 2026-11-20.
    expect(text).toContain("yesterday 2026-11-20");
    expect(text).not.toMatch(/Late|Preview/);

    clock.advanceTo("2026-11-22T14:00:00Z");
    await scheduler.idle();
    expect(sent.map((s) => s.uuid)).toEqual([
      sendUuid("sh", "2026-11-21T09:00", CHAT),
      sendUuid("ny", "2026-11-21T09:00", CHAT),
      sendUuid("sh", "2026-11-22T09:00", CHAT),
      sendUuid("ny", "2026-11-22T09:00", CHAT),
    ]);
    expect(scheduler.nextRuns()).toEqual([
      { name: "sh", at: Date.parse("2026-11-23T01:00:00Z") },
      { name: "ny", at: Date.parse("2026-11-23T14:00:00Z") },
    ]);
  });

  it("follows the zone's clock change: 09:00 New York is 13:00 UTC before it and 14:00 after", async () => {
    const clock = new FakeClock("2026-10-31T12:00:00Z");
    const { gateway, sent } = stubGateway();
    const scheduler = start({ clock, store: new MemoryStore({ now: clock.now }), gateway, digests: [digest({ catchUpMinutes: 0 })] });
    clock.advanceTo("2026-10-31T13:00:00Z");
    await scheduler.idle();
    expect(sent).toHaveLength(1);
    clock.advanceTo("2026-11-01T13:59:00Z");
    await scheduler.idle();
    expect(sent).toHaveLength(1);
    clock.advanceTo("2026-11-01T14:00:00Z");
    await scheduler.idle();
    expect(sent.map((s) => s.uuid)).toEqual([
      sendUuid("morning", "2026-10-31T09:00", CHAT),
      sendUuid("morning", "2026-11-01T09:00", CHAT),
    ]);
  });

  it("posts each chat its own card, buttons naming that chat", async () => {
    const clock = new FakeClock("2026-11-21T13:59:00Z");
    const { gateway, sent } = stubGateway();
    const scheduler = start({
      clock,
      store: new MemoryStore({ now: clock.now }),
      gateway,
      digests: [digest({ chats: ["oc_a", "oc_b"] })],
    });
    clock.advanceTo("2026-11-21T14:00:00Z");
    await scheduler.idle();
    expect(sent.map((s) => s.chatId)).toEqual(["oc_a", "oc_b"]);
    expect(new Set(sent.map((s) => s.uuid)).size).toBe(2);
    for (const { chatId, card } of sent) {
      const values = JSON.stringify(card).match(/"cid":"[^"]*"/g) ?? [];
      expect(values.length).toBe(3);
      expect(new Set(values)).toEqual(new Set([`"cid":"${chatId}"`]));
    }
  });
});

describe("exactly once per period", () => {
  it("two scheduler instances sharing one store post once", async () => {
    const clock = new FakeClock("2026-11-21T13:59:00Z");
    const store = new MemoryStore({ now: clock.now });
    const { gateway, sent, attempts } = stubGateway();
    const a = start({ clock, store, gateway, digests: [digest()] });
    const b = start({ clock, store, gateway, digests: [digest()] });
    clock.advanceTo("2026-11-21T14:00:00Z");
    await Promise.all([a.idle(), b.idle()]);
    expect(sent).toHaveLength(1);
    // The lock kept the second from even trying.
    expect(attempts).toHaveLength(1);
  });

  it("a restart never posts a period already sent", async () => {
    const clock = new FakeClock("2026-11-21T13:59:00Z");
    const store = new MemoryStore({ now: clock.now });
    const { gateway, sent, attempts } = stubGateway();
    const first = start({ clock, store, gateway, digests: [digest()] });
    clock.advanceTo("2026-11-21T14:00:00Z");
    await first.idle();
    await first.stop();
    clock.advanceTo("2026-11-21T14:30:00Z");
    const second = start({ clock, store, gateway, digests: [digest()] });
    await second.idle();
    expect(sent).toHaveLength(1);
    expect(attempts).toHaveLength(1);
  });

  it("a process that died after sending and before recording: the retry reuses the uuid, so nothing is posted twice", async () => {
    const clock = new FakeClock("2026-11-21T13:59:00Z");
    const store = new MemoryStore({ now: clock.now });
    const { gateway, sent, attempts } = stubGateway();
    startScheduler({
      config: configWith([digest()]),
      gateway,
      store: dyingBeforeRecord(store),
      logger: silentLogger(),
      now: clock.now,
      timers: clock,
    });
    clock.advanceTo("2026-11-21T14:00:00Z");
    await expect.poll(() => attempts.length).toBe(1);

    // Restarted while the dead process's lock still stands: nothing is sent.
    clock.advanceTo("2026-11-21T14:05:00Z");
    const early = start({ clock, store, gateway, digests: [digest()] });
    await early.idle();
    await early.stop();
    expect(attempts).toHaveLength(1);

    // Restarted once the lock has expired: sent again with the same uuid, which Feishu drops.
    clock.advance(LOCK_TTL_MS);
    const late = start({ clock, store, gateway, digests: [digest()] });
    await late.idle();
    expect(attempts).toHaveLength(2);
    expect(attempts[1]!.uuid).toBe(attempts[0]!.uuid);
    expect(sent).toHaveLength(1);
    // And now it is recorded: a further restart does not even try.
    await late.stop();
    const again = start({ clock, store, gateway, digests: [digest()] });
    await again.idle();
    expect(attempts).toHaveLength(2);
  });
});

describe("catch-up on start", () => {
  it("posts a run missed by less than the window once, marked late", async () => {
    const clock = new FakeClock("2026-11-21T16:00:00Z");
    const store = new MemoryStore({ now: clock.now });
    const { gateway, sent } = stubGateway();
    const first = start({ clock, store, gateway, digests: [digest({ catchUpMinutes: 360 })] });
    await first.idle();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.uuid).toBe(sendUuid("morning", "2026-11-21T09:00", CHAT));
    expect(textOf(sent[0]!.card)).toMatch(/Late.*09:00/);
    expect((sent[0]!.card.header as { template: string }).template).toBe("orange");

    await first.stop();
    clock.advance(60_000);
    const second = start({ clock, store, gateway, digests: [digest({ catchUpMinutes: 360 })] });
    await second.idle();
    expect(sent).toHaveLength(1);

    // The next day's run is on time again.
    clock.advanceTo("2026-11-22T14:00:00Z");
    await second.idle();
    expect(sent).toHaveLength(2);
    expect(textOf(sent[1]!.card)).not.toContain("Late");
  });

  it("only logs a run missed by more than the window", async () => {
    const clock = new FakeClock("2026-11-21T20:01:00Z");
    const { gateway, sent } = stubGateway();
    const { logger, records } = recordingLogger();
    const scheduler = start({ clock, store: new MemoryStore({ now: clock.now }), gateway, digests: [digest({ catchUpMinutes: 360 })], logger });
    await scheduler.idle();
    expect(sent).toHaveLength(0);
    const missed = records().find((r) => String(r.msg).includes("too old to catch up"));
    expect(missed).toMatchObject({ digest: "morning", period: "2026-11-21T09:00", lateMinutes: 361 });

    // Days after a weekly run its record has expired: the store cannot tell, so no miss is claimed.
    const weekly = recordingLogger();
    const later = start({ clock, store: new MemoryStore({ now: clock.now }), gateway, digests: [digest({ cron: "0 9 * * 1" })], logger: weekly.logger });
    await later.idle();
    expect(sent).toHaveLength(0);
    expect(weekly.records().some((r) => String(r.msg).includes("too old"))).toBe(false);
  });

  it("a start within a minute of the run posts it on time", async () => {
    const clock = new FakeClock("2026-11-21T14:00:30Z");
    const { gateway, sent } = stubGateway();
    const scheduler = start({ clock, store: new MemoryStore({ now: clock.now }), gateway, digests: [digest({ catchUpMinutes: 0 })] });
    await scheduler.idle();
    expect(sent).toHaveLength(1);
    expect(textOf(sent[0]!.card)).not.toContain("Late");
  });
});

describe("sections", () => {
  it("a failing section shows a short error line and the rest still posts", async () => {
    const clock = new FakeClock("2026-11-21T13:59:00Z");
    const { gateway, sent } = stubGateway({ failReport: true });
    const { logger, records } = recordingLogger();
    const scheduler = start({ clock, store: new MemoryStore({ now: clock.now }), gateway, digests: [digest()], logger });
    clock.advanceTo("2026-11-21T14:00:00Z");
    await scheduler.idle();
    expect(sent).toHaveLength(1);
    const text = textOf(sent[0]!.card);
    expect(text).toMatch(/\*\*Meetings\*\* · yesterday 2026-11-20\nThis part is unavailable right now: No permission[^\n]* \(121005\)\n/);
    expect(text).toContain("No room reservations yesterday.");
    expect(text).toContain("**10** sent · **5** reached");
    expect(records().some((r) => r.section === "report" && String(r.msg).includes("section failed"))).toBe(true);
  });

  it("runNow posts a preview without touching the period record", async () => {
    const clock = new FakeClock("2026-11-21T13:00:00Z");
    const store = new MemoryStore({ now: clock.now });
    const { gateway, sent } = stubGateway();
    const scheduler = start({ clock, store, gateway, digests: [digest({ catchUpMinutes: 0 })] });
    await scheduler.runNow("morning", "oc_elsewhere");
    expect(sent).toHaveLength(1);
    expect(sent[0]!.chatId).toBe("oc_elsewhere");
    expect(textOf(sent[0]!.card)).toContain("Preview");
    clock.advanceTo("2026-11-21T14:00:00Z");
    await scheduler.idle();
    expect(sent.map((s) => s.chatId)).toEqual(["oc_elsewhere", CHAT]);
    await expect(scheduler.runNow("nope", CHAT)).rejects.toThrow(/no digest named "nope"/);
  });
});
