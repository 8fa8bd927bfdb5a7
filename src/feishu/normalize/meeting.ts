/** GET /open-apis/vc/v1/meetings/:meeting_id → MeetingDetail. */
import { Sensitive, type MeetingAbility, type MeetingDetail, type MeetingUser, type Participant } from "../types.js";
import { count, epochSeconds, flag, list, optionalRecord, optionalText, record, requiredText, text } from "./read.js";
import { meetingStatus, participantStatus, userType } from "./user.js";

const ENDPOINT = "meeting_get";

/** `data` is the response's `data` object: `{ meeting: {...} }`. */
export function normalizeMeeting(data: unknown): MeetingDetail {
  const meeting = record(ENDPOINT, record(ENDPOINT, data, "data").meeting, "data.meeting");
  const host = optionalRecord(ENDPOINT, meeting.host_user, "meeting.host_user");
  const ability = optionalRecord(ENDPOINT, meeting.ability, "meeting.ability");
  return {
    id: requiredText(ENDPOINT, meeting.id, "meeting.id"),
    topic: text(meeting.topic),
    url: optionalText(meeting.url),
    meetingNo: text(meeting.meeting_no),
    password: passwordOf(meeting.password),
    createTime: epochSeconds(ENDPOINT, meeting.create_time, "meeting.create_time"),
    startTime: epochSeconds(ENDPOINT, meeting.start_time, "meeting.start_time"),
    endTime: epochSeconds(ENDPOINT, meeting.end_time, "meeting.end_time"),
    host: host && normalizeHost(host),
    status: meetingStatus(meeting.status),
    participantCountPeak: count(ENDPOINT, meeting.participant_count, "meeting.participant_count"),
    participantCountAccumulated: count(
      ENDPOINT,
      meeting.participant_count_accumulated,
      "meeting.participant_count_accumulated",
    ),
    participants:
      meeting.participants === undefined || meeting.participants === null
        ? undefined
        : list(ENDPOINT, meeting.participants, "meeting.participants").map((p, i) => normalizeParticipant(p, i)),
    ability: ability && normalizeAbility(ability),
  };
}

/** An empty password means the meeting has none. */
export function passwordOf(value: unknown): Sensitive | undefined {
  const password = optionalText(value);
  return password === undefined ? undefined : new Sensitive(password);
}

function normalizeHost(host: Record<string, unknown>): MeetingUser | undefined {
  const id = optionalText(host.id);
  return id === undefined ? undefined : { id, userType: userType(host.user_type) };
}

function normalizeParticipant(value: unknown, index: number): Participant {
  const where = `meeting.participants[${index}]`;
  const p = record(ENDPOINT, value, where);
  return {
    id: text(p.id),
    userType: userType(p.user_type),
    firstJoinTime: epochSeconds(ENDPOINT, p.first_join_time, `${where}.first_join_time`),
    finalLeaveTime: epochSeconds(ENDPOINT, p.final_leave_time, `${where}.final_leave_time`),
    inMeetingSeconds: count(ENDPOINT, p.in_meeting_duration, `${where}.in_meeting_duration`),
    isHost: flag(p.is_host),
    isCohost: flag(p.is_cohost),
    isExternal: flag(p.is_external),
    status: participantStatus(p.status),
  };
}

function normalizeAbility(a: Record<string, unknown>): MeetingAbility {
  return {
    video: flag(a.use_video),
    audio: flag(a.use_audio),
    shareScreen: flag(a.use_share_screen),
    followScreen: flag(a.use_follow_screen),
    recording: flag(a.use_recording),
    pstn: flag(a.use_pstn),
  };
}
