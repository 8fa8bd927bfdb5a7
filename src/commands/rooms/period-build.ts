/** A period's figures → the rooms-period view: rows capped to fit a card, the heatmap's grid, bookers for admins only. */
import type { WorkingHours } from "../../config/types.js";
import { exportAction } from "../actions.js";
import type { RoomsPeriodArgs } from "./args.js";
import { roomsPeriodPicker } from "./pick.js";
import { filterByRoom } from "./build.js";
import type { Reservation, Room } from "../../feishu/types.js";
import { periodFigures, type HeatCell, type PeriodDay, type RoomFigures } from "./period-figures.js";
import type { RoomsPeriodView } from "./period-view.js";

/** Room rows on the card: a phone screen or two; the rest are counted (and all are in the export). */
export const MAX_ROOM_ROWS = 15;
/** Names of unused rooms listed before "and N more". */
export const MAX_UNUSED_NAMES = 30;
export const MAX_NO_SHOW_BOOKERS = 10;

const ROOM_ORDER = new Intl.Collator("zh-CN", { numeric: true });

export interface PeriodViewInput {
  args: RoomsPeriodArgs;
  from: string;
  to: string;
  days: readonly PeriodDay[];
  asOf: string | undefined;
  /** The dates of the days fetched so far (none before the first is in; every day on the final card). */
  loadedDates: readonly string[];
  done: boolean;
  reservations: readonly Reservation[];
  rooms: readonly Room[];
  truncated: boolean;
  hours: WorkingHours;
  timeZone: string;
  /** Whether the asker may see who did not show up. */
  admin: boolean;
}

export function buildRoomsPeriodView(input: PeriodViewInput): RoomsPeriodView {
  const names = input.rooms.map((room) => room.name);
  const rooms = filterByRoom(
    input.rooms.map((room) => ({ ...room, roomName: room.name })),
    input.args.filter,
    names,
  );
  // A card still loading counts the hours available on the days in, not on all of them: otherwise
  // its utilisation would grow from near nothing as days arrive.
  const loadedDates = new Set(input.loadedDates);
  const figures = periodFigures({
    reservations: filterByRoom(input.reservations, input.args.filter, names),
    rooms,
    days: input.done ? input.days : input.days.filter((day) => loadedDates.has(day.date)),
    hours: input.hours,
    timeZone: input.timeZone,
  });
  const sorted = [...figures.rooms].sort(
    (a, b) => utilisation(b) - utilisation(a) || b.reservations - a.reservations || ROOM_ORDER.compare(a.room, b.room),
  );
  const sum = (f: (room: RoomFigures) => number) => figures.rooms.reduce((total, room) => total + f(room), 0);
  const unused = figures.unused.map((room) => room.room).sort(ROOM_ORDER.compare);
  const bookers = figures.noShowBookers;
  const hoursShown = heatHours(input.hours, figures.heatmap.map((cell) => cell.hour));
  return {
    kind: "rooms-period",
    from: input.from,
    to: input.to,
    days: input.days.length,
    ...(input.args.filter !== undefined ? { filter: input.args.filter } : {}),
    ...(input.asOf !== undefined ? { asOf: input.asOf } : {}),
    ...(input.done ? {} : { progress: { loaded: input.loadedDates.length, total: input.days.length } }),
    workingHours: { start: clockOf(input.hours.startMinute), end: clockOf(input.hours.endMinute), weekdays: [...input.hours.weekdays] },
    totals: {
      rooms: figures.rooms.length + figures.unused.length,
      roomsUsed: figures.rooms.length,
      roomsUnused: figures.unused.length,
      reservations: sum((room) => room.reservations),
      bookedSeconds: sum((room) => room.bookedSeconds),
      availableSeconds: figures.availableSeconds * (figures.rooms.length + figures.unused.length),
      checkIn: { checkedIn: sum((room) => room.checkIn.checkedIn), due: sum((room) => room.checkIn.due) },
      noShows: sum((room) => room.noShows),
      releasedEarly: sum((room) => room.releasedEarly),
      secondsGivenBack: sum((room) => room.secondsGivenBack),
    },
    rooms: sorted.slice(0, MAX_ROOM_ROWS).map((room) => ({
      room: room.room,
      reservations: room.reservations,
      bookedSeconds: room.bookedSeconds,
      availableSeconds: room.availableSeconds,
      checkIn: room.checkIn,
      noShows: room.noShows,
      secondsGivenBack: room.secondsGivenBack,
    })),
    moreRooms: Math.max(0, sorted.length - MAX_ROOM_ROWS),
    unused: unused.slice(0, MAX_UNUSED_NAMES),
    moreUnused: Math.max(0, unused.length - MAX_UNUSED_NAMES),
    heatmap: {
      weekdays: [1, 2, 3, 4, 5, 6, 7],
      hours: hoursShown,
      cells: heatGrid(figures.heatmap, hoursShown),
    },
    ...(input.admin
      ? { noShowBookers: bookers.slice(0, MAX_NO_SHOW_BOOKERS), moreNoShowBookers: Math.max(0, bookers.length - MAX_NO_SHOW_BOOKERS) }
      : {}),
    picker: roomsPeriodPicker(input.args),
    // The days shown, not `7d` counted again at the click: a card clicked tomorrow exports what it shows.
    ...(input.done ? { exportAction: exportAction("rooms", { ...input.args, period: { from: input.from, to: input.to } }) } : {}),
    truncated: input.truncated,
  };
}

/** Booked share of the available time; a room with none available sorts last. */
function utilisation(room: RoomFigures): number {
  return room.availableSeconds > 0 ? room.bookedSeconds / room.availableSeconds : 0;
}

/** Every weekday × hour shown, hours booked to one decimal (0 where nothing was), so the grid has no holes. */
function heatGrid(cells: readonly HeatCell[], hours: readonly number[]): RoomsPeriodView["heatmap"]["cells"] {
  const seconds = new Map(cells.map((cell) => [`${cell.weekday}|${cell.hour}`, cell.seconds]));
  return [1, 2, 3, 4, 5, 6, 7].flatMap((weekday) =>
    hours.map((hour) => ({ weekday, hour, hours: Math.round((seconds.get(`${weekday}|${hour}`) ?? 0) / 360) / 10 })),
  );
}

/** The working hours, widened to any hour something was booked in. */
function heatHours(hours: WorkingHours, booked: readonly number[]): number[] {
  const first = Math.min(Math.floor(hours.startMinute / 60), ...booked);
  const last = Math.max(Math.ceil(hours.endMinute / 60) - 1, ...booked);
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

function clockOf(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
}
