/**
 * The scheduler on a fake clock: when digests fire (in their own time zone, whatever the machine's),
 * exactly once per period across instances and restarts, catch-up on start, and failing sections.
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createButtonSeal } from "../../src/cards/seal.js";
import { FeishuError } from "../../src/feishu/errors.js";
import { LOCK_TTL_MS, lockKey, periodKey, postPeriod, sendUuid, startScheduler, type Scheduler } from "../../src/schedule/index.js";
import { chatKey } from "../../src/schedule/keys.js";
import { SEND_CONCURRENCY } from "../../src/schedule/post.js";
import { MemoryStore } from "../../src/store/index.js";
import type { Store } from "../../src/store/store.js";
import { silentLogger } from "../../src/log/logger.js";
import { FakeClock } from "./fake-clock.js";
import { CHAT, configWith, digest, dyingBeforeRecord, recordingLogger, textOf } from "./helpers.js";
import { stubGateway } from "./stub-gateway.js";
import { callbackValues, plainValue } from "../helpers/seal.js";

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

/** Moves the clock a minute at a time, letting each run finish before time moves on. */
async function walk(clock: FakeClock, scheduler: Scheduler, to: string): Promise<void> {
  while (clock.now() < Date.parse(to)) {
    clock.advanceTo(Math.min(clock.now() + 60_000, Date.parse(to)));
    await scheduler.idle();
  }
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
    const digests = [digest({ chats: ["oc_a", "oc_b"] })];
    const clock = new FakeClock("2026-11-21T13:59:00Z");
    const { gateway, sent } = stubGateway();
    const scheduler = start({
      clock,
      store: new MemoryStore({ now: clock.now }),
      gateway,
      digests,
    });
    clock.advanceTo("2026-11-21T14:00:00Z");
    await scheduler.idle();
    expect(sent.map((s) => s.chatId)).toEqual(["oc_a", "oc_b"]);
    expect(new Set(sent.map((s) => s.uuid)).size).toBe(2);
    // Each button value is sealed (with the bot's key) for its own chat.
    const seal = createButtonSeal(configWith(digests).feishu);
    for (const { chatId, card } of sent) {
      const values = callbackValues(card);
      expect(values.length).toBe(3);
      for (const value of values) expect(seal.open(value).ok).toBe(true);
      expect(new Set(values.map((v) => plainValue(v).cid))).toEqual(new Set([chatId]));
      // No chat type in a value: a click's is asked of Feishu.
      expect(values.every((v) => !("ct" in plainValue(v)))).toBe(true);
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

    // Restarted while the dead process's lock still stands: nothing is sent yet, but a retry waits
    // for the lock's expiry (still inside the catch-up window).
    clock.advanceTo("2026-11-21T14:05:00Z");
    const restarted = start({ clock, store, gateway, digests: [digest()] });
    await restarted.idle();
    expect(attempts).toHaveLength(1);

    // The lock expires at 14:10: sent again with the same uuid, which Feishu drops.
    clock.advanceTo(Date.parse("2026-11-21T14:00:00Z") + LOCK_TTL_MS - 1);
    await restarted.idle();
    expect(attempts).toHaveLength(1);
    clock.advanceTo(Date.parse("2026-11-21T14:00:00Z") + LOCK_TTL_MS);
    await restarted.idle();
    expect(attempts).toHaveLength(2);
    expect(attempts[1]!.uuid).toBe(attempts[0]!.uuid);
    expect(sent).toHaveLength(1);
    // And now it is recorded: a further restart does not even try.
    await restarted.stop();
    const again = start({ clock, store, gateway, digests: [digest()] });
    await again.idle();
    clock.advance(3600_000);
    await again.idle();
    expect(attempts).toHaveLength(2);
  });

  it("a crash before sending and a quick restart: the period is posted, marked late, once the dead lock expires", async () => {
    const clock = new FakeClock("2026-11-21T13:59:00Z");
    const store = new MemoryStore({ now: clock.now });
    const { gateway, sent } = stubGateway();
    // The first process takes the lock and dies while building: its sends and writes never finish.
    const hung = { ...gateway, sendCard: () => new Promise<never>(() => undefined) };
    startScheduler({ config: configWith([digest()]), gateway: hung, store: dyingBeforeRecord(store), logger: silentLogger(), now: clock.now, timers: clock });
    clock.advanceTo("2026-11-21T14:00:00Z");
    await expect.poll(() => store.get(lockKey("morning", "2026-11-21T09:00"))).toBeDefined();

    clock.advance(5_000);
    const { logger, records } = recordingLogger();
    const healthy = start({ clock, store, gateway, digests: [digest()], logger });
    await healthy.idle();
    expect(sent).toHaveLength(0);
    expect(records().some((r) => r.msg === "digest period to be retried" && r.retryAt === "2026-11-21T14:10:00.000Z")).toBe(true);
    clock.advanceTo("2026-11-21T14:10:00Z");
    await healthy.idle();
    expect(sent.map((s) => s.uuid)).toEqual([sendUuid("morning", "2026-11-21T09:00", CHAT)]);
    expect(textOf(sent[0]!.card)).toMatch(/Late/);
    clock.advanceTo("2026-11-21T20:00:00Z");
    await healthy.idle();
    expect(sent).toHaveLength(1);
  });

  it("a replica that sees a dead holder's lock on its timer posts at the lock's expiry", async () => {
    const clock = new FakeClock("2026-11-21T13:59:00Z");
    const store = new MemoryStore({ now: clock.now });
    const { gateway, sent } = stubGateway();
    const replica = start({ clock, store, gateway, digests: [digest()] });
    // A holder that died at 13:59:30 left a lock until 14:09:30.
    clock.advanceTo("2026-11-21T13:59:30Z");
    await store.setIfAbsent(lockKey("morning", "2026-11-21T09:00"), JSON.stringify({ owner: "dead", expiresAt: clock.now() + LOCK_TTL_MS }), LOCK_TTL_MS);
    clock.advanceTo("2026-11-21T14:00:00Z");
    await replica.idle();
    expect(sent).toHaveLength(0);
    clock.advanceTo("2026-11-21T14:09:30Z");
    await replica.idle();
    expect(sent).toHaveLength(1);
  });

  it("a retry outside the catch-up window is not made", async () => {
    const clock = new FakeClock("2026-11-21T13:59:00Z");
    const store = new MemoryStore({ now: clock.now });
    const { gateway, sent } = stubGateway();
    const replica = start({ clock, store, gateway, digests: [digest({ catchUpMinutes: 5 })] });
    await store.setIfAbsent(lockKey("morning", "2026-11-21T09:00"), JSON.stringify({ owner: "dead", expiresAt: clock.now() + LOCK_TTL_MS }), LOCK_TTL_MS);
    await walk(clock, replica, "2026-11-21T16:00:00Z");
    expect(sent).toHaveLength(0);
  });
});

