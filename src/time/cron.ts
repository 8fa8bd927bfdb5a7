/**
 * A digest's cron expression read in its own time zone, whatever the machine's. croner is used
 * as a calculator only (no croner timers): the scheduler keeps its own clock and timers, so tests
 * can drive it with a fake clock.
 */
import { Cron } from "croner";
import dayjs from "dayjs";
import timezone from "dayjs/plugin/timezone.js";
import utc from "dayjs/plugin/utc.js";
import type { DigestConfig } from "../config/types.js";

dayjs.extend(utc);
dayjs.extend(timezone);

const patterns = new Map<string, Cron>();

function cronOf(digest: Pick<DigestConfig, "cron" | "timezone">): Cron {
  const key = `${digest.timezone}\n${digest.cron}`;
  let cron = patterns.get(key);
  if (cron === undefined) {
    cron = new Cron(digest.cron, { timezone: digest.timezone, mode: "5-part", paused: true });
    patterns.set(key, cron);
  }
  return cron;
}

/** The first occurrence strictly after `after` (ms), or undefined when the expression fires no more. */
export function nextOccurrence(digest: Pick<DigestConfig, "cron" | "timezone">, after: number): number | undefined {
  return cronOf(digest).nextRun(new Date(after))?.getTime();
}

/** The latest occurrence at or before `at` (ms), or undefined when there was none. */
export function latestOccurrence(digest: Pick<DigestConfig, "cron" | "timezone">, at: number): number | undefined {
  // previousRuns counts a run earlier in the reference's second but not one exactly at it.
  return cronOf(digest).previousRuns(1, new Date(at + 1))[0]?.getTime();
}

/**
 * The period an occurrence stands for, in the digest's zone to the minute: "2026-11-21T09:00".
 * Occurrences are whole minutes (5-field expressions), so no two share a period; in the hour a
 * clock change repeats, the second run of a local time counts as the first and is not posted again.
 */
export function periodOf(digest: Pick<DigestConfig, "timezone">, occurrence: number): string {
  return dayjs(occurrence).tz(digest.timezone).format("YYYY-MM-DDTHH:mm");
}

/** "YYYY-MM-DD HH:mm" in the digest's zone, as cards show times. */
export function localTime(timeZone: string, at: number): string {
  return dayjs(at).tz(timeZone).format("YYYY-MM-DD HH:mm");
}
