/**
 * Dates as Feishu's table and `<local_datetime>` show them: in the viewer's time zone, which for the
 * sandbox is its tenant's (the zone every other date on the bot's cards is written in).
 * Placeholders per card-v2-table.md (date_format).
 */
import dayjs from "dayjs";
import timezone from "dayjs/plugin/timezone.js";
import utc from "dayjs/plugin/utc.js";

dayjs.extend(utc);
dayjs.extend(timezone);

/** When the console is not told the tenant's zone. */
export const DEFAULT_TIME_ZONE = "Asia/Shanghai";

export function formatDateTime(ms: number, format: string, timeZone: string): string {
  const date = zoned(ms, timeZone);
  if (!date) return "";
  // Only the documented placeholders: anything else in a card's format is shown as written.
  return format.replace(/YYYY|MM|DD|HH|mm|ss/g, (token) => date.format(token));
}

/** RFC 3339 with the zone's offset, Feishu's default for a date cell: 2026-12-03T09:30:00+08:00. */
export function rfc3339(ms: number, timeZone: string): string {
  return zoned(ms, timeZone)?.format("YYYY-MM-DDTHH:mm:ssZ") ?? "";
}

function zoned(ms: number, timeZone: string): dayjs.Dayjs | undefined {
  if (!Number.isFinite(ms) || Number.isNaN(new Date(ms).getTime())) return undefined;
  try {
    return dayjs(ms).tz(timeZone);
  } catch {
    return dayjs(ms).tz(DEFAULT_TIME_ZONE);
  }
}
