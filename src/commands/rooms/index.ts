/** `/rooms`: one day's meeting-room reservations — a summary of the whole day, then the reservations page by page. */
import { COMMAND_WORDS } from "../parse.js";
import type { CommandContext, CommandModule } from "../types.js";
import { parseRoomsArgs, untilArg } from "./args.js";
import { buildRoomsView } from "./build.js";
import { loadRoomDirectory } from "./directory.js";
import { fetchReservations } from "./fetch.js";
import { clock } from "./rows.js";
import type { RoomsView } from "./view.js";

export { ROOMS_PAGE_SIZE } from "./build.js";

export const roomsCommand: CommandModule = {
  name: "rooms",
  aliases: COMMAND_WORDS.rooms.filter((word) => word !== "rooms"),
  usage: {
    zh: "/rooms [today|yesterday|今天|昨天|YYYY-MM-DD] [会议室名称]",
    en: "/rooms [today|yesterday|YYYY-MM-DD] [room name]",
  },
  summary: {
    zh: "某一天的会议室预定：签到率、未到场、提前释放和最忙的会议室",
    en: "One day's room reservations: check-ins, no-shows, early releases and the busiest rooms",
  },
  examples: ["/rooms", "/rooms yesterday", "/会议室 昨天 3F", "/rooms 2026-01-15 Orion"],
  run: runRooms,
};

async function runRooms(args: string[], ctx: CommandContext): Promise<RoomsView> {
  const { gateway, config, now } = ctx.deps;
  const timeZone = config.bot.timezone;
  const at = now();
  const parsed = parseRoomsArgs(args, { now: at, timeZone, fromButton: ctx.cursor !== undefined });
  // Today's data stops now (the API serves nothing after it); a click keeps the window its card was made with.
  const end = parsed.until ?? (parsed.isToday ? new Date(Math.min(at, parsed.day.end.getTime())) : parsed.day.end);
  const directory = await loadRoomDirectory(gateway, config.rooms.roomLevelId);
  const fetched = await fetchReservations(gateway, { start: parsed.day.start, end }, directory);
  const endsEarly = end.getTime() < parsed.day.end.getTime();
  const asOf = endsEarly ? clock(end, timeZone, parsed.day.date) : undefined;
  const relative = parsed.isToday ? "today" : parsed.isYesterday ? "yesterday" : undefined;
  return buildRoomsView({
    reservations: fetched.reservations,
    truncated: fetched.truncated,
    date: parsed.day.date,
    ...(relative ? { relative } : {}),
    ...(asOf ? { asOf } : {}),
    // The window as fetchReservations ends it: up to, not including, this second.
    ...(endsEarly ? { untilArg: untilArg(Math.ceil(end.getTime() / 1000)) } : {}),
    ...(parsed.filter !== undefined ? { filter: parsed.filter } : {}),
    offset: ctx.cursor?.offset ?? 0,
    timeZone,
    chatType: ctx.chatType,
  });
}
