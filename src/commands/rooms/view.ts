/** The `/rooms` view model: plain data for one day's room reservations, rendered by cards/views/rooms.ts. */
import type { ButtonAction } from "../actions.js";
import type { CheckInStatus, ReleaseKind, ReservationStatus } from "../../feishu/types.js";
import type { OffsetPager } from "../paging.js";
import type { RoomsPicker } from "./pick.js";

/** Figures over every reservation of the day (after the room filter), whatever page is shown. */
export interface RoomsSummary {
  reservations: number;
  /** Of which still awaiting approval (审批中). */
  approving: number;
  /** Distinct rooms with at least one reservation. */
  roomsUsed: number;
  /** Check-ins over confirmed reservations whose check-in is settled: checked in, no-shows and missed. */
  checkIn: { checkedIn: number; due: number };
  /** Reserved, not checked in, released automatically. */
  noShows: number;
  /** Past the check-in time without a check-in, the room not released. */
  missed: number;
  /** Check-in still open or not yet begun: left out of the rate. */
  notYetDue: number;
  /** No check-in needed (or possible), or a check-in status nobody recognised: left out of the rate. */
  noCheckIn: number;
  /** Released before the end, other than no-shows. */
  releasedEarly: number;
  /** Reserved seconds each early release handed back (release or start, whichever is later, to the end), summed. */
  secondsGivenBack: number;
  invitations: { accepted: number; invited: number };
  /** Top rooms by reserved time, most first. */
  busiestRooms: Array<{ room: string; seconds: number; reservations: number }>;
}

/** One reservation as the card lists it. Times are "HH:mm" (or "MM-DD HH:mm" off the day) in the bot's time zone. */
export interface ReservationRow {
  room: string;
  start: string | undefined;
  end: string | undefined;
  title: string;
  reserver: string;
  guests: number | undefined;
  accepted: number | undefined;
  status: ReservationStatus;
  checkIn: CheckInStatus | undefined;
  checkInTime: string | undefined;
  release: ReleaseKind;
  releaseTime: string | undefined;
  releasedBy: string | undefined;
}

/** The reservations of one page, grouped by room in order. */
export interface RoomGroup {
  room: string;
  rows: ReservationRow[];
}

/** The day's pager: Previous/Next, and First/Last on days of three pages or more (paging.ts). */
export type RoomsPager = OffsetPager;

export interface RoomsView {
  kind: "rooms";
  /** YYYY-MM-DD in the bot's time zone. */
  date: string;
  /** Set when the day is today or yesterday, for the header. */
  relative?: "today" | "yesterday";
  /** "HH:mm": for today, the data stops at this time. */
  asOf?: string;
  /** The room-name filter as typed, when one was given. */
  filter?: string;
  summary: RoomsSummary;
  /** The page shown: at most one page of reservations. */
  groups: RoomGroup[];
  /** Index of the first reservation shown, and how many there are in all. */
  offset: number;
  total: number;
  pager: RoomsPager;
  /** True when the day had more reservations than the bot fetches; the figures cover those fetched. */
  truncated: boolean;
  /** The date picker and room select at the top of the card; absent where the card is not pickable. */
  picker?: RoomsPicker;
  /** The Export button's value (the day's every reservation, filter applied, as a file); absent on an empty day. */
  exportValue?: ButtonAction;
}
