/**
 * The pick hooks: a picker's option (untrusted, as typed text is) merged into a card's sealed
 * arguments, then through the command's own schema (argsFromPick). Garbage, an option the card does
 * not offer, an over-long string: a UsageError, never a crash; a day out of range passes here and is
 * refused by the query's own check (roomsDay), as a typed one is.
 */
import { describe, expect, it } from "vitest";
import { argsFromPick } from "../../src/commands/define.js";
import { meetingCommand } from "../../src/commands/meeting/index.js";
import { meetingPicker } from "../../src/commands/meeting/pick.js";
import { reportCommand } from "../../src/commands/report/index.js";
import { reportPicker } from "../../src/commands/report/pick.js";
import { roomsDay } from "../../src/commands/rooms/args.js";
import { roomsCommand } from "../../src/commands/rooms/index.js";
import { ALL_ROOMS, MAX_ROOM_OPTIONS, roomsPicker } from "../../src/commands/rooms/pick.js";
import { UsageError } from "../../src/commands/usage.js";

/** 2026-03-04 15:30 in Shanghai. */
const clock = { now: Date.parse("2026-03-04T07:30:00Z"), timeZone: "Asia/Shanghai" };

const refused = (pick: () => unknown) => expect(pick).toThrow(UsageError);

describe("/rooms pick", () => {
  const card = { date: "2026-03-04", filter: "Alpha", until: Math.floor(clock.now / 1000) };
  const pick = (kind: "date" | "room" | "range", option: string) => argsFromPick(roomsCommand, card, kind, option, clock);

  it("takes a date picker's day, in Feishu's form or bare, keeping the filter and dropping the other day's window", () => {
    expect(pick("date", "2026-02-10 +0800")).toEqual({ date: "2026-02-10", filter: "Alpha" });
    expect(pick("date", "2026-02-10 -0500")).toEqual({ date: "2026-02-10", filter: "Alpha" });
    expect(pick("date", "2026-02-10")).toEqual({ date: "2026-02-10", filter: "Alpha" });
    // The same day keeps its window: the card's reservations stay those it counted.
    expect(pick("date", "2026-03-04 +0800")).toEqual(card);
  });

  it("takes a room select's room as the filter, and all rooms as none", () => {
    expect(pick("room", "room:Beta 2")).toEqual({ date: "2026-03-04", until: card.until, filter: "Beta 2" });
    expect(pick("room", ALL_ROOMS)).toEqual({ date: "2026-03-04", until: card.until });
  });

  it.each([
    ["date", "tomorrow"],
    ["date", "2026-3-4"],
    ["date", "2026-03-04T00:00"],
    ["date", "2026-03-04 +08:00"],
    ["date", ""],
    ["date", `2026-03-04 +0800${" ".repeat(300)}`],
    ["room", "Beta"],
    ["room", "room:"],
    ["room", `room:${"x".repeat(41)}`],
    ["room", "x".repeat(256)],
    ["range", "90d"],
    ["range", "7"],
  ] as const)("refuses %s option %j as a usage mistake", (kind, option) => {
    refused(() => pick(kind, option));
  });

  it("takes a period card's range select: one of the periods offered, the filter kept", () => {
    expect(pick("range", "30d")).toEqual({ period: { days: 30 }, filter: "Alpha" });
    expect(argsFromPick(roomsCommand, { period: { from: "2026-02-01", to: "2026-02-10" } }, "range", "7d", clock)).toEqual({ period: { days: 7 } });
  });

  it("on a period's arguments, keeps the period for a room and turns a picked date into that day", () => {
    const period = { period: { days: 7 }, filter: "Alpha" };
    expect(argsFromPick(roomsCommand, period, "room", "room:Beta", clock)).toEqual({ period: { days: 7 }, filter: "Beta" });
    expect(argsFromPick(roomsCommand, period, "room", ALL_ROOMS, clock)).toEqual({ period: { days: 7 } });
    expect(argsFromPick(roomsCommand, period, "date", "2026-03-01 +0800", clock)).toEqual({ date: "2026-03-01", filter: "Alpha" });
  });

  it("leaves a calendar-impossible, future or too old day to the query's check, which refuses it as typed", () => {
    for (const option of ["2026-02-30 +0800", "2026-03-05 +0800", "2025-06-01 +0800"]) {
      const args = pick("date", option);
      if (!("date" in args)) throw new Error("a date pick gave a period");
      expect(() => roomsDay(args.date, clock)).toThrow(UsageError);
    }
  });

  it("offers the directory's rooms, capped, with the current room chosen", () => {
    const names = Array.from({ length: MAX_ROOM_OPTIONS + 5 }, (_, i) => `Room ${i + 1}`);
    const picker = roomsPicker({ date: "2026-03-04", filter: "Room 3" }, [...names, "", "y".repeat(41)]);
    expect(picker.rooms).toHaveLength(MAX_ROOM_OPTIONS);
    expect(picker.rooms[0]).toEqual({ name: "Room 1", option: "room:Room 1" });
    expect(picker.roomsCapped).toBe(true);
    expect(picker.current).toBe("room:Room 3");
    expect(picker.date).toEqual({ cmd: "rooms", args: { date: "2026-03-04", filter: "Room 3" }, pick: "date" });
    expect(roomsPicker({ date: "2026-03-04" }, ["A"])).toMatchObject({ current: ALL_ROOMS, roomsCapped: false });
    // A filter that is part of names, not one name: the select shows none chosen.
    expect(roomsPicker({ date: "2026-03-04", filter: "Room" }, ["Room 1"]).current).toBeUndefined();
  });
});

