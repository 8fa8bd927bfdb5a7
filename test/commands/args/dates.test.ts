import { describe, expect, it } from "vitest";
import {
  dayFromToday,
  firstWholeDayFrom,
  lastDaysOf,
  looksLikeDay,
  looksLikeRange,
  parseDay,
  parseRange,
  VC_LOOKBACK_MARGIN_MS,
  vcLookbackStart,
} from "../../../src/commands/args/dates.js";
import { UsageError } from "../../../src/commands/usage.js";

// 2026-11-21 09:30 in Shanghai is 01:30 UTC: the calendar day differs from UTC's only near midnight.
const now = Date.parse("2026-11-21T01:30:00Z");
const opts = { command: "report" as const, now, timeZone: "Asia/Shanghai" };
const range = (arg: string | undefined, extra: Partial<Parameters<typeof parseRange>[1]> = {}) =>
  parseRange(arg, { ...opts, defaultDays: 30, maxDays: 90, ...extra });

describe("parseDay", () => {
  it("reads today, yesterday and their Chinese words in the configured zone", () => {
    expect(parseDay("today", opts).date).toBe("2026-11-21");
    expect(parseDay("今天", opts).date).toBe("2026-11-21");
    expect(parseDay("yesterday", opts).date).toBe("2026-11-20");
    expect(parseDay("昨天", opts).date).toBe("2026-11-20");
  });

  it("gives the day's bounds as instants in the zone", () => {
    const day = parseDay("2026-11-01", opts);
    expect(day.start.toISOString()).toBe("2026-10-31T16:00:00.000Z");
    expect(day.end.toISOString()).toBe("2026-11-01T16:00:00.000Z");
  });

  it("uses the zone, not UTC, for today", () => {
    const lateUtc = Date.parse("2026-11-21T20:00:00Z");
    expect(dayFromToday(0, { now: lateUtc, timeZone: "Asia/Shanghai" }).date).toBe("2026-11-22");
    expect(dayFromToday(0, { now: lateUtc, timeZone: "UTC" }).date).toBe("2026-11-21");
  });

  it.each(["2026-13-45", "2026-02-30", "abc", "21-11-2026", ""])("refuses %j with a usage error", (arg) => {
    expect(() => parseDay(arg, opts)).toThrow(UsageError);
  });

  it("tells day words from other arguments", () => {
    expect(looksLikeDay("2026-11-01")).toBe(true);
    expect(looksLikeDay("昨天")).toBe(true);
    expect(looksLikeDay("Room-3F")).toBe(false);
  });
});

describe("parseRange", () => {
  it("reads Nd as the last N whole days, ending yesterday, in every command", () => {
    const r = range("7d");
    expect([r.from.date, r.to.date, r.days]).toEqual(["2026-11-14", "2026-11-20", 7]);
  });

  it("reads N天, as typed on a Chinese keyboard, exactly as Nd", () => {
    expect(range("7天")).toEqual(range("7d"));
    expect(range("30天")).toEqual(range("30d"));
    expect(looksLikeRange("7天")).toBe(true);
    expect(looksLikeRange("7D")).toBe(true);
    expect(looksLikeRange("天")).toBe(false);
    expect(() => range("91天")).toThrow(UsageError);
  });

  it("defaults to the command's default length", () => {
    expect(range(undefined).days).toBe(30);
  });

  it("reads an explicit inclusive range", () => {
    const r = range("2026-11-01..2026-11-10");
    expect([r.from.date, r.to.date, r.days]).toEqual(["2026-11-01", "2026-11-10", 10]);
  });

  it("accepts exactly the look-back and refuses one day more, instead of clipping", () => {
    expect(range("89d").days).toBe(89);
    expect(() => range("90d")).toThrow(/90/);
    expect(() => range("2026-08-01..2026-08-05")).toThrow(UsageError);
  });

  it.each(["0d", "2026-11-10..2026-11-01", "2026-11-01..2026-11-30", "2026-11-01", "soon", "2026-11-01..2026-13-01"])(
    "refuses %j",
    (arg) => {
      expect(() => range(arg)).toThrow(UsageError);
    },
  );

  it("carries the problem in both languages", () => {
    try {
      range("2026-11-10..2026-11-01");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(UsageError);
      expect((error as UsageError).problem.zh).toContain("开始日期");
      expect((error as UsageError).problem.en).toContain("starts after it ends");
    }
  });
});

describe("Feishu's 90-day window", () => {
  it.each(["00:00:00", "00:05:00", "12:00:00", "23:55:00", "23:59:59.500"])(
    "starts inside now − 90 × 86,400 s at %s, a little inside, on a whole minute",
    (time) => {
      const now = Date.parse(`2024-06-12T${time}+08:00`);
      const start = vcLookbackStart(now).getTime();
      const edge = now - 90 * 86_400_000;
      expect(start).toBeGreaterThanOrEqual(edge + VC_LOOKBACK_MARGIN_MS);
      expect(start).toBeLessThan(edge + VC_LOOKBACK_MARGIN_MS + 60_000);
      expect(start % 60_000).toBe(0);
    },
  );

  it("finds the first whole day at or after an instant", () => {
    const tz = "Asia/Shanghai";
    expect(firstWholeDayFrom(new Date("2024-03-14T15:01:00+08:00"), tz).date).toBe("2024-03-15");
    expect(firstWholeDayFrom(new Date("2024-03-14T00:00:00+08:00"), tz).date).toBe("2024-03-14");
    expect(firstWholeDayFrom(new Date("2024-03-13T23:59:59+08:00"), tz).date).toBe("2024-03-14");
  });

  it("reads N of Nd and N天 only", () => {
    expect([lastDaysOf("90d"), lastDaysOf(" 90天 "), lastDaysOf("90D"), lastDaysOf("2024-01-01..2024-01-02"), lastDaysOf("d")]).toEqual([
      90,
      90,
      90,
      undefined,
      undefined,
    ]);
  });
});
