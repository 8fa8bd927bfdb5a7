/**
 * Number, duration and percentage formatting for the /report and /pushstats cards.
 */
import type { Locale } from "../../config/types.js";
import { fill } from "../i18n.js";


const NUMBER_LOCALE: Record<Locale, string> = { zh: "zh-CN", en: "en-US" };


/** 1234567 → "1,234,567". */
export function formatCount(n: number, locale: Locale): string {
  return new Intl.NumberFormat(NUMBER_LOCALE[locale], { maximumFractionDigits: 0 }).format(Math.round(n));
}

/** 12.345 → "12.3": for averages. */
export function formatDecimal(n: number, locale: Locale, digits = 1): string {
  return new Intl.NumberFormat(NUMBER_LOCALE[locale], { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n);
}

/** 0.4567 → "45.7%". */
export function formatPercent(fraction: number, locale: Locale): string {
  return `${formatDecimal(fraction * 100, locale)}%`;
}

/** +0.123 → "+12.3%", −0.04 → "−4.0%". */
export function formatChange(fraction: number, locale: Locale): string {
  const rounded = Math.round(fraction * 1000) / 10;
  if (rounded === 0) return `±${formatDecimal(0, locale)}%`;
  return `${rounded > 0 ? "+" : "−"}${formatDecimal(Math.abs(rounded), locale)}%`;
}

const DURATION: Record<Locale, { hm: string; h: string; m: string; under: string }> = {
  zh: { hm: "{h} 小时 {m} 分钟", h: "{h} 小时", m: "{m} 分钟", under: "不到 1 分钟" },
  en: { hm: "{h} h {m} min", h: "{h} h", m: "{m} min", under: "under 1 min" },
};

/** Seconds → "12 小时 5 分钟" / "12 h 5 min", to the minute. */
export function formatDuration(seconds: number, locale: Locale): string {
  const text = DURATION[locale];
  const minutes = Math.round(Math.max(0, seconds) / 60);
  if (minutes === 0) return seconds > 0 ? text.under : fill(text.m, { m: 0 });
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return fill(text.m, { m });
  return fill(m === 0 ? text.h : text.hm, { h: formatCount(h, locale), m });
}
