/**
 * A period's Export: every room's figures (not only the rows the card has room for, unused rooms
 * included) and every reservation, as two sheets (a third saying so when some day was cut short). The data must be the final data (settle run to
 * the end): the reservations are fetched after the query.
 */
import type { ExportFile, Sheet } from "../export.js";
import type { CommandContext, Locale } from "../types.js";
import { filterByRoom } from "./build.js";
import { periodFigures } from "./period-figures.js";
import { seesBookers, type RoomsPeriodData } from "./period.js";
import { sortReservations } from "./rows.js";
import { checkInLabel, statusLabel, truncatedNote } from "./reservation-labels.js";
import { earlyRelease } from "./summary.js";

const HEADERS: Record<Locale, Record<string, string>> = {
  zh: {
    rooms: "会议室",
    reservationsSheet: "预定",
    room: "会议室",
    reservations: "预定数",
    bookedHours: "预定时长（小时）",
    availableHours: "可用时长（小时）",
    utilisation: "使用率",
    checkedIn: "已签到",
    due: "应签到",
    checkInRate: "签到率",
    noShows: "未到场",
    noShowRate: "未到场率",
    hoursGivenBack: "提前释放归还（小时）",
    start: "开始",
    end: "结束",
    title: "主题",
    reserver: "预定人",
    status: "状态",
    checkIn: "签到",
    givenBackHours: "归还（小时）",
  },
  en: {
    rooms: "Rooms",
    reservationsSheet: "Reservations",
    room: "Room",
    reservations: "Reservations",
    bookedHours: "Booked hours",
    availableHours: "Available hours",
    utilisation: "Utilisation",
    checkedIn: "Checked in",
    due: "Check-ins due",
    checkInRate: "Check-in rate",
    noShows: "No-shows",
    noShowRate: "No-show rate",
    hoursGivenBack: "Hours given back",
    start: "Start",
    end: "End",
    title: "Title",
    reserver: "Reserved by",
    status: "Status",
    checkIn: "Check-in",
    givenBackHours: "Hours given back",
  },
};

const hours = (seconds: number) => Math.round(seconds / 36) / 100;
const ratio = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 1000 : undefined);

export function periodExport(data: RoomsPeriodData, ctx: CommandContext): ExportFile {
  const h = HEADERS[ctx.locale];
  const { config } = ctx.deps;
  const admin = seesBookers(ctx);
  const names = data.directory.rooms.map((room) => room.name);
  const reservations = filterByRoom(data.reservations, data.args.filter, names);
  const rooms = filterByRoom(data.directory.rooms.map((room) => ({ ...room, roomName: room.name })), data.args.filter, names);
  const figures = periodFigures({ reservations, rooms, days: data.days, hours: config.rooms.workingHours, timeZone: config.bot.timezone });
  const column = (key: string) => ({ key, header: h[key]! });
  const roomSheet: Sheet = {
    name: h.rooms!,
    columns: ["room", "reservations", "bookedHours", "availableHours", "utilisation", "checkedIn", "due", "checkInRate", "noShows", "noShowRate", "hoursGivenBack"].map(column),
    rows: [
      ...figures.rooms.map((room) => ({
        room: room.room,
        reservations: room.reservations,
        bookedHours: hours(room.bookedSeconds),
        availableHours: hours(room.availableSeconds),
        utilisation: ratio(room.bookedSeconds, room.availableSeconds),
        checkedIn: room.checkIn.checkedIn,
        due: room.checkIn.due,
        checkInRate: ratio(room.checkIn.checkedIn, room.checkIn.due),
        noShows: room.noShows,
        noShowRate: ratio(room.noShows, room.checkIn.due),
        hoursGivenBack: hours(room.secondsGivenBack),
      })),
      ...figures.unused.map((room) => ({
        room: room.room,
        reservations: 0,
        bookedHours: 0,
        availableHours: hours(figures.availableSeconds),
        utilisation: figures.availableSeconds > 0 ? 0 : undefined,
      })),
    ],
  };
  const reservationSheet: Sheet = {
    name: h.reservationsSheet!,
    // Who booked beside a period of no-shows is the repeat no-show bookers list, which the card shows admins only.
    columns: ["room", "start", "end", "title", ...(admin ? ["reserver"] : []), "status", "checkIn", "givenBackHours"].map(column),
    rows: sortReservations(reservations).map((r) => ({
      room: r.roomName || r.roomId,
      start: r.start,
      end: r.end,
      title: r.title,
      ...(admin ? { reserver: r.reserver } : {}),
      status: statusLabel(r, ctx.locale),
      checkIn: checkInLabel(r, ctx.locale),
      givenBackHours: hours(earlyRelease(r) ?? 0),
    })),
  };
  return { fileName: `rooms-${data.from}_${data.to}.xlsx`, sheets: [roomSheet, reservationSheet, ...(data.truncated ? [truncatedNote(ctx.locale)] : [])] };
}
