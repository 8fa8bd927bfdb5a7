/** The VC meeting endpoints: one meeting by id, and the meetings held under a meeting number. */
import type * as lark from "@larksuiteoapi/node-sdk";
import type { FeishuCall } from "../call.js";
import { meetingTtl, rangeTtl } from "../cache-policy.js";
import { normalizeMeeting } from "../normalize/meeting.js";
import { normalizeMeetingList } from "../normalize/meeting-list.js";
import type { MeetingBrief, MeetingDetail, Page } from "../types.js";
import { unixSeconds } from "./time.js";

export interface GetMeetingOptions {
  withParticipants?: boolean;
  withAbility?: boolean;
}

export function getMeeting(
  client: lark.Client,
  call: FeishuCall,
  meetingId: string,
  opts: GetMeetingOptions = {},
): Promise<MeetingDetail> {
  const params = {
    with_participants: opts.withParticipants ?? false,
    with_meeting_ability: opts.withAbility ?? false,
    user_id_type: "open_id" as const,
  };
  return call({
    endpoint: "meeting_get",
    send: (auth) => client.vc.v1.meeting.get({ path: { meeting_id: meetingId }, params }, auth),
    read: (body) => normalizeMeeting(body.data),
    cache: { params: { meetingId, ...params }, ttl: meetingTtl },
  });
}

export interface ListMeetingsByNoQuery {
  meetingNo: string;
  start: Date;
  end: Date;
  pageSize?: number;
  pageToken?: string;
}

export function listMeetingsByNo(
  client: lark.Client,
  call: FeishuCall,
  q: ListMeetingsByNoQuery,
): Promise<Page<MeetingBrief>> {
  const params = {
    meeting_no: q.meetingNo,
    start_time: unixSeconds(q.start),
    end_time: unixSeconds(q.end),
    page_size: q.pageSize,
    page_token: q.pageToken,
  };
  return call({
    endpoint: "meeting_list_by_no",
    send: (auth) => client.vc.v1.meeting.listByNo({ params }, auth),
    read: (body) => normalizeMeetingList(body.data),
    cache: { params, ttl: rangeTtl(q.end) },
  });
}
