/**
 * `/rooms <day>`'s Export: every reservation of the day (the room filter applied, as on the card),
 * in the card's order — by room, then by start. Headers in the asker's language, instants as
 * Dates (the workbook writes them in the bot's time zone), durations in minutes.
 */
import type { CheckInStatus, ReleaseKind, Reservation, ReservationStatus } from "../../feishu/types.js";
import type { ExportFile } from "../export.js";
import type { CommandContext, Locale } from "../types.js";
import { filterByRoom } from "./build.js";
import type { RoomsDayData } from "./index.js";
import { sortReservations } from "./rows.js";

type Texts = Record<Locale, string>;

export const STATUS: Record<Exclude<ReservationStatus["kind"], "unknown">, Texts> = {
  approving: { zh: "审批中", en: "Awaiting approval" },
  reserved: { zh: "预定成功", en: "Reserved" },
  released: { zh: "已释放", en: "Released" },
};

const CHECK_IN: Record<Exclude<CheckInStatus["kind"], "unknown">, Texts> = {
  checked_in: { zh: "已签到", en: "Checked in" },
  awaiting: { zh: "待签到", en: "Awaiting check-in" },
  window_open: { zh: "签到中", en: "Check-in open" },
  missed: { zh: "未签到", en: "Missed" },
  not_required: { zh: "无需签到", en: "Not required" },
  not_required_instant: { zh: "无需签到（即时会议）", en: "Not required (instant meeting)" },
  not_required_disabled: { zh: "无需签到（未开启）", en: "Not required (check-in off)" },
  not_required_no_device: { zh: "无需签到（无签到设备）", en: "Not required (no device)" },
  room_disabled: { zh: "会议室已停用", en: "Room disabled" },
};

const RELEASE: Record<Exclude<ReleaseKind["kind"], "unknown">, Texts> = {
  not_released: { zh: "", en: "" },
  released: { zh: "已释放", en: "Released" },
  manual: { zh: "手动释放", en: "Released by hand" },
  auto: { zh: "自动释放", en: "Released automatically" },
  after_meeting: { zh: "会议结束后自动释放", en: "Released after the meeting" },
  no_check_in: { zh: "未签到被释放", en: "Released: no check-in" },
  sensor: { zh: "传感器自动释放", en: "Released by the sensor" },
};

/** A Feishu display value in the asker's language; one no documented form matched, as Feishu wrote it. */
export function label<K extends string>(value: { kind: K | "unknown"; raw?: string } | undefined, texts: Record<Exclude<K, "unknown">, Texts>, locale: Locale): string | undefined {
  if (!value) return undefined;
  if (value.kind === "unknown") return value.raw;
  return texts[value.kind as Exclude<K, "unknown">][locale] || undefined;
}

export function roomsDayExport(data: RoomsDayData, ctx: CommandContext): ExportFile {
  const { locale } = ctx;
  const zh = locale === "zh";
  const rows = sortReservations(filterByRoom(data.reservations, data.args.filter)).map((r: Reservation) => ({
    room: r.roomName || r.roomId,
    start: r.start,
    end: r.end,
    minutes: r.durationSeconds === undefined ? undefined : Math.round(r.durationSeconds / 60),
    title: r.title,
    reserver: r.reserver,
    department: r.department,
    guests: r.guests,
    accepted: r.accepted,
    status: label(r.status, STATUS, locale),
    checkIn: label(r.checkInStatus, CHECK_IN, locale),
    checkInTime: r.checkInTime,
    release: label(r.release, RELEASE, locale),
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
  // A day cut short by the fetch's bound says so on a sheet of its own, beside rows that stay pure data.
  const note = {
    name: zh ? "说明" : "About",
    columns: [{ key: "note", header: zh ? "注意" : "Note" }],
    rows: [{ note: zh ? "预定过多，只导出了前一部分；请用会议室筛选缩小范围。" : "Too many reservations: only the first part is exported; filter by room to narrow it." }],
  };
  return {
    fileName: `${zh ? "会议室预定" : "Room reservations"} ${data.args.date}${filter}.xlsx`,
    sheets: [{ name: zh ? "预定" : "Reservations", columns, rows }, ...(data.truncated ? [note] : [])],
  };
}
