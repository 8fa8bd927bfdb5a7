/**
 * `/rooms <period>`: the query finds the rooms and the days (checked against the clock at every run,
 * a sealed button's too); the first card is out before any day is fetched, then the days arrive
 * (period-fetch.ts), each reported as progress, and the final card holds every day's figures.
 */
import dayjs from "dayjs";
import { isAdmin } from "../access.js";
import { dayFromToday, readIsoDay } from "../args/dates.js";
import type { Reservation } from "../../feishu/types.js";
import type { CommandContext } from "../types.js";
import type { RoomsPeriodArgs } from "./args.js";
import { loadRoomDirectory, type RoomDirectory } from "./directory.js";
import { checkFilterMatches } from "./filter.js";
import { buildRoomsPeriodView } from "./period-build.js";
import { fetchPeriod } from "./period-fetch.js";
import type { PeriodDay } from "./period-figures.js";
import { roomsPeriod } from "./period-args.js";
import type { RoomsPeriodView } from "./period-view.js";
import { clock } from "./rows.js";

export interface RoomsPeriodData {
  period: true;
  args: RoomsPeriodArgs;
  from: string;
  to: string;
  /** Every day of the period with the window fetched (today's ends now). */
  days: PeriodDay[];
  /** "HH:mm" when the last day is today and its data stops now. */
  asOf: string | undefined;
  directory: RoomDirectory;
  /** The dates of the days fetched so far: the figures cover those days, their hours available included. */
  loadedDates: string[];
  done: boolean;
  reservations: readonly Reservation[];
  truncated: boolean;
}

export function isPeriodData(data: object): data is RoomsPeriodData {
  return "period" in data && data.period === true;
}

export async function queryPeriod(args: RoomsPeriodArgs, ctx: CommandContext): Promise<RoomsPeriodData> {
  const { gateway, config, now } = ctx.deps;
  const timeZone = config.bot.timezone;
  const at = now();
  // Checked again at every run: a button clicked days later may reach past Feishu's 90 days.
  const range = roomsPeriod(args.period, { now: at, timeZone });
  const today = dayFromToday(0, { now: at, timeZone }).date;
  const days: PeriodDay[] = [];
  for (let date = range.from.date; date <= range.to.date; date = dayjs(date).add(1, "day").format("YYYY-MM-DD")) {
    const day = readIsoDay(date, timeZone);
    if (!day) throw new Error(`not a calendar day: ${date}`);
    days.push({ date, start: day.start, end: date === today ? new Date(Math.min(at, day.end.getTime())) : day.end });
  }
  const directory = await loadRoomDirectory(gateway, config.rooms.roomLevelId);
  if (args.filter !== undefined) checkFilterMatches(args.filter, directory);
  const last = days[days.length - 1]!;
  return {
    period: true,
    args,
    from: range.from.date,
    to: range.to.date,
    days,
    asOf: last.date === today ? clock(last.end, timeZone, today) : undefined,
    directory,
    loadedDates: [],
    done: false,
    reservations: [],
    truncated: directory.truncated,
  };
}

/** The days, fetched after the first card: each one in is progress, all of them the final data. */
export function settlePeriod(data: RoomsPeriodData, ctx: Pick<CommandContext, "deps">): (progress: (data: RoomsPeriodData) => void) => Promise<RoomsPeriodData> {
  return async (progress) => {
    const fetched = await fetchPeriod(ctx.deps.gateway, data.days, data.directory, (soFar) =>
      progress({ ...data, loadedDates: soFar.loadedDates, reservations: soFar.reservations, truncated: data.truncated || soFar.truncated }),
    );
    return { ...data, loadedDates: data.days.map((day) => day.date), done: true, reservations: fetched.reservations, truncated: data.truncated || fetched.truncated };
  };
}

export function viewPeriod(data: RoomsPeriodData, ctx: CommandContext): RoomsPeriodView {
  const { config } = ctx.deps;
  return buildRoomsPeriodView({
    args: data.args,
    from: data.from,
    to: data.to,
    days: data.days,
    asOf: data.asOf,
    loadedDates: data.loadedDates,
    done: data.done,
    reservations: data.reservations,
    rooms: data.directory.rooms,
    truncated: data.truncated,
    hours: config.rooms.workingHours,
    timeZone: config.bot.timezone,
    admin: seesBookers(ctx),
  });
}

/**
 * Who did not show up is for an admin's eyes: an admin asking in a direct chat. In a group every
 * member sees the card (and the file), whoever asked.
 */
export function seesBookers(ctx: CommandContext): boolean {
  return ctx.chatType === "p2p" && isAdmin(ctx.deps.config, ctx.senderOpenId);
}
