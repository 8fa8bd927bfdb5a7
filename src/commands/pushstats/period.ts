/**
 * The calendar of message_push_overview: Feishu produces a day's data at 10:00 (tenant time) two
 * days later; a week starts on Monday and a month on the 1st. Dates are YYYY-MM-DD strings.
 */
import dayjs from "dayjs";
import timezone from "dayjs/plugin/timezone.js";
import utc from "dayjs/plugin/utc.js";
import type { PushCycle } from "../../feishu/types.js";

dayjs.extend(utc);
dayjs.extend(timezone);

/** "一般每天早上10点产出两天前的数据" (seed 004). */
export const DATA_READY_HOUR = 10;
export const DATA_DELAY_DAYS = 2;

const DAY = "YYYY-MM-DD";

/** The latest day with data at `now`: two days ago from 10:00, three days ago before. */
export function latestDataDay(now: number, timeZone: string): string {
  const local = dayjs(now).tz(timeZone);
  const delay = local.hour() >= DATA_READY_HOUR ? DATA_DELAY_DAYS : DATA_DELAY_DAYS + 1;
  return dayjs(local.format(DAY)).subtract(delay, "day").format(DAY);
}

/** When the data of `date` is produced, as "YYYY-MM-DD HH:mm" in the tenant's time zone. */
export function availableAt(date: string): string {
  const ready = dayjs(date).add(DATA_DELAY_DAYS, "day");
  return `${ready.format(DAY)} ${String(DATA_READY_HOUR).padStart(2, "0")}:00`;
}

/** The first day of the period holding `date`: itself, its week's Monday, or its month's 1st. */
export function periodStart(date: string, cycle: PushCycle): string {
  const day = dayjs(date);
  if (cycle === "week") return day.subtract((day.day() + 6) % 7, "day").format(DAY);
  if (cycle === "month") return day.startOf("month").format(DAY);
  return day.format(DAY);
}

export function periodEnd(start: string, cycle: PushCycle): string {
  const day = dayjs(start);
  if (cycle === "week") return day.add(6, "day").format(DAY);
  if (cycle === "month") return day.endOf("month").format(DAY);
  return day.format(DAY);
}

/** The start of the period `steps` periods away (negative: earlier). */
export function shiftPeriod(start: string, cycle: PushCycle, steps: number): string {
  const unit = cycle === "day" ? "day" : cycle === "week" ? "week" : "month";
  return dayjs(start).add(steps, unit).format(DAY);
}

export function earlier(a: string, b: string): string {
  return a <= b ? a : b;
}
