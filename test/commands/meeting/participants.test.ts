import { describe, expect, it } from "vitest";
import { attendanceOf, participantRow } from "../../../src/commands/meeting/participants.js";
import { meetingSeconds } from "../../../src/commands/meeting/timing.js";
import { MIN, T0, meeting, participant } from "./fixtures.js";

const at = (minutes: number) => new Date(T0 + minutes * MIN);

describe("attendance figures", () => {
  const ended = meeting();

  it("counts joins more than 5 minutes after the start as late, and exactly 5 as on time", () => {
    const people = [
      participant({ firstJoinTime: at(0) }),
      participant({ firstJoinTime: at(5) }),
      participant({ firstJoinTime: at(5.1) }),
      participant({ firstJoinTime: at(30) }),
    ];
    expect(attendanceOf(ended, people).late).toBe(2);
  });

  it("counts leaving more than 5 minutes before the end as early, once the meeting has ended", () => {
    const people = [
      participant({ finalLeaveTime: at(60) }),
      participant({ finalLeaveTime: at(55) }),
      participant({ finalLeaveTime: at(54.9) }),
      participant({ finalLeaveTime: at(10) }),
    ];
    expect(attendanceOf(ended, people).leftEarly).toBe(2);
    expect(attendanceOf(meeting({ endTime: undefined, status: "in_progress" }), people).leftEarly).toBeUndefined();
  });

  it("leaves out people who never joined, and counts externals among those who did", () => {
    const people = [
      participant({ isExternal: true }),
      participant({ isExternal: true, firstJoinTime: undefined, finalLeaveTime: undefined, status: "ringing" }),
      participant({ firstJoinTime: at(20) }),
      participant(),
    ];
    expect(attendanceOf(ended, people)).toEqual({ joined: 3, late: 1, leftEarly: 0, external: 1 });
  });

  it("turns a participant into a row of plain values", () => {
    const row = participantRow(participant({ id: "omm_1", userType: "rooms", isCohost: true, finalLeaveTime: undefined, status: "in_meeting" }));
    expect(row).toEqual({
      id: "omm_1",
      userType: "rooms",
      firstJoin: T0,
      seconds: 3600,
      isHost: false,
      isCohost: true,
      isExternal: false,
      status: "in_meeting",
    });
  });
});

describe("meeting duration", () => {
  it("is end minus start, or the time so far while the meeting runs", () => {
    expect(meetingSeconds(meeting(), T0 + 999 * MIN)).toBe(3600);
    expect(meetingSeconds(meeting({ endTime: undefined, status: "in_progress" }), T0 + 10 * MIN)).toBe(600);
    expect(meetingSeconds(meeting({ endTime: undefined, status: "ended" }), T0 + 10 * MIN)).toBeUndefined();
    expect(meetingSeconds(meeting({ startTime: undefined }), T0)).toBeUndefined();
  });
});
