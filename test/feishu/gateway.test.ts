/** Each gateway method against the emulator: normalised data matching the emulator's tenant. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MeetingBrief, Reservation, UserType } from "../../src/feishu/types.js";
import { SANDBOX_BOT_NAME, SANDBOX_BOT_OPEN_ID, type Meeting } from "../../src/sandbox/emulator/index.js";
import { DAY_MS, NOW, allRooms, shanghaiMidnight, startRig, type GatewayRig } from "./helpers/emulator.js";

const NOW_SEC = Math.floor(NOW / 1000);
const USER_TYPES: Record<number, UserType> = { 1: "lark", 2: "rooms", 3: "docs", 4: "neo", 5: "neo_guest", 6: "pstn", 7: "sip" };
const at = (seconds: number) => new Date(seconds * 1000);

let rig: GatewayRig;
beforeAll(async () => {
  rig = await startRig({ emulator: { rateLimits: false } });
});
afterAll(async () => {
  await rig.close();
});

describe("getBotInfo", () => {
  it("returns the bot's open_id and name", async () => {
    expect(await rig.gateway.getBotInfo()).toEqual({ openId: SANDBOX_BOT_OPEN_ID, name: SANDBOX_BOT_NAME });
  });
});

describe("getMeeting", () => {
  function endedMeeting(): Meeting {
    const found = rig.emulator.tenant.meetings.find(
      (m) =>
        m.endTime !== undefined &&
        m.endTime < NOW_SEC &&
        m.startTime > NOW_SEC - 30 * 86400 &&
        m.password !== undefined &&
        m.participants.some((p) => p.userType !== 1) &&
        m.participants.every((p) => p.firstJoinTime !== undefined && p.finalLeaveTime !== undefined),
    );
    expect(found).toBeDefined();
    return found!;
  }

  it("returns an ended meeting with its participants and abilities", async () => {
    const m = endedMeeting();
    const detail = await rig.gateway.getMeeting(m.id, { withParticipants: true, withAbility: true });
    expect(detail).toMatchObject({
      id: m.id,
      topic: m.topic,
      meetingNo: m.meetingNo,
      url: `https://vc.feishu.cn/j/${m.meetingNo}`,
      createTime: at(m.createTime),
      startTime: at(m.startTime),
      endTime: at(m.endTime!),
      host: { id: m.hostOpenId, userType: "lark" },
      status: "ended",
      participantCountAccumulated: m.participants.length,
      ability: {
        video: m.ability.useVideo,
        audio: m.ability.useAudio,
        shareScreen: m.ability.useShareScreen,
        followScreen: m.ability.useFollowScreen,
        recording: m.ability.useRecording,
        pstn: m.ability.usePstn,
      },
    });
    expect(detail.password?.reveal()).toBe(m.password);
    expect(detail.participantCountPeak).toBeGreaterThan(0);
    expect(detail.participantCountPeak).toBeLessThanOrEqual(m.participants.length);
    const byId = new Map(detail.participants!.map((p) => [p.id, p]));
    expect(byId.size).toBe(m.participants.length);
    for (const p of m.participants) {
      expect(byId.get(p.id)).toEqual({
        id: p.id,
        userType: USER_TYPES[p.userType],
        firstJoinTime: at(p.firstJoinTime!),
        finalLeaveTime: at(p.finalLeaveTime!),
        inMeetingSeconds: p.inMeetingDuration,
        isHost: p.isHost,
        isCohost: p.isCohost,
        isExternal: p.isExternal,
        status: "left",
      });
    }
  });

  it("leaves participants and abilities out unless asked for", async () => {
    const detail = await rig.gateway.getMeeting(endedMeeting().id);
    expect(detail.participants).toBeUndefined();
    expect(detail.ability).toBeUndefined();
  });

  it("returns a meeting still in progress without an end time", async () => {
    const id = rig.emulator.tenant.notable.openEndedMeetingIds.find(
      (openId) => rig.emulator.tenant.meetings.find((m) => m.id === openId)!.startTime <= NOW_SEC,
    );
    expect(id).toBeDefined();
    const detail = await rig.gateway.getMeeting(id!, { withParticipants: true });
    expect(detail.status).toBe("in_progress");
    expect(detail.endTime).toBeUndefined();
    expect(detail.participants?.some((p) => p.status === "in_meeting")).toBe(true);
  });

  it("returns every participant of the large meeting", async () => {
    const m = rig.emulator.tenant.meetings.find((x) => x.id === rig.emulator.tenant.notable.largeMeetingId)!;
    const detail = await rig.gateway.getMeeting(m.id, { withParticipants: true });
    const joined = m.participants.filter((p) => p.firstJoinTime !== undefined && p.firstJoinTime <= NOW_SEC);
    expect(detail.participants!.length).toBeGreaterThanOrEqual(joined.length);
    expect(detail.participantCountAccumulated).toBe(joined.length);
  });
});

describe("listMeetingsByNo", () => {
  it("pages through every meeting of a busy number", async () => {
    const meetingNo = rig.emulator.tenant.notable.busyMeetingNo;
    const start = new Date(NOW - 30 * DAY_MS);
    const end = new Date(NOW);
    const expected = rig.emulator.tenant.meetings.filter(
      (m) => m.meetingNo === meetingNo && m.startTime >= start.getTime() / 1000 && m.startTime <= NOW_SEC,
    );
    expect(expected.length).toBeGreaterThan(20);
    const seen: MeetingBrief[] = [];
    let pageToken: string | undefined;
    let pages = 0;
    do {
      const page = await rig.gateway.listMeetingsByNo({ meetingNo, start, end, pageSize: 20, pageToken });
      expect(page.items.length).toBeLessThanOrEqual(20);
      seen.push(...page.items);
      pageToken = page.pageToken;
      expect(page.hasMore).toBe(pageToken !== undefined);
      pages += 1;
    } while (pageToken !== undefined && pages < 20);
    expect(pages).toBe(Math.ceil(expected.length / 20));
    expect(seen.map((b) => b.id)).toEqual(expected.map((m) => m.id));
    for (const [i, brief] of seen.entries()) {
      const m = expected[i]!;
      expect(brief).toMatchObject({ meetingNo, topic: m.topic, url: `https://vc.feishu.cn/j/${m.meetingNo}` });
      expect(brief.password?.reveal()).toBe(m.password);
    }
  });

  it("returns an empty last page for a number with no meetings", async () => {
    const page = await rig.gateway.listMeetingsByNo({
      meetingNo: "000000001",
      start: new Date(NOW - DAY_MS),
      end: new Date(NOW),
    });
    expect(page).toEqual({ items: [], pageToken: undefined, hasMore: false });
  });
});

describe("getDailyReport", () => {
  it("returns the totals and the days of the last week", async () => {
    const start = shanghaiMidnight("2024-06-05");
    const end = new Date(NOW);
    const days = rig.emulator.tenant.dailyReports.filter(
      (r) => r.dayStart >= start.getTime() / 1000 && r.dayStart <= NOW_SEC,
    );
    expect(days.length).toBe(7);
    const report = await rig.gateway.getDailyReport({ start, end });
    expect(report).toEqual({
      totalMeetingCount: days.reduce((a, r) => a + r.meetingCount, 0),
      totalMeetingDurationSeconds: days.reduce((a, r) => a + r.meetingDuration, 0),
      totalParticipantCount: days.reduce((a, r) => a + r.participantCount, 0),
      days: days.map((r) => ({
        date: at(r.dayStart),
        meetingCount: r.meetingCount,
        meetingDurationSeconds: r.meetingDuration,
        participantCount: r.participantCount,
      })),
    });
  });
});

describe("listReservations", () => {
  it("pages through the busiest day's reservations with their display strings parsed", async () => {
    const day = rig.emulator.tenant.notable.busiestReservationDay;
    const start = shanghaiMidnight(day);
    const end = new Date(start.getTime() + DAY_MS - 1000);
    const expected = rig.emulator.tenant.reservations.filter(
      (r) => r.startTime >= start.getTime() / 1000 && r.startTime <= end.getTime() / 1000,
    );
    expect(expected.length).toBeGreaterThan(20);
    const seen: Reservation[] = [];
    let pageToken: string | undefined;
    do {
      const page = await rig.gateway.listReservations({ start, end, ...allRooms(rig.emulator), needTopic: true, pageSize: 20, pageToken });
      seen.push(...page.items);
      pageToken = page.pageToken;
    } while (pageToken !== undefined && seen.length <= expected.length);
    expect(seen).toHaveLength(expected.length);
    const rooms = new Map(rig.emulator.tenant.rooms.map((r) => [r.roomId, r.name]));
    for (const [i, row] of seen.entries()) {
      const r = expected[i]!;
      const checkedIn = r.checkIn && r.checkIn.time <= NOW_SEC ? r.checkIn : undefined;
      const released = r.release && r.release.time <= NOW_SEC ? r.release : undefined;
      expect(row).toMatchObject({
        roomId: r.roomId,
        roomName: rooms.get(r.roomId),
        title: r.eventTitle,
        reserverId: r.reserver.kind === "user" ? r.reserver.openId : r.reserver.appId,
        guests: r.guests,
        accepted: r.accepted,
        start: at(r.startTime),
        end: at(r.endTime),
        durationSeconds: r.endTime - r.startTime,
        status: { kind: r.status === "预定成功" ? "reserved" : "approving" },
        checkInTime: checkedIn ? at(checkedIn.time) : undefined,
        release: { kind: released ? released.kind : "not_released" },
        releaseTime: released ? at(released.time) : undefined,
      });
      expect(row.checkInDevice?.kind).not.toBe("unknown");
      expect(row.checkInDevice === undefined).toBe(checkedIn === undefined);
      expect(row.checkInStatus?.kind).toBe(checkedIn ? "checked_in" : NOW_SEC >= r.startTime + 900 ? "missed" : "awaiting");
    }
  });

  it("filters by room ids", async () => {
    const day = rig.emulator.tenant.notable.busiestReservationDay;
    const start = shanghaiMidnight(day);
    const end = new Date(start.getTime() + DAY_MS - 1000);
    const roomId = rig.emulator.tenant.reservations.find((r) => r.startTime >= start.getTime() / 1000)!.roomId;
    const page = await rig.gateway.listReservations({ start, end, roomLevelId: allRooms(rig.emulator).roomLevelId, roomIds: [roomId], pageSize: 100 });
    expect(page.items.length).toBeGreaterThan(0);
    expect(new Set(page.items.map((r) => r.roomId))).toEqual(new Set([roomId]));
    expect(page.items.every((r) => r.title === "")).toBe(true);
  });
});

describe("getPushOverview", () => {
  function sums(from: string, to: string) {
    const days = rig.emulator.tenant.push.days.filter((d) => d.date >= from && d.date <= to);
    expect(days.length).toBeGreaterThan(0);
    const deliveries = days.flatMap((d) => d.deliveries);
    return {
      sentMessages: deliveries.reduce((a, d) => a + d.messages, 0),
      reachedUsers: new Set(deliveries.map((d) => d.openId)).size,
      readWithin1h: deliveries.reduce((a, d) => a + d.readIn1h, 0),
      readWithin12h: deliveries.reduce((a, d) => a + d.readIn12h, 0),
    };
  }

  it("returns one day's four metrics", async () => {
    expect(await rig.gateway.getPushOverview({ date: "2024-06-10", cycle: "day" })).toEqual(sums("2024-06-10", "2024-06-10"));
  });

  it("returns a week's metrics from its Monday", async () => {
    expect(await rig.gateway.getPushOverview({ date: "2024-06-03", cycle: "week" })).toEqual(sums("2024-06-03", "2024-06-09"));
  });
});
