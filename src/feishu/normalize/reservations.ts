/** GET /open-apis/vc/v1/resource_reservation_list → Page<Reservation>. */
import type { Page, Reservation } from "../types.js";
import {
  displayText,
  parseCheckInDevice,
  parseCheckInStatus,
  parseDisplayDuration,
  parseDisplayTime,
  parseRelease,
  parseReservationStatus,
} from "./display.js";
import { pageOf } from "./page.js";
import { flag, list, optionalCount, record, text } from "./read.js";

const ENDPOINT = "reservation_list";

/** Rows are never dropped: a value that cannot be read becomes undefined or an "unknown" kind. */
export function normalizeReservations(data: unknown): Page<Reservation> {
  const body = record(ENDPOINT, data, "data");
  const items = list(ENDPOINT, body.room_reservation_list, "data.room_reservation_list").map((value, i) =>
    normalizeReservation(record(ENDPOINT, value, `data.room_reservation_list[${i}]`)),
  );
  return pageOf(items, body.page_token, flag(body.has_more));
}

function normalizeReservation(r: Record<string, unknown>): Reservation {
  return {
    roomId: text(r.room_id),
    roomName: text(r.room_name),
    title: text(r.event_title),
    reserver: text(r.reserver),
    reserverId: reserverIdOf(r.reserver_user_id),
    department: text(r.department_of_reserver),
    guests: optionalCount(r.guests_number),
    accepted: optionalCount(r.accepted_number),
    start: parseDisplayTime(r.event_start_time),
    end: parseDisplayTime(r.event_end_time),
    durationSeconds: parseDisplayDuration(r.event_duration),
    status: parseReservationStatus(r.reservation_status),
    checkInDevice: parseCheckInDevice(r.check_in_device),
    checkInStatus: parseCheckInStatus(r.room_check_in_status),
    checkInTime: parseDisplayTime(r.check_in_time),
    release: parseRelease(r.is_release_early, r.reservation_status),
    releasedBy: displayText(r.releasing_person),
    releaseTime: parseDisplayTime(r.releasing_time),
  };
}

/**
 * The page's example reads "ou_1234567(UserID);cli_123123(BotID)": an id with its kind in
 * brackets, possibly several. The first id is the reserver.
 */
function reserverIdOf(value: unknown): string | undefined {
  const first = displayText(value)?.split(";")[0];
  const id = first?.replace(/[(（].*$/, "").trim();
  return id === undefined || id === "" ? undefined : id;
}
