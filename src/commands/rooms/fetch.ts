/** Every reservation of one query window, page by page (the SDK's iterators hide failures, so paging is by hand). */
import type { FeishuGateway } from "../../feishu/gateway.js";
import type { Reservation } from "../../feishu/types.js";
import type { RoomDirectory } from "./directory.js";

/** The API's largest page. */
export const RESERVATION_PAGE_SIZE = 100;
/** A bound on one batch's pages in one day, so a misbehaving page token cannot loop forever: 2,000 reservations. */
export const MAX_RESERVATION_PAGES = 20;
/** Rooms named in one call: 100 omm_ ids keep the query string near 4 KB. */
export const ROOM_IDS_PER_CALL = 100;
/** The API refuses a window longer than one day (126006). */
const MAX_WINDOW_MS = 86_400_000;

export interface FetchedDay {
  reservations: Reservation[];
  /** True when the bound was reached before the API said there was no more. */
  truncated: boolean;
}

/**
 * The reservations of the directory's rooms in the window: the rooms named explicitly, as Feishu's
 * schema requires, in batches of ROOM_IDS_PER_CALL. A tenant with no rooms has no reservations and
 * costs no call.
 */
export async function fetchReservations(
  gateway: FeishuGateway,
  window: { start: Date; end: Date },
  directory: RoomDirectory,
): Promise<FetchedDay> {
  const reservations: Reservation[] = [];
  const roomIds = directory.rooms.map((room) => room.roomId);
  let truncated = directory.truncated;
  for (let first = 0; first < roomIds.length; first += ROOM_IDS_PER_CALL) {
    const batch = roomIds.slice(first, first + ROOM_IDS_PER_CALL);
    let pages = 0;
    for (const part of splitWindow(window.start, window.end)) {
      let token: string | undefined;
      const seen = new Set<string>();
      do {
        if (pages >= MAX_RESERVATION_PAGES) {
          truncated = true;
          break;
        }
        const page = await gateway.listReservations({
          start: part.start,
          end: part.end,
          roomLevelId: directory.levelId,
          roomIds: batch,
          isExclude: false,
          needTopic: true,
          pageSize: RESERVATION_PAGE_SIZE,
          ...(token ? { pageToken: token } : {}),
        });
        pages += 1;
        reservations.push(...page.items);
        if (token !== undefined) seen.add(token);
        token = page.hasMore && page.pageToken && !seen.has(page.pageToken) ? page.pageToken : undefined;
      } while (token !== undefined);
    }
  }
  return { reservations, truncated };
}

/**
 * [start, end) as windows the API accepts: at most one day each, whole seconds, the last second
 * excluded so a reservation starting exactly at `end` (the next day's midnight) is not counted. A
 * day with a daylight-saving change can last 25 hours and needs two.
 */
export function splitWindow(start: Date, end: Date): Array<{ start: Date; end: Date }> {
  const first = Math.ceil(start.getTime() / 1000) * 1000;
  const last = Math.ceil(end.getTime() / 1000) * 1000 - 1000;
  const parts: Array<{ start: Date; end: Date }> = [];
  for (let from = first; from <= last; from += MAX_WINDOW_MS) {
    const to = Math.min(last, from + MAX_WINDOW_MS - 1000);
    parts.push({ start: new Date(from), end: new Date(to) });
  }
  if (parts.length === 0) parts.push({ start: new Date(first), end: new Date(first) });
  return parts;
}
