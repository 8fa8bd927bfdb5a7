/** Reservations as the gateway hands them over, built from a few fields. */
import type { Reservation } from "../../../src/feishu/types.js";

/** A confirmed, checked-in, unreleased hour in "Room A" on 2026-03-02 (Asia/Shanghai) unless told otherwise. */
export function reservation(overrides: Partial<Reservation> = {}): Reservation {
  return {
    roomId: "omm_a",
    roomName: "Room A",
    title: "Weekly sync",
    reserver: "Alice",
    reserverId: "ou_alice",
    department: "R&D",
    guests: 4,
    accepted: 2,
    start: new Date("2026-03-02T01:00:00Z"),
    end: new Date("2026-03-02T02:00:00Z"),
    durationSeconds: 3600,
    status: { kind: "reserved" },
    checkInDevice: { kind: "check_in_board" },
    checkInStatus: { kind: "checked_in" },
    checkInTime: new Date("2026-03-02T01:02:00Z"),
    release: { kind: "not_released" },
    releasedBy: undefined,
    releaseTime: undefined,
    ...overrides,
  };
}

/** Not checked in and released automatically 15 minutes in: a no-show. */
export function noShow(overrides: Partial<Reservation> = {}): Reservation {
  const base = reservation(overrides);
  return {
    ...base,
    checkInDevice: undefined,
    checkInStatus: { kind: "missed" },
    checkInTime: undefined,
    release: { kind: "auto" },
    releaseTime: base.start ? new Date(base.start.getTime() + 15 * 60_000) : undefined,
    ...overrides,
  };
}
