/**
 * A meeting as the API shows it at a given moment: what has happened by "now" (status, who is
 * still in, peak and accumulated counts), in the wire format of the meeting page (times and
 * counts as strings, user ids of the requested type).
 */
import type { TenantLookup } from "../tenant/lookup.js";
import { USER_TYPE, type Meeting, type Participant } from "../tenant/types.js";

export type UserIdType = "open_id" | "union_id" | "user_id";
export const USER_ID_TYPES: readonly UserIdType[] = ["open_id", "union_id", "user_id"];

interface ShownParticipant {
  p: Participant;
  status: 1 | 2 | 3 | 4;
  leave?: number;
  duration: number;
}

export interface MeetingAt {
  status: 1 | 2 | 3;
  participants: ShownParticipant[];
  peak: number;
  accumulated: number;
}

export function meetingAt(m: Meeting, now: number): MeetingAt {
  const ended = m.endTime !== undefined && m.endTime <= now;
  const status = ended ? 3 : m.calling ? 1 : 2;
  const participants: ShownParticipant[] = [];
  for (const p of m.participants) {
    if (p.firstJoinTime === undefined) {
      if (!ended && p.pending) participants.push({ p, status: p.pending, duration: 0 });
      continue;
    }
    if (p.firstJoinTime > now) continue;
    if (p.finalLeaveTime !== undefined && p.finalLeaveTime <= now) {
      participants.push({ p, status: 4, leave: p.finalLeaveTime, duration: p.inMeetingDuration });
    } else {
      participants.push({ p, status: 2, duration: now - p.firstJoinTime });
    }
  }
  participants.sort((a, b) => (a.p.firstJoinTime ?? Infinity) - (b.p.firstJoinTime ?? Infinity));
  const joined = participants.filter((s) => s.p.firstJoinTime !== undefined);
  return { status, participants, peak: peakOf(joined, now), accumulated: joined.length };
}

/** The most participants in the meeting at the same time. */
function peakOf(joined: ShownParticipant[], now: number): number {
  const events: [number, number][] = [];
  for (const s of joined) {
    events.push([s.p.firstJoinTime ?? 0, 1]);
    events.push([s.leave ?? now + 1, -1]);
  }
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let current = 0;
  let peak = 0;
  for (const [, delta] of events) {
    current += delta;
    peak = Math.max(peak, current);
  }
  return peak;
}

export function userIdOf(lookup: TenantLookup, openId: string, type: UserIdType): string {
  const user = lookup.usersByOpenId.get(openId);
  if (!user || type === "open_id") return openId;
  return type === "union_id" ? user.unionId : user.userId;
}

export interface WireOptions {
  userIdType: UserIdType;
  withParticipants: boolean;
  withAbility: boolean;
  lookup: TenantLookup;
}

export function meetingToWire(m: Meeting, at: MeetingAt, o: WireOptions): Record<string, unknown> {
  const wire: Record<string, unknown> = {
    id: m.id,
    topic: m.topic,
    url: `https://vc.feishu.cn/j/${m.meetingNo}`,
    meeting_no: m.meetingNo,
    ...(m.password ? { password: m.password } : {}),
    create_time: String(m.createTime),
    start_time: String(m.startTime),
    ...(at.status === 3 && m.endTime !== undefined ? { end_time: String(m.endTime) } : {}),
    host_user: { id: userIdOf(o.lookup, m.hostOpenId, o.userIdType), user_type: USER_TYPE.lark },
    status: at.status,
    participant_count: String(at.peak),
    participant_count_accumulated: String(at.accumulated),
  };
  if (o.withParticipants) {
    // user_id only exists for lark users: rooms, pstn, sip and the rest are filtered out.
    const shown = o.userIdType === "user_id" ? at.participants.filter((s) => s.p.userType === USER_TYPE.lark) : at.participants;
    if (shown.length > 0) wire.participants = shown.map((s) => participantToWire(s, o));
  }
  if (o.withAbility) {
    wire.ability = {
      use_video: m.ability.useVideo,
      use_audio: m.ability.useAudio,
      use_share_screen: m.ability.useShareScreen,
      use_follow_screen: m.ability.useFollowScreen,
      use_recording: m.ability.useRecording,
      use_pstn: m.ability.usePstn,
    };
  }
  return wire;
}

function participantToWire(s: ShownParticipant, o: WireOptions): Record<string, unknown> {
  const { p } = s;
  return {
    id: p.userType === USER_TYPE.lark ? userIdOf(o.lookup, p.id, o.userIdType) : p.id,
    ...(p.firstJoinTime !== undefined ? { first_join_time: String(p.firstJoinTime) } : {}),
    ...(s.leave !== undefined ? { final_leave_time: String(s.leave) } : {}),
    in_meeting_duration: String(s.duration),
    user_type: p.userType,
    is_host: p.isHost,
    is_cohost: p.isCohost,
    is_external: p.isExternal,
    status: s.status,
  };
}
