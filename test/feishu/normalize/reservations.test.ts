import { describe, expect, it } from "vitest";
import { normalizeReservations } from "../../../src/feishu/normalize/reservations.js";
import { seedResponse } from "../fixtures/seeds.js";

describe("normalizeReservations", () => {
  it("normalises the seed page's example response", () => {
    const page = normalizeReservations(seedResponse("reservation-list").data);
    expect(page.hasMore).toBe(true);
    expect(page.pageToken).toBe("20");
    expect(page.items).toEqual([
      {
        roomId: "omm_4de32cf10a4358788ff4e09e37ebbf9b",
        roomName: "VIP Meeting Room",
        title: "飞书邀请的日程",
        reserver: "kehan",
        reserverId: "ou_1234567",
        department: "development",
        guests: 5,
        accepted: 2,
        start: new Date("2022-12-17T13:00:00Z"),
        end: new Date("2022-12-17T14:00:00Z"),
        durationSeconds: 3600,
        status: { kind: "reserved" },
        checkInDevice: { kind: "check_in_board" },
        checkInStatus: { kind: "checked_in" },
        checkInTime: new Date("2022-12-09T05:35:30Z"),
        release: { kind: "manual" },
        releasedBy: "kehan",
        releaseTime: new Date("2022-12-20T03:25:15Z"),
      },
    ]);
  });

  it("keeps a row whose display strings are unknown or unreadable, showing them raw", () => {
    const page = normalizeReservations({
      room_reservation_list: [
        {
          room_id: "omm_1",
          room_name: "Room 1",
          guests_number: "many",
          event_start_time: "tomorrow",
          event_duration: "an hour",
          reservation_status: "已冻结",
          check_in_device: "手表",
          room_check_in_status: "签到中",
          is_release_early: "已释放(外星人)",
        },
      ],
      has_more: false,
    });
    expect(page.items).toHaveLength(1);
    const row = page.items[0]!;
    expect(row.roomName).toBe("Room 1");
    expect(row.guests).toBeUndefined();
    expect(row.start).toBeUndefined();
    expect(row.durationSeconds).toBeUndefined();
    expect(row.status).toEqual({ kind: "unknown", raw: "已冻结" });
    expect(row.checkInDevice).toEqual({ kind: "unknown", raw: "手表" });
    expect(row.checkInStatus).toEqual({ kind: "unknown", raw: "签到中" });
    expect(row.release).toEqual({ kind: "unknown", raw: "已释放(外星人)" });
  });

  it("reads empty placeholders as absent", () => {
    const row = normalizeReservations({
      room_reservation_list: [
        { room_id: "omm_1", check_in_device: "-", room_check_in_status: "", check_in_time: "-", releasing_person: "" },
      ],
    }).items[0]!;
    expect(row.checkInDevice).toBeUndefined();
    expect(row.checkInStatus).toBeUndefined();
    expect(row.checkInTime).toBeUndefined();
    expect(row.releasedBy).toBeUndefined();
    expect(row.release).toEqual({ kind: "not_released" });
    expect(row.reserverId).toBeUndefined();
  });

  it("takes a bot reserver's id", () => {
    const row = normalizeReservations({ room_reservation_list: [{ reserver_user_id: "cli_9f115af860f7901b(BotID)" }] })
      .items[0]!;
    expect(row.reserverId).toBe("cli_9f115af860f7901b");
  });

  it("reads an answer without a list as an empty last page", () => {
    expect(normalizeReservations({ has_more: false })).toEqual({ items: [], pageToken: undefined, hasMore: false });
  });
});
