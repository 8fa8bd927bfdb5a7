/** How long a meeting lasted, or has lasted so far. */
import type { MeetingDetail } from "../../feishu/types.js";

/**
 * End minus start; for a meeting still running (no end yet), the time up to `now`. Undefined
 * without a start time, or for an ended meeting whose end time is missing.
 */
export function meetingSeconds(m: Pick<MeetingDetail, "startTime" | "endTime" | "status">, now: number): number | undefined {
  const start = m.startTime?.getTime();
  if (start === undefined) return undefined;
  const end = m.endTime?.getTime() ?? (m.status === "ended" ? undefined : now);
  if (end === undefined) return undefined;
  return Math.max(0, Math.round((end - start) / 1000));
}
