/**
 * Parsers for the display strings resource_reservation_list returns instead of typed values:
 * times like "2022.12.17 21:00:00 (GMT+08:00)", durations like "1:00:00", and Chinese labels.
 * Labels come with ASCII or full-width punctuation; both are accepted.
 */
import type { CheckInDevice, CheckInStatus, ReleaseKind, ReservationStatus, UnknownDisplay } from "../types.js";

/** Values the export uses for "nothing here". */
const EMPTY = new Set(["", "-", "--", "—", "/"]);

/** Trimmed text, or undefined for empty placeholders. */
export function displayText(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const t = value.trim();
  return EMPTY.has(t) ? undefined : t;
}

/** Full-width punctuation to ASCII, and no whitespace, so label variants compare equal. */
export function canonicalLabel(label: string): string {
  return label
    .replace(/（/g, "(")
    .replace(/）/g, ")")
    .replace(/，/g, ",")
    .replace(/\s+/g, "");
}

const TIME =
  /^(\d{4})[.\-/](\d{1,2})[.\-/](\d{1,2})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*[(（]\s*(?:GMT|UTC)\s*(?:([+-])(\d{1,2})(?::?(\d{2}))?)?\s*[)）]$/i;

/** "2022.12.17 21:00:00 (GMT+08:00)" → the instant; undefined when absent or unreadable. */
export function parseDisplayTime(value: unknown): Date | undefined {
  const t = displayText(value);
  const m = t === undefined ? null : TIME.exec(t);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? "0"].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const offsetMinutes = m[7] ? (m[7] === "-" ? -1 : 1) * (Number(m[8]) * 60 + Number(m[9] ?? "0")) : 0;
  if (hour > 23 || minute > 59 || second > 59 || Math.abs(offsetMinutes) > 14 * 60) return undefined;
  const local = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(local);
  // Date.UTC rolls 2022.02.30 over into March; a rolled date is not the date that was written.
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    return undefined;
  }
  return new Date(local - offsetMinutes * 60_000);
}

/** "1:00:00" or "01:00:00" (hours may exceed 24) → seconds; undefined when absent or unreadable. */
export function parseDisplayDuration(value: unknown): number | undefined {
  const t = displayText(value);
  const m = t === undefined ? null : /^(\d+):(\d{1,2}):(\d{1,2})$/.exec(t);
  if (!m) return undefined;
  const [hours, minutes, seconds] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (minutes > 59 || seconds > 59) return undefined;
  return hours * 3600 + minutes * 60 + seconds;
}

function unknown(raw: string): UnknownDisplay {
  return { kind: "unknown", raw };
}

const RELEASE_REASONS: Record<string, ReleaseKind> = {
  "手动释放": { kind: "manual" },
  "自动释放": { kind: "auto" },
  "会议结束后自动释放": { kind: "after_meeting" },
  "未签到被释放": { kind: "no_check_in" },
  "传感器自动释放": { kind: "sensor" },
};

/** "已释放" with an optional "(reason)", or undefined when the label is not a release at all. */
function releaseFromLabel(label: string): ReleaseKind | undefined {
  const m = /^已释放(?:\((.*)\))?$/.exec(label);
  if (!m) return undefined;
  if (m[1] === undefined || m[1] === "") return { kind: "released" };
  return RELEASE_REASONS[m[1]] ?? undefined;
}

/** 审批中 / 预定成功 / 已释放(…). */
export function parseReservationStatus(value: unknown): ReservationStatus {
  const raw = displayText(value);
  if (raw === undefined) return unknown(typeof value === "string" ? value : "");
  const label = canonicalLabel(raw);
  if (label === "审批中") return { kind: "approving" };
  if (label === "预定成功" || label === "预订成功") return { kind: "reserved" };
  if (/^已释放(\(.*\))?$/.test(label)) return { kind: "released" };
  return unknown(raw);
}

const DEVICES: Record<string, CheckInDevice> = {
  "签到板": { kind: "check_in_board" },
  "签到二维码": { kind: "qr_code" },
  "控制器": { kind: "controller" },
  "触屏版": { kind: "touch_screen" },
  "设备离线,自动签到": { kind: "offline_auto" },
};

/** Undefined when nobody checked in with a device. */
export function parseCheckInDevice(value: unknown): CheckInDevice | undefined {
  const raw = displayText(value);
  if (raw === undefined) return undefined;
  return DEVICES[canonicalLabel(raw)] ?? unknown(raw);
}

const CHECK_IN_STATUSES: Record<string, CheckInStatus> = {
  "已签到": { kind: "checked_in" },
  "待签到": { kind: "awaiting" },
  "签到时间未结束": { kind: "window_open" },
  "超时未签到": { kind: "missed" },
  // Not on the resource page, but the plain form of 超时未签到 and seen in the emulator.
  "未签到": { kind: "missed" },
  "无需签到": { kind: "not_required" },
  "无需签到(即时预定)": { kind: "not_required_instant" },
  "无需签到(未开启签到设置)": { kind: "not_required_disabled" },
  "无需签到(未安装签到设备)": { kind: "not_required_no_device" },
  "不可签到(会议室被禁用)": { kind: "room_disabled" },
};

export function parseCheckInStatus(value: unknown): CheckInStatus | undefined {
  const raw = displayText(value);
  if (raw === undefined) return undefined;
  return CHECK_IN_STATUSES[canonicalLabel(raw)] ?? unknown(raw);
}

const NOT_RELEASED = new Set(["否", "未释放", "false"]);
const RELEASED = new Set(["是", "true", "提前释放"]);

/**
 * The release, from is_release_early ("已释放(手动释放)", "否", ...), completed by the
 * reservation status when that names a reason the release field does not.
 */
export function parseRelease(isReleaseEarly: unknown, reservationStatus: unknown): ReleaseKind {
  const fromStatusText = displayText(reservationStatus);
  const fromStatus = fromStatusText === undefined ? undefined : releaseFromLabel(canonicalLabel(fromStatusText));
  const raw = displayText(isReleaseEarly);
  let release: ReleaseKind;
  if (raw === undefined || NOT_RELEASED.has(canonicalLabel(raw))) release = { kind: "not_released" };
  else if (RELEASED.has(canonicalLabel(raw))) release = { kind: "released" };
  else release = releaseFromLabel(canonicalLabel(raw)) ?? unknown(raw);
  if (fromStatus === undefined) return release;
  if (release.kind === "not_released") return fromStatus;
  return release.kind === "released" ? fromStatus : release;
}
