/**
 * The one formatter for figures on every card and digest: counts, decimals, percentages, signed
 * changes, durations, dates and times. Pure functions of their input and the card's language;
 * a renderer never formats a figure any other way, so the same figure reads the same everywhere.
 *
 * Rules:
 * - counts: whole numbers with thousands separators, "1,234,567";
 * - decimals (averages): one decimal, "12.3";
 * - percentages: always one decimal, no space, "73.7%", "6.7%", "100.0%"; a ratio with nothing to
 *   divide by is "—";
 * - changes: a signed percentage, "+12.3%", "−4.0%", "±0.0%";
 * - durations: whole minutes, rounded down: zh "11小时42分" / "2小时" / "25分钟" / "不到 1 分钟",
 *   en "11 h 42 min" / "2 h" / "25 min" / "under a minute"; zero is "0分钟" / "0 min";
 * - dates and times in the bot's time zone: "2026-11-20 09:15", "11-20 09:15", "09:15".
 * A value that is not a finite number (NaN, Infinity) is "—", never "NaN".
 */
import type { Locale } from "../config/types.js";
import { localParts } from "../time/local.js";
import { fill } from "./i18n.js";

/** What a card shows for a figure that does not exist: no data, or nothing to divide by. */
export const NONE = "—";

const NUMBER_LOCALE: Record<Locale, string> = { zh: "zh-CN", en: "en-US" };

const integerFormats = new Map<Locale, Intl.NumberFormat>();
const decimalFormats = new Map<string, Intl.NumberFormat>();

function integerFormat(locale: Locale): Intl.NumberFormat {
  let format = integerFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(NUMBER_LOCALE[locale] ?? NUMBER_LOCALE.zh, { maximumFractionDigits: 0 });
    integerFormats.set(locale, format);
  }
  return format;
}

function decimalFormat(locale: Locale, digits: number): Intl.NumberFormat {
  const key = `${locale}:${digits}`;
  let format = decimalFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(NUMBER_LOCALE[locale] ?? NUMBER_LOCALE.zh, {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    decimalFormats.set(key, format);
  }
  return format;
}

/** 1234567 → "1,234,567"; rounded to a whole number. */
export function formatCount(n: number, locale: Locale): string {
  if (!Number.isFinite(n)) return NONE;
  return integerFormat(locale).format(Math.round(n));
}

/** 12.345 → "12.3": for averages. */
export function formatDecimal(n: number, locale: Locale, digits = 1): string {
  if (!Number.isFinite(n)) return NONE;
  return decimalFormat(locale, digits).format(n);
}

/** 0.4567 → "45.7%"; always one decimal. */
export function formatPercent(fraction: number | undefined, locale: Locale): string {
  if (fraction === undefined || !Number.isFinite(fraction)) return NONE;
  // Round once, here, so that −0.0004 does not print as "-0.0%".
  const tenths = Math.round(fraction * 1000);
  return `${formatDecimal(tenths === 0 ? 0 : tenths / 10, locale)}%`;
}

/** part/whole as a percentage, "—" when there is nothing to divide by. */
export function formatRatio(part: number, whole: number, locale: Locale): string {
  if (!(whole > 0) || !Number.isFinite(part)) return NONE;
  return formatPercent(part / whole, locale);
}

/** +0.123 → "+12.3%", −0.04 → "−4.0%", 0 → "±0.0%"; "—" without a comparison. */
export function formatChange(fraction: number | null | undefined, locale: Locale): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return NONE;
  const tenths = Math.round(fraction * 1000);
  if (tenths === 0) return `±${formatDecimal(0, locale)}%`;
  return `${tenths > 0 ? "+" : "−"}${formatDecimal(Math.abs(tenths) / 10, locale)}%`;
}

const DURATION: Record<Locale, { hm: string; h: string; m: string; under: string }> = {
  zh: { hm: "{h}小时{m}分", h: "{h}小时", m: "{m}分钟", under: "不到 1 分钟" },
  en: { hm: "{h} h {m} min", h: "{h} h", m: "{m} min", under: "under a minute" },
};

/**
 * Seconds → "11小时42分" / "11 h 42 min", in whole minutes rounded down (after rounding to the
 * second): 59 s is "不到 1 分钟", 3599 s "59分钟", 3600 s "1小时". Negative is shown as 0.
 */
export function formatDuration(seconds: number, locale: Locale): string {
  if (!Number.isFinite(seconds)) return NONE;
  const text = DURATION[locale] ?? DURATION.zh;
  const s = Math.max(0, Math.round(seconds));
  const minutes = Math.floor(s / 60);
  if (minutes === 0) return s > 0 ? text.under : fill(text.m, { m: 0 });
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return fill(text.m, { m });
  return fill(m === 0 ? text.h : text.hm, { h: formatCount(h, locale), m });
}

/** Date's own range: beyond ±8.64e15 ms Intl throws. */
function isInstant(ms: number): boolean {
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15;
}

/** "2026-11-20 09:15" */
export function formatDateTime(ms: number, timeZone: string): string {
  if (!isInstant(ms)) return NONE;
  const local = localParts(ms, timeZone);
  return `${local.date} ${local.time}`;
}

/** "11-20 09:15", for a row whose year is in the card's header. */
export function formatShortDateTime(ms: number, timeZone: string): string {
  if (!isInstant(ms)) return NONE;
  const local = localParts(ms, timeZone);
  return `${local.monthDay} ${local.time}`;
}

/** "09:15" on the same day as `reference`, "11-21 09:15" on another. */
export function formatTimeNear(ms: number, reference: number | undefined, timeZone: string): string {
  if (!isInstant(ms)) return NONE;
  const t = localParts(ms, timeZone);
  const sameDay = reference !== undefined && isInstant(reference) && localParts(reference, timeZone).date === t.date;
  return sameDay ? t.time : `${t.monthDay} ${t.time}`;
}
