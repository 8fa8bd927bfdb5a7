/**
 * `/rooms`: one day's meeting-room reservations — a summary of the whole day, then the reservations
 * page by page; or, for a period (`/rooms 30d`), each room's utilisation over it (period.ts), its
 * days fetched after the first card is out, which shows them arriving.
 */
import type { Reservation } from "../../feishu/types.js";
import { dayFromToday } from "../args/dates.js";
import { defineCommand } from "../define.js";
import type { CommandContext } from "../types.js";
import { isPeriodArgs, roomsArgs, roomsDay, roomsFromText, windowEnd, type RoomsArgs, type RoomsDayArgs } from "./args.js";
import { buildRoomsView } from "./build.js";
import { roomsDayExport } from "./day-export.js";
import { loadRoomDirectory } from "./directory.js";
import { fetchReservations } from "./fetch.js";
import { clock } from "./rows.js";
import { checkFilterMatches } from "./filter.js";
import type { RoomsView } from "./view.js";
import { isPeriodData, queryPeriod, settlePeriod, viewPeriod, type RoomsPeriodData } from "./period.js";
import { periodExport } from "./period-export.js";
import type { RoomsPeriodView } from "./period-view.js";
import { ROOMS_HELP, ROOMS_WORDS } from "./words.js";
import { pickRooms, roomsPicker } from "./pick.js";

export { ROOMS_PAGE_SIZE } from "./build.js";

/** What the query found: the day's reservations up to the window's end. */
export interface RoomsDayData {
  args: RoomsDayArgs;
  relative: "today" | "yesterday" | undefined;
  /** "HH:mm" when the window ends before the day does (today's data stops now). */
  asOf: string | undefined;
  /** The window's end in unix seconds when it ends before the day does: its buttons keep it. */
  until: number | undefined;
  reservations: readonly Reservation[];
  truncated: boolean;
  /** The room directory's names, offered by the card's room select. */
  roomNames: readonly string[];
}

export const roomsCommand = defineCommand({
  name: "rooms",
  words: ROOMS_WORDS,
  help: ROOMS_HELP,
  access: { audience: "configured" },
  args: roomsArgs,
  fromText: roomsFromText,
  pick: pickRooms,
  query: (args: RoomsArgs, ctx: CommandContext): Promise<RoomsData> => (isPeriodArgs(args) ? queryPeriod(args, ctx) : queryRooms(args, ctx)),
  view: (data: RoomsData, ctx: CommandContext): RoomsView | RoomsPeriodView => (isPeriodData(data) ? viewPeriod(data, ctx) : viewDay(data, ctx)),
  settle: (data: RoomsData, ctx: CommandContext) => (isPeriodData(data) ? settlePeriod(data, ctx) : undefined),
  export: (data: RoomsData, ctx: CommandContext) => (isPeriodData(data) ? periodExport(data, ctx) : roomsDayExport(data, ctx)),
});

export type RoomsData = RoomsDayData | RoomsPeriodData;

function viewDay(data: RoomsDayData, ctx: CommandContext): RoomsView {
  return {
    ...buildRoomsView({
      reservations: data.reservations,
      truncated: data.truncated,
      date: data.args.date,
      ...(data.relative ? { relative: data.relative } : {}),
      ...(data.asOf ? { asOf: data.asOf } : {}),
      ...(data.until !== undefined ? { until: data.until } : {}),
      ...(data.args.filter !== undefined ? { filter: data.args.filter } : {}),
      roomNames: data.roomNames,
      offset: ctx.cursor?.offset ?? 0,
      timeZone: ctx.deps.config.bot.timezone,
    }),
    picker: roomsPicker(data.args, data.roomNames),
  };
}

async function queryRooms(args: RoomsDayArgs, ctx: CommandContext): Promise<RoomsDayData> {
  const { gateway, config, now } = ctx.deps;
  const timeZone = config.bot.timezone;
  const at = now();
  const day = roomsDay(args.date, { now: at, timeZone });
  const isToday = day.date === dayFromToday(0, { now: at, timeZone }).date;
  // Today's data stops now (the API serves nothing after it); a click keeps the window its card was made with.
  const end = windowEnd(args.until, day, at) ?? (isToday ? new Date(Math.min(at, day.end.getTime())) : day.end);
  const directory = await loadRoomDirectory(gateway, config.rooms.roomLevelId);
  if (args.filter !== undefined) checkFilterMatches(args.filter, directory);
  const fetched = await fetchReservations(gateway, { start: day.start, end }, directory);
  const endsEarly = end.getTime() < day.end.getTime();
  const relative = isToday ? "today" : day.date === dayFromToday(-1, { now: at, timeZone }).date ? "yesterday" : undefined;
  return {
    args,
    relative,
    asOf: endsEarly ? clock(end, timeZone, day.date) : undefined,
    // The window as fetchReservations ends it: up to, not including, this second.
    until: endsEarly ? Math.ceil(end.getTime() / 1000) : undefined,
    reservations: fetched.reservations,
    truncated: fetched.truncated,
    roomNames: directory.rooms.map((room) => room.name),
  };
}
