/** Gateway-shaped meetings for the /meeting tests, built with only what a test cares about. */
import { Sensitive, type MeetingDetail, type Participant } from "../../../src/feishu/types.js";

export const T0 = Date.UTC(2026, 10, 20, 1, 0, 0); // 2026-11-20 09:00 in Asia/Shanghai
export const MIN = 60_000;

export function participant(over: Partial<Participant> = {}): Participant {
  return {
    id: "ou_abc",
    userType: "lark",
    firstJoinTime: new Date(T0),
    finalLeaveTime: new Date(T0 + 60 * MIN),
    inMeetingSeconds: 3600,
    isHost: false,
    isCohost: false,
    isExternal: false,
    status: "left",
    ...over,
  };
}

export function meeting(over: Partial<MeetingDetail> = {}): MeetingDetail {
  return {
    id: "7000000000000000001",
    topic: "周会",
    url: "https://vc.feishu.cn/j/123456789",
    meetingNo: "123456789",
    password: new Sensitive("971024"),
    createTime: new Date(T0 - 5 * MIN),
    startTime: new Date(T0),
    endTime: new Date(T0 + 60 * MIN),
    host: { id: "ou_host", userType: "lark" },
    status: "ended",
    participantCountPeak: 3,
    participantCountAccumulated: 4,
    participants: [participant({ id: "ou_host", isHost: true })],
    ability: { video: true, audio: true, shareScreen: false, followScreen: false, recording: true, pstn: false },
    ...over,
  };
}