describe("failed sends are retried within the catch-up window", () => {
  function flaky(failing: (chatId: string) => boolean) {
    const stub = stubGateway();
    const tries: string[] = [];
    const gateway = {
      ...stub.gateway,
      sendCard: async (...args: Parameters<typeof stub.gateway.sendCard>) => {
        tries.push(args[0]);
        if (failing(args[0])) throw new FeishuError({ code: -1, msg: "socket hang up", endpoint: "message_create", httpStatus: undefined });
        return stub.gateway.sendCard(...args);
      },
    };
    return { ...stub, gateway, tries };
  }

  it("every chat failing is retried with backoff until Feishu answers, then posted once", async () => {
    const clock = new FakeClock("2026-11-21T13:59:00Z");
    const store = new MemoryStore({ now: clock.now });
    let down = true;
    const { gateway, sent } = flaky(() => down);
    const scheduler = start({ clock, store, gateway, digests: [digest()] });
    clock.advanceTo("2026-11-21T14:00:00Z");
    await scheduler.idle();
    expect(sent).toHaveLength(0);
    // Retries at +1, +3, +7 minutes (1, 2, 4 apart); Feishu is back at 14:05.
    clock.advanceTo("2026-11-21T14:05:00Z");
    await scheduler.idle();
    down = false;
    clock.advanceTo("2026-11-21T14:06:59Z");
    await scheduler.idle();
    expect(sent).toHaveLength(0);
    clock.advanceTo("2026-11-21T14:07:00Z");
    await scheduler.idle();
    expect(sent.map((s) => s.uuid)).toEqual([sendUuid("morning", "2026-11-21T09:00", CHAT)]);
    clock.advanceTo("2026-11-21T20:00:00Z");
    await scheduler.idle();
    expect(sent).toHaveLength(1);
  });

  it("when some chats fail, only those are sent again, and the period is recorded once all are", async () => {
    const clock = new FakeClock("2026-11-21T13:59:00Z");
    const store = new MemoryStore({ now: clock.now });
    let bDown = true;
    const { gateway, sent, tries } = flaky((chatId) => chatId === "oc_b" && bDown);
    const scheduler = start({ clock, store, gateway, digests: [digest({ chats: ["oc_a", "oc_b", "oc_c"] })] });
    clock.advanceTo("2026-11-21T14:00:00Z");
    await scheduler.idle();
    expect(sent.map((s) => s.chatId).sort()).toEqual(["oc_a", "oc_c"]);
    expect(await store.get(periodKey("morning", "2026-11-21T09:00"))).toBeUndefined();
    expect(await store.get(chatKey("morning", "2026-11-21T09:00", "oc_a"))).toBeDefined();
    bDown = false;
    clock.advanceTo("2026-11-21T14:01:00Z");
    await scheduler.idle();
    expect(sent.map((s) => s.chatId).sort()).toEqual(["oc_a", "oc_b", "oc_c"]);
    // The retry sent to oc_b alone: three first tries and one retry.
    expect(tries.sort()).toEqual(["oc_a", "oc_b", "oc_b", "oc_c"]);
    expect(await store.get(periodKey("morning", "2026-11-21T09:00"))).toBeDefined();
    clock.advanceTo("2026-11-21T20:00:00Z");
    await scheduler.idle();
    expect(sent).toHaveLength(3);
  });

  it("gives up, with a warning, once the catch-up window is over", async () => {
    const clock = new FakeClock("2026-11-21T13:59:00Z");
    const { gateway, tries } = flaky(() => true);
    const { logger, records } = recordingLogger();
    const scheduler = start({ clock, store: new MemoryStore({ now: clock.now }), gateway, digests: [digest({ catchUpMinutes: 60 })], logger });
    await walk(clock, scheduler, "2026-11-21T20:00:00Z");
    // 14:00, then +1, +3, +7, +15, +31 minutes; the next (+61) is past the hour's window.
    expect(tries).toHaveLength(6);
    expect(records().some((r) => String(r.msg).includes("given up"))).toBe(true);
  });
});

