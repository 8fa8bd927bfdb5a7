/** GET /open-apis/vc/v1/resource_reservation_list: room reservations, check-ins and releases. */
import type * as lark from "@larksuiteoapi/node-sdk";
import type { FeishuCall } from "../call.js";
import { rangeTtl } from "../cache-policy.js";
import { normalizeReservations } from "../normalize/reservations.js";
import type { Page, Reservation } from "../types.js";
import { unixSeconds } from "./time.js";

export interface ReservationQuery {
  /** At most one day, not starting in the future. */
  start: Date;
  end: Date;
  roomLevelId?: string;
  roomIds?: string[];
  isExclude?: boolean;
  needTopic?: boolean;
  pageSize?: number;
  pageToken?: string;
}

type ReservationParams = NonNullable<Parameters<lark.Client["vc"]["v1"]["resourceReservationList"]["get"]>[0]>["params"];

export function listReservations(
  client: lark.Client,
  call: FeishuCall,
  q: ReservationQuery,
): Promise<Page<Reservation>> {
  // The SDK types room_level_id and room_ids as required; the API does not, and an
  // undefined value is left out of the query string.
  const params = {
    room_level_id: q.roomLevelId,
    room_ids: q.roomIds,
    is_exclude: q.isExclude,
    need_topic: q.needTopic,
    start_time: unixSeconds(q.start),
    end_time: unixSeconds(q.end),
    page_size: q.pageSize,
    page_token: q.pageToken,
  } as ReservationParams;
  return call({
    endpoint: "reservation_list",
    send: (auth) => client.vc.v1.resourceReservationList.get({ params }, auth),
    read: (body) => normalizeReservations(body.data),
    cache: { params, ttl: rangeTtl(q.end) },
  });
}
