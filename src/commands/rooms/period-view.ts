/** The `/rooms <period>` view model: plain data for a period's room utilisation, rendered by cards/views/rooms-period.ts. */
import type { ButtonAction } from "../actions.js";
import type { RangePicker } from "../range-pick.js";

/** One room's row: figures as counts and seconds, the renderer formats them. */
export interface PeriodRoomRow {
  room: string;
  reservations: number;
  bookedSeconds: number;
  availableSeconds: number;
  checkIn: { checkedIn: number; due: number };
  noShows: number;
  secondsGivenBack: number;
}

export interface RoomsPeriodView {
  kind: "rooms-period";
  /** First and last day, YYYY-MM-DD, and how many days. */
  from: string;
  to: string;
  days: number;
  /** The room-name filter as typed, when one was given. */
  filter?: string;
  /** "HH:mm": the period includes today, whose data stops at this time. */
  asOf?: string;
  /** While days are still arriving: how many are in. Absent on the final card. */
  progress?: { loaded: number; total: number };
  /** Working hours as configured: "HH:mm" and ISO weekdays (1 Monday … 7 Sunday). */
  workingHours: { start: string; end: string; weekdays: number[] };
  totals: {
    rooms: number;
    roomsUsed: number;
    /** Rooms nobody booked: rooms − roomsUsed, counted here so no renderer subtracts. */
    roomsUnused: number;
    reservations: number;
    bookedSeconds: number;
    availableSeconds: number;
    checkIn: { checkedIn: number; due: number };
    noShows: number;
    releasedEarly: number;
    secondsGivenBack: number;
  };
  /** Rooms by utilisation, most first; at most a card's worth, `moreRooms` not shown. */
  rooms: PeriodRoomRow[];
  moreRooms: number;
  /** Names of rooms nobody booked, in name order; at most a card's worth, `moreUnused` not shown. */
  unused: string[];
  moreUnused: number;
  /** Booked hours by ISO weekday × local hour, over the hours shown (`hours`), one decimal. */
  heatmap: { weekdays: number[]; hours: number[]; cells: Array<{ weekday: number; hour: number; hours: number }> };
  /** People with repeated no-shows: present only when the asker is an admin. */
  noShowBookers?: Array<{ name: string; noShows: number; reservations: number }>;
  /** Bookers with repeated no-shows beyond those listed. */
  moreNoShowBookers?: number;
  /** The range select at the top of the card. */
  picker?: RangePicker;
  /** The Export button's value (absent while loading). */
  exportAction?: ButtonAction;
  /** True when some day had more reservations than the bot fetches; the figures cover those fetched. */
  truncated: boolean;
}
