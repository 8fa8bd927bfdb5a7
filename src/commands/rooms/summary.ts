/** The day's figures, over every reservation fetched (after the room filter), whatever page is shown. */
import type { ReleaseKind, Reservation } from "../../feishu/types.js";
import type { RoomsSummary } from "./view.js";

export const BUSIEST_ROOMS = 3;

/** Releases the system makes on its own when nobody turns up. */
const AUTOMATIC_RELEASES: ReadonlySet<ReleaseKind["kind"]> = new Set(["auto", "no_check_in", "sensor"]);

/**
 * Where one reservation stands on the card: every reservation is in exactly one group, so the groups
 * add up to the day's count. Approval comes first (nothing else is settled while it is pending).
 */
export type CheckInGroup = "approving" | "checkedIn" | "noShow" | "missed" | "notYetDue" | "noCheckIn";

export function checkInGroup(r: Reservation): CheckInGroup {
  if (r.status.kind === "approving") return "approving";
  if (r.checkInStatus?.kind === "checked_in") return "checkedIn";
  if (isNoShow(r)) return "noShow";
  switch (r.checkInStatus?.kind) {
    case "missed":
      return "missed";
    case "awaiting":
    case "window_open":
      return "notYetDue";
    default:
      return "noCheckIn";
  }
}

export function summarise(reservations: readonly Reservation[]): RoomsSummary {
  const rooms = new Map<string, { room: string; seconds: number; reservations: number }>();
  const summary: RoomsSummary = {
    reservations: reservations.length,
    approving: 0,
    roomsUsed: 0,
    checkIn: { checkedIn: 0, due: 0 },
    noShows: 0,
    missed: 0,
    notYetDue: 0,
    noCheckIn: 0,
    releasedEarly: 0,
    secondsGivenBack: 0,
    invitations: { accepted: 0, invited: 0 },
    busiestRooms: [],
  };
  for (const r of reservations) {
    const key = roomKey(r);
    const room = rooms.get(key) ?? { room: r.roomName || r.roomId, seconds: 0, reservations: 0 };
    room.seconds += reservedSeconds(r);
    room.reservations += 1;
    rooms.set(key, room);

    if (r.guests !== undefined) summary.invitations.invited += r.guests;
    if (r.accepted !== undefined) summary.invitations.accepted += r.accepted;

    const group = checkInGroup(r);
    if (group === "approving") summary.approving += 1;
    else if (group === "notYetDue") summary.notYetDue += 1;
    else if (group === "noCheckIn") summary.noCheckIn += 1;
    else {
      // The rate's denominator: only check-ins that are settled, one way or the other.
      summary.checkIn.due += 1;
      if (group === "checkedIn") summary.checkIn.checkedIn += 1;
      else if (group === "noShow") summary.noShows += 1;
      else summary.missed += 1;
    }
    const givenBack = earlyRelease(r);
    if (givenBack !== undefined) {
      summary.releasedEarly += 1;
      summary.secondsGivenBack += givenBack;
    }
  }
  summary.roomsUsed = rooms.size;
  summary.busiestRooms = [...rooms.values()]
    .sort((a, b) => b.seconds - a.seconds || b.reservations - a.reservations || a.room.localeCompare(b.room))
    .slice(0, BUSIEST_ROOMS);
  return summary;
}

/** Reserved, not checked in, and released automatically. */
export function isNoShow(r: Reservation): boolean {
  return (
    r.status.kind !== "approving" &&
    r.checkInStatus?.kind !== "checked_in" &&
    r.checkInTime === undefined &&
    AUTOMATIC_RELEASES.has(r.release.kind)
  );
}

/** An early release (a release other than a no-show's): the seconds it handed back; undefined for none. */
export function earlyRelease(r: Reservation): number | undefined {
  return checkInGroup(r) !== "noShow" && isReleased(r.release) ? secondsGivenBack(r) : undefined;
}

/** A release the normaliser recognised; an unknown value is shown on its row but not counted. */
function isReleased(release: ReleaseKind): boolean {
  return release.kind !== "not_released" && release.kind !== "unknown";
}

export function roomKey(r: Reservation): string {
  return r.roomId || r.roomName;
}

/** The reserved span: the API's duration, else end − start, else nothing. */
export function reservedSeconds(r: Reservation): number {
  if (r.durationSeconds !== undefined) return r.durationSeconds;
  if (r.start && r.end) return Math.max(0, (r.end.getTime() - r.start.getTime()) / 1000);
  return 0;
}

/**
 * The reserved time the release handed back: from the release (or the start, when released before
 * it began) to the planned end, never more than the reserved span; nothing when the end or the
 * release time is unknown, or the release came after the end.
 */
function secondsGivenBack(r: Reservation): number {
  if (!r.releaseTime || !r.end) return 0;
  const from = Math.max(r.releaseTime.getTime(), r.start?.getTime() ?? -Infinity);
  const seconds = Math.max(0, Math.round((r.end.getTime() - from) / 1000));
  return Math.min(seconds, reservedSeconds(r));
}
