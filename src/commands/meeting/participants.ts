/** Attendance figures a meeting owner asks about, derived from the participant list. */
import type { MeetingDetail, Participant } from "../../feishu/types.js";
import type { AttendanceFigures, ParticipantRow } from "./views.js";

/** Joining or leaving within this many minutes of the start or end counts as on time. */
export const GRACE_MINUTES = 5;

/**
 * Late: first joined more than the grace period after the start. Left early: last left more than
 * the grace period before the end, counted only once the meeting has ended (while it runs, nobody
 * has left "early" yet). People who never joined (still being called) count for nothing.
 */
export function attendanceOf(meeting: Pick<MeetingDetail, "startTime" | "endTime">, participants: readonly Participant[]): AttendanceFigures {
  const grace = GRACE_MINUTES * 60_000;
  const joined = participants.filter((p) => p.firstJoinTime !== undefined);
  const start = meeting.startTime?.getTime();
  const end = meeting.endTime?.getTime();
  const late = start === undefined ? 0 : joined.filter((p) => (p.firstJoinTime?.getTime() ?? start) - start > grace).length;
  const leftEarly =
    end === undefined
      ? undefined
      : joined.filter((p) => p.finalLeaveTime !== undefined && end - p.finalLeaveTime.getTime() > grace).length;
  return { joined: joined.length, late, leftEarly, external: joined.filter((p) => p.isExternal).length };
}

/**
 * A stable order for paging: the API promises none, and each click refetches, so without one a
 * person could move between pages. First join, then id; people who never joined come last.
 */
export function sortParticipants(participants: readonly Participant[]): Participant[] {
  const joined = (p: Participant) => p.firstJoinTime?.getTime() ?? Infinity;
  return [...participants].sort((a, b) => joined(a) - joined(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function participantRow(p: Participant): ParticipantRow {
  const row: ParticipantRow = {
    id: p.id,
    userType: p.userType,
    seconds: p.inMeetingSeconds,
    isHost: p.isHost,
    isCohost: p.isCohost,
    isExternal: p.isExternal,
    status: p.status,
  };
  if (p.firstJoinTime) row.firstJoin = p.firstJoinTime.getTime();
  if (p.finalLeaveTime) row.lastLeave = p.finalLeaveTime.getTime();
  return row;
}
