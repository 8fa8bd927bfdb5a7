/**
 * The calendar of message_push_overview: Feishu produces a day's data at 10:00 (tenant time) two
 * days later; a week starts on Monday and a month on the 1st. Dates are YYYY-MM-DD strings. The
 * publishing rule itself lives beside the gateway's cache, which must agree with it.
 */
import dayjs from "dayjs";
import timezone from "dayjs/plugin/timezone.js";
import utc from "dayjs/plugin/utc.js";
import { DATA_DELAY_DAYS, DATA_READY_HOUR, latestPushDataDay, pushPeriodEnd } from "../../feishu/push-calendar.js";
import type { PushCycle } from "../../feishu/types.js";

dayjs.extend(utc);
dayjs.extend(timezone);

export { DATA_DELAY_DAYS, DATA_READY_HOUR };

const DAY = "YYYY-MM-DD";

/** The latest day with data at `now`: two days ago from 10:00, three days ago before. */
export const latestDataDay = latestPushDataDay;

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

export const periodEnd = pushPeriodEnd;

/** The start of the period `steps` periods away (negative: earlier). */
export function shiftPeriod(start: string, cycle: PushCycle, steps: number): string {
  const unit = cycle === "day" ? "day" : cycle === "week" ? "week" : "month";
  return dayjs(start).add(steps, unit).format(DAY);
}

export function earlier(a: string, b: string): string {
  return a <= b ? a : b;
}
