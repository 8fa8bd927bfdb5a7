import { describe, expect, it } from "vitest";
import type { WorkingHours } from "../../../src/config/types.js";
import { periodFigures, REPEAT_NO_SHOWS, type PeriodDay } from "../../../src/commands/rooms/period-figures.js";
import type { Reservation } from "../../../src/feishu/types.js";
import { noShow, reservation } from "./fixtures.js";

const TZ = "Asia/Shanghai";
const HOURS: WorkingHours = { startMinute: 9 * 60, endMinute: 18 * 60, weekdays: [1, 2, 3, 4, 5] };
const ROOMS = [
  { roomId: "omm_a", name: "Room A", roomLevelId: "omb_root" },
  { roomId: "omm_b", name: "Room B", roomLevelId: "omb_root" },
  { roomId: "omm_c", name: "Room C", roomLevelId: "omb_root" },
];

/** Whole days from 2026-03-02 (a Monday) in Shanghai. */
function days(n: number): PeriodDay[] {
  return Array.from({ length: n }, (_, i) => {
    const start = new Date(Date.parse("2026-03-01T16:00:00Z") + i * 86_400_000);
    return { date: `2026-03-${String(2 + i).padStart(2, "0")}`, start, end: new Date(start.getTime() + 86_400_000) };
  });
}

/** Local Shanghai time on 2026-03-DD as an instant. */
const at = (day: number, time: string) => new Date(`2026-03-${String(day).padStart(2, "0")}T${time}:00+08:00`);

function figures(reservations: Reservation[], n = 7, hours = HOURS) {
  return periodFigures({ reservations, rooms: ROOMS, days: days(n), hours, timeZone: TZ });
}

describe("period figures", () => {
  it("counts available hours on working days only: a week has five days of nine hours", () => {
    expect(figures([]).availableSeconds).toBe(5 * 9 * 3600);
    expect(figures([], 7, { ...HOURS, weekdays: [1, 2, 3, 4, 5, 6, 7] }).availableSeconds).toBe(7 * 9 * 3600);
  });

  it("counts booked time inside working hours only, clipped at both ends", () => {
    const early = reservation({ start: at(2, "08:00"), end: at(2, "10:00"), durationSeconds: 7200 });
    const late = reservation({ start: at(3, "17:30"), end: at(3, "19:00"), durationSeconds: 5400 });
    const room = figures([early, late]).rooms.find((r) => r.roomId === "omm_a")!;
    expect(room.bookedSeconds).toBe(3600 + 1800);
    expect(room.availableSeconds).toBe(5 * 9 * 3600);
  });

  it("does not count a weekend booking as utilisation, but shows it in the heatmap", () => {
    const saturday = reservation({ start: at(7, "10:00"), end: at(7, "12:00"), durationSeconds: 7200 });
    const result = figures([saturday]);
    expect(result.rooms[0]!.bookedSeconds).toBe(0);
    expect(result.heatmap).toEqual([
      { weekday: 6, hour: 10, seconds: 3600 },
      { weekday: 6, hour: 11, seconds: 3600 },
    ]);
  });

  it("spreads booked time over weekday × hour cells, splitting partial hours", () => {
    const r = reservation({ start: at(3, "09:30"), end: at(3, "11:15"), durationSeconds: 6300 });
    expect(figures([r]).heatmap).toEqual([
      { weekday: 2, hour: 9, seconds: 1800 },
      { weekday: 2, hour: 10, seconds: 3600 },
      { weekday: 2, hour: 11, seconds: 900 },
    ]);
  });

  it("leaves reservations awaiting approval out of booked time", () => {
    const pending = reservation({ status: { kind: "approving" }, start: at(2, "10:00"), end: at(2, "11:00") });
    const room = figures([pending]).rooms[0]!;
    expect(room.reservations).toBe(1);
    expect(room.bookedSeconds).toBe(0);
  });

  it("lists the rooms with no reservation in the period as unused", () => {
    const result = figures([reservation({ roomId: "omm_b", roomName: "Room B" })]);
    expect(result.unused.map((r) => r.room)).toEqual(["Room A", "Room C"]);
  });

  it("counts check-ins, no-shows and hours given back by summary.ts's rules", () => {
    const released = reservation({
      start: at(2, "10:00"),
      end: at(2, "12:00"),
      durationSeconds: 7200,
      release: { kind: "manual" },
      releaseTime: at(2, "11:00"),
    });
    const missed = noShow({ start: at(3, "10:00"), end: at(3, "11:00") });
    const room = figures([released, missed]).rooms[0]!;
    expect(room.checkIn).toEqual({ checkedIn: 1, due: 2 });
    expect(room.noShows).toBe(1);
    expect(room.releasedEarly).toBe(1);
    expect(room.secondsGivenBack).toBe(3600);
  });

  it(`names bookers with ${REPEAT_NO_SHOWS} or more no-shows, not those with one`, () => {
    const bob = (day: number) => noShow({ reserver: "Bob", reserverId: "ou_bob", start: at(day, "10:00"), end: at(day, "11:00") });
    const carol = noShow({ reserver: "Carol", reserverId: "ou_carol", start: at(2, "14:00"), end: at(2, "15:00") });
    const bobShows = reservation({ reserver: "Bob", reserverId: "ou_bob", start: at(5, "10:00"), end: at(5, "11:00") });
    expect(figures([bob(2), bob(3), carol, bobShows]).noShowBookers).toEqual([{ name: "Bob", noShows: 2, reservations: 3 }]);
    expect(figures([bob(2), carol]).noShowBookers).toEqual([]);
  });
});
