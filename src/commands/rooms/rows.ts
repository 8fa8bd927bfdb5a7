/** Reservations → the rows the card lists, in room order and then by time. */
import { localParts } from "../../time/local.js";
import type { Reservation } from "../../feishu/types.js";
import { roomKey } from "./summary.js";
import type { ReservationRow, RoomGroup } from "./view.js";

const ROOM_ORDER = new Intl.Collator("zh-CN", { numeric: true });

/** By room name (then id, so two rooms of one name stay apart), then start; unknown starts last. */
export function sortReservations(reservations: readonly Reservation[]): Reservation[] {
  return [...reservations].sort(
    (a, b) =>
      ROOM_ORDER.compare(a.roomName, b.roomName) ||
      ROOM_ORDER.compare(roomKey(a), roomKey(b)) ||
      (a.start?.getTime() ?? Infinity) - (b.start?.getTime() ?? Infinity) ||
      0,
  );
}

/** Consecutive reservations of one room become one group (the input is sorted by room). */
export function groupByRoom(reservations: readonly Reservation[], timeZone: string, date: string): RoomGroup[] {
  const groups: Array<RoomGroup & { key: string }> = [];
  for (const r of reservations) {
    const key = roomKey(r);
    const last = groups[groups.length - 1];
    const row = toRow(r, timeZone, date);
    if (last && last.key === key) last.rows.push(row);
    else groups.push({ key, room: row.room, rows: [row] });
  }
  return groups.map(({ room, rows }) => ({ room, rows }));
}

export function toRow(r: Reservation, timeZone: string, date: string): ReservationRow {
  return {
    room: r.roomName || r.roomId,
    start: clock(r.start, timeZone, date),
    end: clock(r.end, timeZone, date),
    title: r.title,
    reserver: r.reserver,
    guests: r.guests,
    accepted: r.accepted,
    status: r.status,
    checkIn: r.checkInStatus,
    checkInTime: clock(r.checkInTime, timeZone, date),
    release: r.release,
    releaseTime: clock(r.releaseTime, timeZone, date),
    releasedBy: r.releasedBy,
  };
}

/** "HH:mm" on the day asked for, "MM-DD HH:mm" on any other. */
export function clock(instant: Date | undefined, timeZone: string, date: string): string | undefined {
  if (!instant) return undefined;
  const local = localParts(instant, timeZone);
  return local.date === date ? local.time : `${local.monthDay} ${local.time}`;
}
