import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  formatChange,
  formatCount,
  formatDateTime,
  formatDecimal,
  formatDuration,
  formatPercent,
  formatRatio,
  formatShortDateTime,
  formatTimeNear,
  NONE,
} from "../../src/cards/format.js";

const TZ = "Asia/Shanghai";

describe("formatCount", () => {
  it("groups thousands and rounds to a whole number", () => {
    expect(formatCount(0, "zh")).toBe("0");
    expect(formatCount(1, "en")).toBe("1");
    expect(formatCount(999, "zh")).toBe("999");
    expect(formatCount(1000, "zh")).toBe("1,000");
    expect(formatCount(1_234_567, "en")).toBe("1,234,567");
    expect(formatCount(12.6, "zh")).toBe("13");
  });

  it("shows a dash for what is not a number, and keeps the sign of a negative one", () => {
    expect(formatCount(Number.NaN, "zh")).toBe(NONE);
    expect(formatCount(Number.POSITIVE_INFINITY, "en")).toBe(NONE);
    expect(formatCount(-1234, "en")).toBe("-1,234");
  });
});

describe("formatDecimal", () => {
  it("has one decimal by default", () => {
    expect(formatDecimal(0, "zh")).toBe("0.0");
    expect(formatDecimal(79.857, "zh")).toBe("79.9");
    expect(formatDecimal(1234.5, "en")).toBe("1,234.5");
    expect(formatDecimal(Number.NaN, "en")).toBe(NONE);
  });
});

describe("formatPercent and formatRatio", () => {
  it("always shows one decimal, in both languages", () => {
    expect(formatPercent(0, "zh")).toBe("0.0%");
    expect(formatPercent(1, "zh")).toBe("100.0%");
    expect(formatPercent(0.737, "en")).toBe("73.7%");
    expect(formatPercent(0.0667, "zh")).toBe("6.7%");
    expect(formatPercent(0.99_96, "zh")).toBe("100.0%");
    expect(formatPercent(12.345, "en")).toBe("1,234.5%");
  });

  it("shows a dash for no value, and never prints -0.0%", () => {
    expect(formatPercent(undefined, "zh")).toBe(NONE);
    expect(formatPercent(Number.NaN, "zh")).toBe(NONE);
    expect(formatPercent(-0.0001, "en")).toBe("0.0%");
    expect(formatPercent(-0.25, "en")).toBe("-25.0%");
  });

  it("divides, with a dash when there is nothing to divide by", () => {
    expect(formatRatio(79, 115, "zh")).toBe("68.7%");
    expect(formatRatio(3, 272, "en")).toBe("1.1%");
    expect(formatRatio(0, 0, "zh")).toBe(NONE);
    expect(formatRatio(5, 0, "zh")).toBe(NONE);
    expect(formatRatio(5, -1, "zh")).toBe(NONE);
    expect(formatRatio(Number.NaN, 10, "zh")).toBe(NONE);
    expect(formatRatio(1, Number.NaN, "zh")).toBe(NONE);
  });
});

describe("formatChange", () => {
  it("signs the change with the same one-decimal rule", () => {
    expect(formatChange(0.111, "zh")).toBe("+11.1%");
    expect(formatChange(-0.04, "en")).toBe("−4.0%");
    expect(formatChange(0, "zh")).toBe("±0.0%");
    expect(formatChange(-0.0004, "zh")).toBe("±0.0%");
    expect(formatChange(12.5, "en")).toBe("+1,250.0%");
  });

  it("shows a dash without a comparison", () => {
    expect(formatChange(null, "zh")).toBe(NONE);
    expect(formatChange(undefined, "en")).toBe(NONE);
    expect(formatChange(Number.NaN, "en")).toBe(NONE);
  });
});

describe("formatDuration", () => {
  it.each([
    [0, "0分钟", "0 min"],
    [1, "不到 1 分钟", "under a minute"],
    [59, "不到 1 分钟", "under a minute"],
    [59.4, "不到 1 分钟", "under a minute"],
    [60, "1分钟", "1 min"],
    [119, "1分钟", "1 min"],
    [3599, "59分钟", "59 min"],
    [3600, "1小时", "1 h"],
    [3660, "1小时1分", "1 h 1 min"],
    [7200, "2小时", "2 h"],
    [42_120, "11小时42分", "11 h 42 min"],
    [3600 * 1234 + 300, "1,234小时5分", "1,234 h 5 min"],
  ])("%s s → %s / %s", (seconds, zh, en) => {
    expect(formatDuration(seconds, "zh")).toBe(zh);
    expect(formatDuration(seconds, "en")).toBe(en);
  });

  it("shows a negative duration as zero and a non-number as a dash", () => {
    expect(formatDuration(-5, "zh")).toBe("0分钟");
    expect(formatDuration(-3600, "en")).toBe("0 min");
    expect(formatDuration(Number.NaN, "zh")).toBe(NONE);
    expect(formatDuration(Number.POSITIVE_INFINITY, "en")).toBe(NONE);
  });
});

describe("dates and times", () => {
  const ms = Date.parse("2026-11-20T01:15:00Z");

  it("formats in the bot's time zone", () => {
    expect(formatDateTime(ms, TZ)).toBe("2026-11-20 09:15");
    expect(formatShortDateTime(ms, TZ)).toBe("11-20 09:15");
    expect(formatTimeNear(ms, ms - 3600_000, TZ)).toBe("09:15");
    expect(formatTimeNear(ms + 86_400_000, ms, TZ)).toBe("11-21 09:15");
    expect(formatTimeNear(ms, undefined, TZ)).toBe("11-20 09:15");
  });

  it("shows a dash for an instant that is not one", () => {
    expect(formatDateTime(Number.NaN, TZ)).toBe(NONE);
    expect(formatShortDateTime(1e20, TZ)).toBe(NONE);
    expect(formatTimeNear(Number.NaN, ms, TZ)).toBe(NONE);
    expect(formatTimeNear(ms, Number.NaN, TZ)).toBe("11-20 09:15");
  });
});

describe("any number", () => {
  it("formats without throwing, and never as NaN or undefined", () => {
    const anyNumber = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(Number.NaN, -0, Number.MAX_VALUE, -Number.MAX_VALUE));
    fc.assert(
      fc.property(anyNumber, anyNumber, fc.constantFrom("zh" as const, "en" as const), (a, b, locale) => {
        const out = [
          formatCount(a, locale),
          formatDecimal(a, locale),
          formatPercent(a, locale),
          formatRatio(a, b, locale),
          formatChange(a, locale),
          formatDuration(a, locale),
          formatDateTime(a, TZ),
          formatShortDateTime(a, TZ),
          formatTimeNear(a, b, TZ),
        ];
        for (const text of out) expect(text).not.toMatch(/NaN|undefined|Infinity|∞/);
      }),
    );
  });
});
