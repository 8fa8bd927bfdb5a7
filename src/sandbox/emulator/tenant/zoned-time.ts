/**
 * Calendar arithmetic in a named timezone with plain Intl (fast enough to run thousands of times
 * while generating a tenant). Dates are "YYYY-MM-DD" strings; instants are unix seconds.
 */

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: timezone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timezone, f);
  }
  return f;
}

/** Throws a RangeError for an unknown timezone name. */
export function assertTimezone(timezone: string): void {
  formatterFor(timezone);
}

export function localParts(unixSec: number, timezone: string): LocalParts {
  const parts = formatterFor(timezone).formatToParts(new Date(unixSec * 1000));
  const get = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((p) => p.type === type)?.value ?? 0);
  return {
    year: get("year"),
    month: get("month"),
    day: get("day"),
    hour: get("hour"),
    minute: get("minute"),
    second: get("second"),
  };
}

/** The zone's offset from UTC at that instant, in minutes (e.g. +480 for Asia/Shanghai). */
export function offsetMinutes(unixSec: number, timezone: string): number {
  const p = localParts(unixSec, timezone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) / 1000;
  return Math.round((asUtc - unixSec) / 60);
}

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

export function localDate(unixSec: number, timezone: string): string {
  const p = localParts(unixSec, timezone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** The instant of local midnight starting `date`. */
export function dayStart(date: string, timezone: string): number {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const naive = Date.UTC(y, m - 1, d) / 1000;
  // Two passes settle the offset even on a day whose offset changes.
  let guess = naive - offsetMinutes(naive, timezone) * 60;
  guess = naive - offsetMinutes(guess, timezone) * 60;
  return guess;
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: string): number {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

/** True when `text` is a real calendar date written YYYY-MM-DD. */
export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const [y, m, d] = text.split("-").map(Number) as [number, number, number];
  const back = new Date(Date.UTC(y, m - 1, d));
  return back.getUTCFullYear() === y && back.getUTCMonth() === m - 1 && back.getUTCDate() === d;
}

/** "2022.12.17 21:00:00 (GMT+08:00)", the reservation page's display format. */
export function displayTime(unixSec: number, timezone: string): string {
  const p = localParts(unixSec, timezone);
  const off = offsetMinutes(unixSec, timezone);
  const sign = off < 0 ? "-" : "+";
  const abs = Math.abs(off);
  return (
    `${p.year}.${pad(p.month)}.${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}` +
    ` (GMT${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)})`
  );
}

/** "1:00:00": hours unpadded, as the reservation page shows a duration. */
export function displayDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 3600)}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}
