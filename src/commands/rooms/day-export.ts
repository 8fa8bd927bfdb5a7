/**
 * `/rooms <day>`'s Export: every reservation of the day (the room filter applied, as on the card),
 * in the card's order — by room, then by start. Headers in the asker's language, instants as
 * Dates (the workbook writes them in the bot's time zone), durations in minutes.
 */
import type { Reservation } from "../../feishu/types.js";
import type { ExportFile } from "../export.js";
import type { CommandContext } from "../types.js";
import { filterByRoom } from "./build.js";
import type { RoomsDayData } from "./index.js";
import { checkInLabel, releaseLabel, statusLabel, truncatedNote } from "./reservation-labels.js";
import { sortReservations } from "./rows.js";

export function roomsDayExport(data: RoomsDayData, ctx: CommandContext): ExportFile {
  const { locale } = ctx;
  const zh = locale === "zh";
  const rows = sortReservations(filterByRoom(data.reservations, data.args.filter, data.roomNames)).map((r: Reservation) => ({
    room: r.roomName || r.roomId,
    start: r.start,
    end: r.end,
    minutes: r.durationSeconds === undefined ? undefined : Math.round(r.durationSeconds / 60),
    title: r.title,
    reserver: r.reserver,
    department: r.department,
    guests: r.guests,
    accepted: r.accepted,
    status: statusLabel(r, locale),
    checkIn: checkInLabel(r, locale),
    checkInTime: r.checkInTime,
    release: releaseLabel(r, locale),
    releaseTime: r.releaseTime,
    releasedBy: r.releasedBy,
  }));
  const columns = [
    { key: "room", header: zh ? "会议室" : "Room" },
    { key: "start", header: zh ? "开始时间" : "Start" },
    { key: "end", header: zh ? "结束时间" : "End" },
    { key: "minutes", header: zh ? "时长（分钟）" : "Duration (min)" },
    { key: "title", header: zh ? "会议主题" : "Title" },
    { key: "reserver", header: zh ? "预定人" : "Reserved by" },
    { key: "department", header: zh ? "部门" : "Department" },
    { key: "guests", header: zh ? "受邀人数" : "Invited" },
    { key: "accepted", header: zh ? "接受人数" : "Accepted" },
    { key: "status", header: zh ? "预定状态" : "Status" },
    { key: "checkIn", header: zh ? "签到状态" : "Check-in" },
    { key: "checkInTime", header: zh ? "签到时间" : "Checked in at" },
    { key: "release", header: zh ? "释放" : "Release" },
    { key: "releaseTime", header: zh ? "释放时间" : "Released at" },
    { key: "releasedBy", header: zh ? "释放人" : "Released by" },
  ];
  const filter = data.args.filter !== undefined ? ` ${data.args.filter.replace(/[\\/:*?"<>|]/gu, " ")}` : "";
  return {
    fileName: `${zh ? "会议室预定" : "Room reservations"} ${data.args.date}${filter}.xlsx`,
    sheets: [{ name: zh ? "预定" : "Reservations", columns, rows }, ...(data.truncated ? [truncatedNote(locale)] : [])],
  };
}