describe("/report pick", () => {
  it("takes an offered range, whatever the card showed", () => {
    expect(argsFromPick(reportCommand, {}, "range", "30d", clock)).toEqual({ range: { days: 30 } });
    expect(argsFromPick(reportCommand, { range: { from: "2026-01-01", to: "2026-01-31" } }, "range", "14d", clock)).toEqual({ range: { days: 14 } });
  });

  it.each(["8d", "365d", "30", "30D ", "", "x".repeat(256)])("refuses %j, a range the select does not offer", (option) => {
    refused(() => argsFromPick(reportCommand, {}, "range", option, clock));
  });

  it("refuses a date or room option on its range select", () => {
    refused(() => argsFromPick(reportCommand, {}, "date", "2026-03-01 +0800", clock));
  });

  it("marks the range shown", () => {
    expect(reportPicker(30).current).toBe("30d");
    expect(reportPicker(12).current).toBeUndefined();
    expect(reportPicker(undefined).options.map((o) => o.option)).toEqual(["7d", "14d", "30d", "90d"]);
  });
});

describe("/meeting pick", () => {
  const list = { kind: "number" as const, meetingNo: "123456789", list: { startSec: 1, endSec: 2, count: 0, countCapped: false, totalSeconds: 0, measured: 0 } };

  it("takes an offered range on the same number, dropping the list's sealed header for a fresh count", () => {
    expect(argsFromPick(meetingCommand, list, "range", "14d", clock)).toEqual({ kind: "number", meetingNo: "123456789", range: { days: 14 } });
  });

  it.each(["13d", "2026-03-01", "all"])("refuses %j", (option) => {
    refused(() => argsFromPick(meetingCommand, list, "range", option, clock));
  });

  it("refuses a range on a meeting's detail card, which has no picker", () => {
    refused(() => argsFromPick(meetingCommand, { kind: "detail", meetingId: "7000000000000000001" }, "range", "7d", clock));
  });

  it("marks the range shown on the first page (none typed: Feishu's 90 days), none on later pages", () => {
    expect(meetingPicker({ kind: "number", meetingNo: "123456789" }).current).toBe("90d");
    expect(meetingPicker({ kind: "number", meetingNo: "123456789", range: { days: 7 } }).current).toBe("7d");
    expect(meetingPicker(list).current).toBeUndefined();
  });
});
