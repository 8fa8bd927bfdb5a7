/**
 * When message_push_overview has data: "一般每天早上10点产出两天前的数据" (seed 004). One rule, used
 * both by the cache (is a period final?) and by /pushstats (which period to show), so the two can
 * never disagree. Dates are YYYY-MM-DD strings in the tenant's time zone.
 */
import dayjs from "dayjs";
import timezone from "dayjs/plugin/timezone.js";
import utc from "dayjs/plugin/utc.js";
import type { PushCycle } from "./types.js";

dayjs.extend(utc);
dayjs.extend(timezone);

export const DATA_READY_HOUR = 10;
export const DATA_DELAY_DAYS = 2;

const DAY = "YYYY-MM-DD";

/** The latest day with data at `now`: two days ago from 10:00, three days ago before. */
export function latestPushDataDay(now: number, timeZone: string): string {
  const local = dayjs(now).tz(timeZone);
  const delay = local.hour() >= DATA_READY_HOUR ? DATA_DELAY_DAYS : DATA_DELAY_DAYS + 1;
  return dayjs(local.format(DAY)).subtract(delay, "day").format(DAY);
}

/** The last day of the period starting on `start`: itself, the Sunday after a Monday, or the month's last day. */
export function pushPeriodEnd(start: string, cycle: PushCycle): string {
  const day = dayjs(start);
  if (cycle === "week") return day.add(6, "day").format(DAY);
  if (cycle === "month") return day.endOf("month").format(DAY);
  return day.format(DAY);
}

/** True once every day of the period starting on `start` has been published at `now`. */
export function pushPeriodComplete(start: string, cycle: PushCycle, now: number, timeZone: string): boolean {
  return pushPeriodEnd(start, cycle) <= latestPushDataDay(now, timeZone);
}
