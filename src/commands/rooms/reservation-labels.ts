/**
 * What the /rooms exports (a day's, a period's) write for a reservation's Feishu display values, in
 * the asker's language, and the note a file cut short carries: one table for both files.
 */
import type { CheckInStatus, ReleaseKind, Reservation, ReservationStatus } from "../../feishu/types.js";
import type { Sheet } from "../export.js";
import type { Locale } from "../types.js";

type Texts = Record<Locale, string>;

const STATUS: Record<Exclude<ReservationStatus["kind"], "unknown">, Texts> = {
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
function label<K extends string>(value: { kind: K | "unknown"; raw?: string } | undefined, texts: Record<Exclude<K, "unknown">, Texts>, locale: Locale): string | undefined {
  if (!value) return undefined;
  if (value.kind === "unknown") return value.raw;
  return texts[value.kind as Exclude<K, "unknown">][locale] || undefined;
}

export const statusLabel = (r: Reservation, locale: Locale): string | undefined => label(r.status, STATUS, locale);
export const checkInLabel = (r: Reservation, locale: Locale): string | undefined => label(r.checkInStatus, CHECK_IN, locale);
export const releaseLabel = (r: Reservation, locale: Locale): string | undefined => label(r.release, RELEASE, locale);

/** A file cut short by the fetch's bound says so on a sheet of its own, beside rows that stay pure data. */
export function truncatedNote(locale: Locale): Sheet {
  const zh = locale === "zh";
  return {
    name: zh ? "说明" : "About",
    columns: [{ key: "note", header: zh ? "注意" : "Note" }],
    rows: [{ note: zh ? "预定过多，只导出了前一部分；请用会议室筛选缩小范围。" : "Too many reservations: only the first part is exported; filter by room to narrow it." }],
  };
}
