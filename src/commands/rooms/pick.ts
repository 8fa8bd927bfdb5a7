/**
 * The /rooms card's pickers: a date picker (the day shown) and a room select (the room directory's
 * names, plus "all rooms"). A pick replaces the card; the day then passes the same checks as a typed
 * one (roomsDay: not in the future, inside Feishu's 90 days), the room the filter check (a room
 * that exists), both in the query.
 */
import { pickAction, type ButtonAction, type PickKind } from "../actions.js";
import type { TextClock } from "../define.js";
import { unknownOption } from "../pick-option.js";
import { pickedDays, rangePicker, type RangePicker } from "../range-pick.js";
import { isPeriodArgs, MAX_FILTER_LENGTH, type RoomsArgs, type RoomsDayArgs, type RoomsPeriodArgs } from "./args.js";

/** The room select's value for every room (no filter). Room options are ROOM_PREFIX + the name. */
export const ALL_ROOMS = "all";
export const ROOM_PREFIX = "room:";
/**
 * Rooms offered, at most: the reference pages name no option limit, but every option counts
 * towards a card's 200 elements and 30 KB, and a longer list is no use to scroll. The card says
 * when rooms are left off: they can still be typed (`/rooms <day> <name>`).
 */
export const MAX_ROOM_OPTIONS = 50;

/**
 * A date picker's option: "2026-11-30 +0800" (card-v2-date-picker.md), or the bare day. The offset
 * is the picking user's time zone; the day picked is a calendar day, read in the bot's time zone as
 * a typed one is.
 */
const PICKED_DAY = /^(\d{4}-\d{2}-\d{2})(?: [+-]\d{4})?$/;

/** The sealed arguments with the picked day or room; a filter or day kept as the card had it. */
export function pickRooms(args: RoomsArgs, pick: PickKind, option: string, _clock: TextClock): unknown {
  if (pick === "date") {
    const day = PICKED_DAY.exec(option)?.[1];
    if (day === undefined) throw unknownOption("rooms", option);
    // Another day has its own window: the card's `until` (today's "as of") belongs to the day it was made on.
    const until = !isPeriodArgs(args) && day === args.date ? args.until : undefined;
    return { date: day, ...(args.filter !== undefined ? { filter: args.filter } : {}), ...(until !== undefined ? { until } : {}) };
  }
  if (pick === "room") {
    const { filter: _filter, ...rest } = args;
    if (option === ALL_ROOMS) return rest;
    const name = option.startsWith(ROOM_PREFIX) ? option.slice(ROOM_PREFIX.length) : "";
    if (name.trim() === "" || [...name].length > MAX_FILTER_LENGTH) throw unknownOption("rooms", option);
    return { ...rest, filter: name };
  }
  if (pick === "range") {
    const days = pickedDays("rooms", pick, option, ROOMS_PICK_DAYS);
    return { period: { days }, ...(args.filter !== undefined ? { filter: args.filter } : {}) };
  }
  throw unknownOption("rooms", option);
}

/**
 * The periods a /rooms period card's range select offers, in whole days up to yesterday: under the
 * 90 days Feishu keeps reservations for (a period may not start further back, so 90 is not one).
 */
export const ROOMS_PICK_DAYS = [7, 14, 30, 60] as const;

/** The range select of a period card, the filter kept; `args`' days shown when they are one of those offered. */
export function roomsPeriodPicker(args: RoomsPeriodArgs): RangePicker {
  const base = { period: args.period, ...(args.filter !== undefined ? { filter: args.filter } : {}) };
  return rangePicker(pickAction("rooms", base, "range"), "days" in args.period ? args.period.days : undefined, ROOMS_PICK_DAYS);
}

/** The pickers as the view model carries them: their sealed values, the rooms offered and the current room. */
export interface RoomsPicker {
  date: ButtonAction;
  room: ButtonAction;
  /** The option value of "all rooms". */
  allRooms: string;
  /** Rooms offered, in the directory's order, each name short enough to be a filter, with its option value. */
  rooms: Array<{ name: string; option: string }>;
  /** True when the directory had rooms that are not offered (past the cap, or names too long to filter by). */
  roomsCapped: boolean;
  /** The option value of what the card shows: all rooms, or a filter that is exactly one offered room's name. */
  current?: string;
}

/** The pickers for a card of `args`, offering `names` (the room directory's). */
export function roomsPicker(args: RoomsDayArgs, names: readonly string[]): RoomsPicker {
  // Without a cursor: a pick shows the first page of what was picked.
  const base = { date: args.date, ...(args.filter !== undefined ? { filter: args.filter } : {}), ...(args.until !== undefined ? { until: args.until } : {}) };
  const named = [...new Set(names.filter((name) => name.trim() !== ""))];
  // A name longer than a filter may be cannot be picked either: typed, it would be refused too.
  const rooms = named.filter((name) => [...name].length <= MAX_FILTER_LENGTH).slice(0, MAX_ROOM_OPTIONS);
  const current = args.filter === undefined ? ALL_ROOMS : rooms.includes(args.filter) ? `${ROOM_PREFIX}${args.filter}` : undefined;
  return {
    date: pickAction("rooms", base, "date"),
    room: pickAction("rooms", base, "room"),
    allRooms: ALL_ROOMS,
    rooms: rooms.map((name) => ({ name, option: `${ROOM_PREFIX}${name}` })),
    roomsCapped: named.length > rooms.length,
    ...(current !== undefined ? { current } : {}),
  };
}
