/**
 * Dates as Feishu's table and `<local_datetime>` show them: in the viewer's time zone, which for
 * the sandbox is the machine the console runs on. Placeholders per card-v2-table.md (date_format).
 */

export function formatDateTime(ms: number, format: string): string {
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return "";
  const two = (n: number) => String(n).padStart(2, "0");
  const parts: Record<string, string> = {
    YYYY: String(date.getFullYear()).padStart(4, "0"),
    MM: two(date.getMonth() + 1),
    DD: two(date.getDate()),
    HH: two(date.getHours()),
    mm: two(date.getMinutes()),
    ss: two(date.getSeconds()),
  };
  return format.replace(/YYYY|MM|DD|HH|mm|ss/g, (token) => parts[token] ?? token);
}

/** RFC 3339 with the local offset, Feishu's default for a date cell: 2026-12-03T09:30:00+08:00. */
export function rfc3339(ms: number): string {
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return "";
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? "+" : "-";
  const abs = Math.abs(offset);
  const zone = `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
  return `${formatDateTime(ms, "YYYY-MM-DDTHH:mm:ss")}${zone}`;
}
