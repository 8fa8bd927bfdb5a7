/**
 * A period's reservations → figures per room: booked hours inside working hours against the hours
 * available, check-ins, no-shows and hours given back (summary.ts's rules, one definition each),
 * the rooms nobody booked, booked hours by weekday × hour, and people with repeated no-shows.
 * Plain arithmetic over plain data: the query fetched, the view shows.
 */
import dayjs from "dayjs";
import timezone from "dayjs/plugin/timezone.js";
import utc from "dayjs/plugin/utc.js";
import type { WorkingHours } from "../../config/types.js";
import type { Reservation, Room } from "../../feishu/types.js";
import { checkInGroup, earlyRelease, isNoShow, roomKey } from "./summary.js";

dayjs.extend(utc);
dayjs.extend(timezone);

/** No-shows from this many on make a person a repeat no-show booker. */
export const REPEAT_NO_SHOWS = 2;

/** One day of the period as fetched: its date and the window asked for (today's ends now). */
export interface PeriodDay {
  date: string;
  start: Date;
  end: Date;
}

export interface RoomFigures {
  roomId: string;
  room: string;
  reservations: number;
  /** Confirmed reservations' time inside working hours (and inside the fetched windows). */
  bookedSeconds: number;
  availableSeconds: number;
  checkIn: { checkedIn: number; due: number };
  noShows: number;
  releasedEarly: number;
  secondsGivenBack: number;
}

export interface HeatCell {
  /** ISO weekday: 1 Monday … 7 Sunday. */
  weekday: number;
  /** Local hour, 0–23. */
  hour: number;
  /** Booked (confirmed) seconds in that hour, summed over the period's days and rooms. */
  seconds: number;
}

export interface NoShowBooker {
  name: string;
  noShows: number;
  reservations: number;
}

export interface PeriodFigures {
  rooms: RoomFigures[];
  /** Rooms of the directory (after the filter) with no reservation in the period. */
  unused: Array<{ roomId: string; room: string }>;
  /** Per room: the working time in the period's windows. */
  availableSeconds: number;
  heatmap: HeatCell[];
  noShowBookers: NoShowBooker[];
}

/** The working part of each day as [start, end) instants, clipped to the day's window. */
export function workingWindows(days: readonly PeriodDay[], hours: WorkingHours, timeZone: string): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  for (const day of days) {
    const midnight = dayjs.tz(day.date, timeZone);
    if (!hours.weekdays.includes(isoWeekday(midnight))) continue;
    const start = Math.max(midnight.add(hours.startMinute, "minute").valueOf(), day.start.getTime());
    const end = Math.min(midnight.add(hours.endMinute, "minute").valueOf(), day.end.getTime());
    if (end > start) out.push({ start, end });
  }
  return out;
}

export function periodFigures(input: {
  reservations: readonly Reservation[];
  rooms: readonly Room[];
  days: readonly PeriodDay[];
  hours: WorkingHours;
  timeZone: string;
}): PeriodFigures {
  const windows = workingWindows(input.days, input.hours, input.timeZone);
  const availableSeconds = windows.reduce((sum, w) => sum + (w.end - w.start) / 1000, 0);
  const periodStart = Math.min(...input.days.map((d) => d.start.getTime()));
  const periodEnd = Math.max(...input.days.map((d) => d.end.getTime()));
  const byRoom = new Map<string, RoomFigures>();
  const heat = new Map<string, HeatCell>();
  const offsets = new Map<number, number>();
  // The zone's offset by the hour: a time-zone lookup per reservation made 90 busy days take seconds.
  const offsetAt = (instant: number): number => {
    const hour = Math.floor(instant / HOUR_MS);
    let offset = offsets.get(hour);
    if (offset === undefined) {
      offset = dayjs(hour * HOUR_MS).tz(input.timeZone).utcOffset() * 60_000;
      offsets.set(hour, offset);
    }
    return offset;
  };
  const bookers = new Map<string, NoShowBooker>();
  const empty = (roomId: string, room: string): RoomFigures => ({
    roomId,
    room,
    reservations: 0,
    bookedSeconds: 0,
    availableSeconds,
    checkIn: { checkedIn: 0, due: 0 },
    noShows: 0,
    releasedEarly: 0,
    secondsGivenBack: 0,
  });

  for (const r of input.reservations) {
    const key = roomKey(r);
    const figures = byRoom.get(key) ?? empty(r.roomId, r.roomName || r.roomId);
    byRoom.set(key, figures);
    figures.reservations += 1;
    const group = checkInGroup(r);
    if (group === "checkedIn" || group === "noShow" || group === "missed") figures.checkIn.due += 1;
    if (group === "checkedIn") figures.checkIn.checkedIn += 1;
    if (group === "noShow") figures.noShows += 1;
    const givenBack = earlyRelease(r);
    if (givenBack !== undefined) {
      figures.releasedEarly += 1;
      figures.secondsGivenBack += givenBack;
    }
    if (isNoShow(r)) {
      const who = r.reserverId ?? r.reserver;
      if (who !== "") {
        const booker = bookers.get(who) ?? { name: r.reserver || who, noShows: 0, reservations: 0 };
        booker.noShows += 1;
        bookers.set(who, booker);
      }
    }
    // Time waiting for approval is not booked: the room may still be refused.
    if (group === "approving" || !r.start || !r.end) continue;
    const start = r.start.getTime();
    const end = r.end.getTime();
    for (const w of windows) figures.bookedSeconds += Math.max(0, Math.min(end, w.end) - Math.max(start, w.start)) / 1000;
    addHeat(heat, Math.max(start, periodStart), Math.min(end, periodEnd), offsetAt(start));
  }
  // Reservations per booker, for the rate beside the no-shows.
  for (const r of input.reservations) {
    const booker = bookers.get(r.reserverId ?? r.reserver);
    if (booker) booker.reservations += 1;
  }

  const booked = new Set(byRoom.keys());
  const unused = input.rooms
    .filter((room) => !booked.has(room.roomId) && !booked.has(room.name))
    .map((room) => ({ roomId: room.roomId, room: room.name || room.roomId }));
  return {
    rooms: [...byRoom.values()],
    unused,
    availableSeconds,
    heatmap: [...heat.values()].sort((a, b) => a.weekday - b.weekday || a.hour - b.hour),
    noShowBookers: [...bookers.values()]
      .filter((b) => b.noShows >= REPEAT_NO_SHOWS)
      .sort((a, b) => b.noShows - a.noShows || a.name.localeCompare(b.name)),
  };
}

const HOUR_MS = 3_600_000;

/**
 * Booked time [start, end) spread over the local weekday × hour cells it covers, at the zone's
 * offset where it starts: a daylight-saving change inside one reservation shifts its cells by an hour at most.
 */
function addHeat(heat: Map<string, HeatCell>, start: number, end: number, offsetMs: number): void {
  let at = start;
  while (at < end) {
    const local = at + offsetMs;
    const next = Math.min(end, Math.floor(local / HOUR_MS) * HOUR_MS + HOUR_MS - offsetMs);
    const shifted = new Date(local);
    const weekday = ((shifted.getUTCDay() + 6) % 7) + 1;
    const hour = shifted.getUTCHours();
    const key = `${weekday}|${hour}`;
    const cell = heat.get(key) ?? { weekday, hour, seconds: 0 };
    cell.seconds += (next - at) / 1000;
    heat.set(key, cell);
    at = next;
  }
}

function isoWeekday(day: dayjs.Dayjs): number {
  return ((day.day() + 6) % 7) + 1;
}
