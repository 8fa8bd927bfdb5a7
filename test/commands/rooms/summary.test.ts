import { describe, expect, it } from "vitest";
import { checkInGroup, isNoShow, summarise } from "../../../src/commands/rooms/summary.js";
import { noShow, reservation } from "./fixtures.js";

const at = (hhmm: string) => new Date(`2026-03-02T${hhmm}:00+08:00`);

describe("summarise", () => {
  it("is all zeros for an empty day", () => {
    expect(summarise([])).toEqual({
      reservations: 0,
      approving: 0,
      roomsUsed: 0,
      checkIn: { checkedIn: 0, due: 0 },
      noShows: 0,
      missed: 0,
      notYetDue: 0,
      noCheckIn: 0,
      releasedEarly: 0,
      secondsGivenBack: 0,
      invitations: { accepted: 0, invited: 0 },
      busiestRooms: [],
    });
  });

  it("counts reservations, distinct rooms and invitations", () => {
    const s = summarise([
      reservation({ guests: 5, accepted: 2 }),
      reservation({ start: at("13:00"), end: at("14:00"), guests: 3, accepted: 3 }),
      reservation({ roomId: "omm_b", roomName: "Room B", guests: undefined, accepted: undefined }),
    ]);
    expect(s.reservations).toBe(3);
    expect(s.roomsUsed).toBe(2);
    expect(s.invitations).toEqual({ accepted: 5, invited: 8 });
  });

  it("rates check-ins over settled, confirmed reservations only", () => {
    const s = summarise([
      reservation(),
      noShow(),
      reservation({ checkInStatus: { kind: "awaiting" }, checkInTime: undefined }),
      reservation({ checkInStatus: { kind: "not_required_instant" }, checkInTime: undefined }),
      reservation({ status: { kind: "approving" }, checkInStatus: { kind: "missed" }, checkInTime: undefined }),
      reservation({ checkInStatus: { kind: "unknown", raw: "签到中" }, checkInTime: undefined }),
    ]);
    expect(s.checkIn).toEqual({ checkedIn: 1, due: 2 });
    expect(s.approving).toBe(1);
  });

  it("puts every reservation in one group, so the groups add up, and rates only the settled check-ins", () => {
    const rows = [
      reservation(),
      reservation(),
      noShow(),
      // Past the check-in time, nobody came, the room kept.
      reservation({ checkInStatus: { kind: "missed" }, checkInTime: undefined }),
      // In progress or upcoming: check-in still open.
      reservation({ checkInStatus: { kind: "awaiting" }, checkInTime: undefined }),
      reservation({ checkInStatus: { kind: "window_open" }, checkInTime: undefined }),
      reservation({ checkInStatus: { kind: "not_required_instant" }, checkInTime: undefined }),
      reservation({ checkInStatus: undefined, checkInTime: undefined }),
      reservation({ status: { kind: "approving" }, checkInStatus: { kind: "missed" }, checkInTime: undefined }),
    ];
    expect(rows.map(checkInGroup)).toEqual(["checkedIn", "checkedIn", "noShow", "missed", "notYetDue", "notYetDue", "noCheckIn", "noCheckIn", "approving"]);
    const s = summarise(rows);
    expect(s).toMatchObject({ approving: 1, noShows: 1, missed: 1, notYetDue: 2, noCheckIn: 2, checkIn: { checkedIn: 2, due: 4 } });
    expect(s.checkIn.checkedIn + s.noShows + s.missed + s.notYetDue + s.noCheckIn + s.approving).toBe(s.reservations);
  });

  it("counts automatic releases without a check-in as no-shows, not as early releases", () => {
    const rows = [
      noShow(),
      noShow({ release: { kind: "no_check_in" } }),
      noShow({ release: { kind: "sensor" } }),
      // Checked in, then the sensor saw an empty room: released early, not a no-show.
      reservation({ release: { kind: "sensor" }, releaseTime: at("09:30") }),
      // Awaiting approval never counts as a no-show.
      noShow({ status: { kind: "approving" } }),
    ];
    expect(rows.map(isNoShow)).toEqual([true, true, true, false, false]);
    const s = summarise(rows);
    expect(s.noShows).toBe(3);
    expect(s.releasedEarly).toBe(2);
  });

  it("sums the time given back by early releases, never negative", () => {
    const s = summarise([
      reservation({ release: { kind: "manual" }, releaseTime: at("09:20"), releasedBy: "Alice" }), // 40 min
      reservation({ start: at("10:00"), end: at("12:00"), release: { kind: "after_meeting" }, releaseTime: at("11:00") }), // 60 min
      reservation({ release: { kind: "released" }, releaseTime: at("23:00") }), // after the end: 0
      reservation({ release: { kind: "manual" }, releaseTime: undefined }), // unknown time: 0
      reservation({ release: { kind: "unknown", raw: "已释放(管理员释放)" }, releaseTime: at("09:10") }),
    ]);
    expect(s.releasedEarly).toBe(4);
    expect(s.secondsGivenBack).toBe(100 * 60);
  });

  it("gives back at most the reserved span: a slot released before it began counts its whole length, no more", () => {
    const before = reservation({ checkInStatus: { kind: "awaiting" }, checkInTime: undefined, release: { kind: "manual" }, releaseTime: at("04:00") });
    expect(summarise([before]).secondsGivenBack).toBe(3600);
    // The API's duration, when it is shorter than end − start, is the cap.
    const short = reservation({ durationSeconds: 1800, release: { kind: "manual" }, releaseTime: at("08:00") });
    expect(summarise([short]).secondsGivenBack).toBe(1800);
    // Without a start time, the release time alone still counts, within the reserved length.
    const noStart = reservation({ start: undefined, release: { kind: "manual" }, releaseTime: at("07:00") });
    expect(summarise([noStart]).secondsGivenBack).toBe(3600);
  });

  it("names the three busiest rooms by reserved time, then by count and name", () => {
    const rows = [
      reservation({ roomId: "c", roomName: "C", durationSeconds: 7200 }),
      reservation({ roomId: "a", roomName: "A", durationSeconds: 3600 }),
      reservation({ roomId: "a", roomName: "A", durationSeconds: 3600 }),
      reservation({ roomId: "b", roomName: "B", durationSeconds: 7200 }),
      reservation({ roomId: "d", roomName: "D", durationSeconds: 1800 }),
      // No API duration: end − start.
      reservation({ roomId: "e", roomName: "E", durationSeconds: undefined, start: at("08:00"), end: at("08:30") }),
    ];
    expect(summarise(rows).busiestRooms).toEqual([
      { room: "A", seconds: 7200, reservations: 2 },
      { room: "B", seconds: 7200, reservations: 1 },
      { room: "C", seconds: 7200, reservations: 1 },
    ]);
  });
});
