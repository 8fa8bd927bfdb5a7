/** `/rooms`: one day's meeting-room reservations — a summary of the whole day, then the reservations page by page. */
import type { Reservation } from "../../feishu/types.js";
import { dayFromToday } from "../args/dates.js";
import { defineCommand } from "../define.js";
import type { CommandContext } from "../types.js";
import { roomsArgs, roomsDay, roomsFromText, windowEnd, type RoomsArgs } from "./args.js";
import { buildRoomsView } from "./build.js";
import { roomsDayExport } from "./day-export.js";
import { loadRoomDirectory, type RoomDirectory } from "./directory.js";
import { fetchReservations } from "./fetch.js";
import { clock } from "./rows.js";
import { closestRoomNames } from "./suggest.js";
import { UsageError } from "../usage.js";
import type { RoomsView } from "./view.js";
import { ROOMS_HELP, ROOMS_WORDS } from "./words.js";

export { ROOMS_PAGE_SIZE } from "./build.js";

/** What the query found: the day's reservations up to the window's end. */
export interface RoomsData {
  args: RoomsArgs;
  relative: "today" | "yesterday" | undefined;
  /** "HH:mm" when the window ends before the day does (today's data stops now). */
  asOf: string | undefined;
  /** The window's end in unix seconds when it ends before the day does: its buttons keep it. */
  until: number | undefined;
  reservations: readonly Reservation[];
  truncated: boolean;
}

export const roomsCommand = defineCommand({
  name: "rooms",
  words: ROOMS_WORDS,
  help: ROOMS_HELP,
  access: { audience: "configured" },
  args: roomsArgs,
  fromText: roomsFromText,
  query: queryRooms,
  export: roomsDayExport,
  view: (data: RoomsData, ctx: CommandContext): RoomsView =>
    buildRoomsView({
      reservations: data.reservations,
      truncated: data.truncated,
      date: data.args.date,
      ...(data.relative ? { relative: data.relative } : {}),
      ...(data.asOf ? { asOf: data.asOf } : {}),
      ...(data.until !== undefined ? { until: data.until } : {}),
      ...(data.args.filter !== undefined ? { filter: data.args.filter } : {}),
      offset: ctx.cursor?.offset ?? 0,
      timeZone: ctx.deps.config.bot.timezone,
    }),
});

async function queryRooms(args: RoomsArgs, ctx: CommandContext): Promise<RoomsData> {
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
  };
}

/**
 * A filter no room name contains would answer with an empty day ("签到率 —"), which reads as "no
 * reservations" rather than "no such room": it is refused, naming the filter and the closest names.
 */
function checkFilterMatches(filter: string, directory: RoomDirectory): void {
  const needle = filter.toLocaleLowerCase();
  const names = directory.rooms.map((room) => room.name).filter((name) => name !== "");
  if (names.length === 0 || names.some((name) => name.toLocaleLowerCase().includes(needle))) return;
  const near = closestRoomNames(filter, names);
  throw new UsageError("rooms", {
    zh: `没有名称包含「${filter}」的会议室。${near.length > 0 ? `最接近的会议室：${near.join("、")}` : ""}`,
    en: `No room name contains "${filter}".${near.length > 0 ? ` Closest rooms: ${near.join(", ")}` : ""}`,
  });
}
