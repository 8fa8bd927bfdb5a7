/** The VC meeting endpoints: one meeting by id, and the meetings held under a meeting number. */
import type * as lark from "@larksuiteoapi/node-sdk";
import type { FeishuCall } from "../call.js";
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
  return call(
    "meeting_get",
    () =>
      client.vc.v1.meeting.get({
        path: { meeting_id: meetingId },
        params: {
          with_participants: opts.withParticipants ?? false,
          with_meeting_ability: opts.withAbility ?? false,
          user_id_type: "open_id",
        },
      }),
    (body) => normalizeMeeting(body.data),
  );
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
  return call(
    "meeting_list_by_no",
    () =>
      client.vc.v1.meeting.listByNo({
        params: {
          meeting_no: q.meetingNo,
          start_time: unixSeconds(q.start),
          end_time: unixSeconds(q.end),
          page_size: q.pageSize,
          page_token: q.pageToken,
        },
      }),
    (body) => normalizeMeetingList(body.data),
  );
}
