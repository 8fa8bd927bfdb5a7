/** Times and durations on the `/meeting` cards, in the bot's time zone and the card's language. */
import { localParts } from "../../time/local.js";
import type { Locale } from "../../config/types.js";
import { tm } from "./meeting.i18n.js";

/** "1小时5分" / "1h 5m", "2小时" / "2h", "25分钟" / "25 min", "40秒" / "40s"; whole minutes from one minute on. */
export function formatDuration(seconds: number, locale: Locale): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return tm(locale, "duration.s", { s });
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return tm(locale, "duration.m", { m: minutes });
  const h = Math.floor(minutes / 60);
  return minutes % 60 === 0 ? tm(locale, "duration.h", { h }) : tm(locale, "duration.hm", { h, m: minutes % 60 });
}

/** "2026-11-20 09:15" */
export function formatDateTime(ms: number, timeZone: string): string {
  const local = localParts(ms, timeZone);
  return `${local.date} ${local.time}`;
}

/** "11-20 09:15" for a list row: the range is at most 90 days, the year is in the header. */
export function formatShortDateTime(ms: number, timeZone: string): string {
  const local = localParts(ms, timeZone);
  return `${local.monthDay} ${local.time}`;
}

/** "09:15" on the same day as `reference`, "11-21 09:15" on another. */
export function formatTimeNear(ms: number, reference: number | undefined, timeZone: string): string {
  const t = localParts(ms, timeZone);
  const sameDay = reference !== undefined && localParts(reference, timeZone).date === t.date;
  return sameDay ? t.time : `${t.monthDay} ${t.time}`;
}

/** "6.7%"; "—" with nothing to divide by. */
export function formatShare(part: number, whole: number, locale: Locale): string {
  if (whole <= 0) return tm(locale, "none");
  return `${Math.round((part / whole) * 1000) / 10}%`;
}
