/** Fetched reservations → the view: filter, summary of the whole day, one sorted page, pager values. */
import type { Reservation } from "../../feishu/types.js";
import { buttonAction, exportAction } from "../actions.js";
import { offsetPagerValues } from "../paging.js";
import { groupByRoom, sortReservations } from "./rows.js";
import { summarise } from "./summary.js";
import type { RoomsView } from "./view.js";

/**
 * Reservations per card page: five lines (two each on a phone, where titles wrap) under the day's
 * summary fill about one phone screen (ten took two), as a /meeting page does; far inside 30 KB whatever the titles.
 */
export const ROOMS_PAGE_SIZE = 5;

export interface RoomsViewInput {
  reservations: readonly Reservation[];
  truncated: boolean;
  date: string;
  relative?: "today" | "yesterday";
  asOf?: string;
  /** For a window ending before the day does: its end (unix seconds), kept by every button. */
  until?: number;
  filter?: string;
  /** The directory's room names: a filter that is one of them whole means that room alone. */
  roomNames?: readonly string[];
  /** Where the page asked for starts (a button's cursor); 0 for the first page. */
  offset: number;
  timeZone: string;
}

/**
 * Every day, today included, opens at its first page: the list runs room by room (then by time),
 * so a room manager walks it room by room and no one page holds "now"; First and Last reach either end.
 */
export function buildRoomsView(input: RoomsViewInput): RoomsView {
  const matching = filterByRoom(input.reservations, input.filter, input.roomNames);
  const sorted = sortReservations(matching);
  const total = sorted.length;
  const offset = pageStart(input.offset, total);
  // The resolved date, not "today": a button clicked tomorrow still shows the day the card is about.
  const args = { date: input.date, ...(input.filter === undefined ? {} : { filter: input.filter }), ...(input.until === undefined ? {} : { until: input.until }) };
  const pager = offsetPagerValues((cursor) => buttonAction("rooms", args, cursor), offset, ROOMS_PAGE_SIZE, total);
  return {
    kind: "rooms",
    date: input.date,
    ...(input.relative ? { relative: input.relative } : {}),
    ...(input.asOf ? { asOf: input.asOf } : {}),
    ...(input.filter !== undefined ? { filter: input.filter } : {}),
    summary: summarise(matching),
    groups: groupByRoom(sorted.slice(offset, offset + ROOMS_PAGE_SIZE), input.timeZone, input.date),
    offset,
    total,
    pager,
    truncated: input.truncated,
    ...(total > 0 ? { exportValue: exportAction("rooms", args) } : {}),
  };
}

/**
 * The items of the rooms the filter names: a case-insensitive substring of the room name, except
 * that a filter which is one room's whole name (`names`: the directory's) means that room alone, so
 * picking "Room 1" in the room select does not also show "Room 10".
 */
export function filterByRoom<T extends { roomName: string }>(items: readonly T[], filter: string | undefined, names: readonly string[] = []): T[] {
  if (filter === undefined) return [...items];
  const needle = filter.toLocaleLowerCase();
  if (names.some((name) => name.toLocaleLowerCase() === needle)) return items.filter((r) => r.roomName.toLocaleLowerCase() === needle);
  return items.filter((r) => r.roomName.toLocaleLowerCase().includes(needle));
}

/**
 * The first item of the page holding `offset`: a button made before the day's list changed may
 * point past its end, which shows the last page rather than an empty one.
 */
function pageStart(offset: number, total: number): number {
  if (total === 0) return 0;
  const clamped = Math.min(Math.max(0, Math.floor(offset)), total - 1);
  return clamped - (clamped % ROOMS_PAGE_SIZE);
}
