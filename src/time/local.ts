/**
 * Wall-clock parts of an instant in a time zone, for display. dayjs's `.tz()` builds a new
 * Intl.DateTimeFormat on every call (~0.1 ms each, most of a large card's render time); one cached
 * formatter per zone does the same job in about a microsecond.
 */

export interface LocalParts {
  /** YYYY-MM-DD */
  date: string;
  /** MM-DD */
  monthDay: string;
  /** HH:mm, 24-hour */
  time: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function localParts(instant: Date | number, timeZone: string): LocalParts {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) parts[part.type] = part.value;
  const monthDay = `${parts.month}-${parts.day}`;
  return { date: `${parts.year}-${monthDay}`, monthDay, time: `${parts.hour}:${parts.minute}` };
}

/** The instant's wall-clock time in `timeZone`, as a Date whose UTC fields read it (what a zone-less spreadsheet date shows). */
export function wallClockDate(instant: Date | number, timeZone: string): Date {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) if (part.type !== "literal") parts[part.type] = Number(part.value);
  return new Date(Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!));
}