describe("a send repeated past Feishu's uuid window", () => {
  it("killed after sending; restarted more than ~50 minutes later: not sent again, recorded as unconfirmed with a warning", async () => {
    const clock = new FakeClock("2026-11-21T13:59:00Z");
    const store = new MemoryStore({ now: clock.now });
    const { gateway, attempts } = stubGateway();
    startScheduler({ config: configWith([digest()]), gateway, store: dyingBeforeRecord(store), logger: silentLogger(), now: clock.now, timers: clock });
    clock.advanceTo("2026-11-21T14:00:00Z");
    await expect.poll(() => attempts.length).toBe(1);

    // Two hours later, well inside the six-hour catch-up window: a repeat would post twice.
    clock.advanceTo("2026-11-21T16:00:00Z");
    const { logger, records } = recordingLogger();
    const restarted = start({ clock, store, gateway, digests: [digest()], logger });
    await restarted.idle();
    expect(attempts).toHaveLength(1);
    expect(records().some((r) => r.level === 40 && r.chatId === CHAT && String(r.msg).includes("sent-unconfirmed"))).toBe(true);
    expect(JSON.parse((await store.get(chatKey("morning", "2026-11-21T09:00", CHAT)))!)).toMatchObject({ unconfirmed: true });
    expect(await store.get(periodKey("morning", "2026-11-21T09:00"))).toBeDefined();
  });

  it("a send Feishu refused outright leaves no marker, so a retry hours later still sends", async () => {
    const clock = new FakeClock("2026-11-21T13:59:00Z");
    const store = new MemoryStore({ now: clock.now });
    const stub = stubGateway();
    let refuse = true;
    const gateway = {
      ...stub.gateway,
      sendCard: async (...args: Parameters<typeof stub.gateway.sendCard>) => {
        if (refuse) throw new FeishuError({ code: 230002, msg: "bot not in chat", endpoint: "message_create", httpStatus: 400 });
        return stub.gateway.sendCard(...args);
      },
    };
    const scheduler = start({ clock, store, gateway, digests: [digest()] });
    clock.advanceTo("2026-11-21T15:02:00Z");
    await scheduler.idle();
    refuse = false;
    clock.advanceTo("2026-11-21T16:00:00Z");
    await scheduler.idle();
    expect(stub.sent).toHaveLength(1);
  });
});

describe("the lock and the sends", () => {
  it("a run that outlived its lock does not delete the lock another process took since", async () => {
    const clock = new FakeClock("2026-11-21T14:00:00Z");
    const store = new MemoryStore({ now: clock.now });
    const stub = stubGateway();
    const lock = lockKey("morning", "2026-11-21T09:00");
    const gateway = {
      ...stub.gateway,
      sendCard: async (...args: Parameters<typeof stub.gateway.sendCard>) => {
        // The send is slow: the lock expires and another process takes it.
        clock.advance(LOCK_TTL_MS + 1);
        expect(await store.setIfAbsent(lock, "other", LOCK_TTL_MS)).toBe(true);
        return stub.gateway.sendCard(...args);
      },
    };
    const result = await postPeriod({ config: configWith([digest()]), gateway, store, logger: silentLogger(), now: clock.now }, digest(), clock.now(), { late: false });
    expect(result.status).toBe("sent");
    expect(await store.get(lock)).toBe("other");
  });

  it("sends to a digest's chats concurrently, at most SEND_CONCURRENCY at once", async () => {
    const clock = new FakeClock("2026-11-21T14:00:00Z");
    const stub = stubGateway();
    let active = 0;
    let most = 0;
    const gateway = {
      ...stub.gateway,
      sendCard: async (...args: Parameters<typeof stub.gateway.sendCard>) => {
        active += 1;
        most = Math.max(most, active);
        await new Promise((resolve) => setImmediate(resolve));
        active -= 1;
        return stub.gateway.sendCard(...args);
      },
    };
    const chats = Array.from({ length: 12 }, (_, i) => `oc_${i}`);
    const d = digest({ chats });
    const result = await postPeriod({ config: configWith([d]), gateway, store: new MemoryStore({ now: clock.now }), logger: silentLogger(), now: clock.now }, d, clock.now(), { late: false });
    expect(result).toMatchObject({ status: "sent" });
    expect(stub.sent.map((s) => s.chatId).sort()).toEqual([...chats].sort());
    expect(most).toBe(SEND_CONCURRENCY);
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
