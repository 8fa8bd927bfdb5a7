import { describe, expect, it } from "vitest";
import { FeishuError, MALFORMED_RESPONSE_CODE } from "../../../src/feishu/errors.js";
import { normalizeMeeting } from "../../../src/feishu/normalize/meeting.js";
import { Sensitive } from "../../../src/feishu/types.js";
import { seedResponse } from "../fixtures/seeds.js";

const at = (seconds: number) => new Date(seconds * 1000);

describe("normalizeMeeting", () => {
  it("normalises the seed page's example response", () => {
    const meeting = normalizeMeeting(seedResponse("meeting-get").data);
    expect(meeting).toEqual({
      id: "6911188411934433028",
      topic: "my meeting",
      url: "https://vc.feishu.cn/j/337736498",
      meetingNo: "123456789",
      password: new Sensitive("971024"),
      createTime: at(1608885566),
      startTime: at(1608883322),
      endTime: at(1608888867),
      host: { id: "ou_3ec3f6a28a0d08c45d895276e8e5e19b", userType: "lark" },
      status: "in_progress",
      participantCountPeak: 10,
      participantCountAccumulated: 10,
      participants: [
        {
          id: "ou_3ec3f6a28a0d08c45d895276e8e5e19b",
          userType: "lark",
          firstJoinTime: at(1624438144),
          finalLeaveTime: at(1624438144),
          inMeetingSeconds: 123,
          isHost: true,
          isCohost: false,
          isExternal: false,
          status: "in_meeting",
        },
      ],
      ability: {
        video: true,
        audio: true,
        shareScreen: true,
        followScreen: true,
        recording: true,
        pstn: true,
      },
    });
    expect(meeting.password?.reveal()).toBe("971024");
  });

  it("keeps the password out of JSON and string forms", () => {
    const meeting = normalizeMeeting(seedResponse("meeting-get").data);
    expect(JSON.stringify(meeting)).not.toContain("971024");
    expect(String(meeting.password)).not.toContain("971024");
  });

  it("maps every user type, meeting status and participant status by name", () => {
    const data = seedResponse("meeting-get").data;
    const meeting = data.meeting as Record<string, unknown>;
    const types = [1, 2, 3, 4, 5, 6, 7, 99];
    meeting.participants = types.map((userType, i) => ({ id: `u${i}`, user_type: userType, status: (i % 5) + 1 }));
    const statuses = [1, 2, 3, 0].map((status) => normalizeMeeting({ meeting: { ...meeting, status } }).status);
    const result = normalizeMeeting(data);
    expect(result.participants?.map((p) => p.userType)).toEqual([
      "lark",
      "rooms",
      "docs",
      "neo",
      "neo_guest",
      "pstn",
      "sip",
      "unknown",
    ]);
    expect(result.participants?.map((p) => p.status)).toEqual([
      "calling",
      "in_meeting",
      "ringing",
      "left",
      "unknown",
      "calling",
      "in_meeting",
      "ringing",
    ]);
    expect(statuses).toEqual(["calling", "in_progress", "ended", "unknown"]);
  });

  it("reads absent optional parts as absent: participants, ability, end time, password, host", () => {
    const result = normalizeMeeting({
      meeting: { id: "1", topic: "t", meeting_no: "123456789", start_time: "1608883322", end_time: "0", status: 2 },
    });
    expect(result.participants).toBeUndefined();
    expect(result.ability).toBeUndefined();
    expect(result.endTime).toBeUndefined();
    expect(result.password).toBeUndefined();
    expect(result.host).toBeUndefined();
    expect(result.participantCountPeak).toBe(0);
    expect(result.startTime).toEqual(at(1608883322));
  });

  it("accepts numbers where the page documents strings", () => {
    const result = normalizeMeeting({ meeting: { id: "1", participant_count: 7, start_time: 1608883322 } });
    expect(result.participantCountPeak).toBe(7);
    expect(result.startTime).toEqual(at(1608883322));
  });

  it.each([
    ["no meeting object", {}],
    ["no meeting id", { meeting: { topic: "x" } }],
    ["a count that is not a number", { meeting: { id: "1", participant_count: "ten" } }],
    ["a negative count", { meeting: { id: "1", participant_count: "-3" } }],
    ["a time that is not unix seconds", { meeting: { id: "1", start_time: "2020-12-25" } }],
    ["participants that are not a list", { meeting: { id: "1", participants: "all" } }],
  ])("rejects %s as a malformed response", (_what, data) => {
    let thrown: unknown;
    try {
      normalizeMeeting(data);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(FeishuError);
    expect((thrown as FeishuError).code).toBe(MALFORMED_RESPONSE_CODE);
    expect((thrown as FeishuError).endpoint).toBe("meeting_get");
    expect((thrown as FeishuError).retryable).toBe(false);
  });
});
