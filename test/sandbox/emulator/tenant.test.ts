/** The seeded tenant: deterministic, realistic and self-consistent, and quick to build. */
import { describe, expect, it } from "vitest";
import { PROJECT_MEETINGS, PROJECT_TOPIC_SUFFIX } from "../../../src/sandbox/emulator/tenant/meetings.js";
import { generateTenant } from "../../../src/sandbox/emulator/tenant/generate.js";
import { seededTenant } from "../../../src/sandbox/emulator/tenant/cache.js";
import type { Tenant } from "../../../src/sandbox/emulator/tenant/types.js";
import { DAY, TODAY_START } from "./helpers.js";

const options = { seed: 1, today: "2024-06-12", timezone: "Asia/Shanghai" };
const tenant: Tenant = generateTenant(options);

describe("determinism", () => {
  it("builds the same tenant from the same seed and day", () => {
    expect(generateTenant(options)).toEqual(tenant);
  });

  it("builds a different tenant from another seed", () => {
    const other = generateTenant({ ...options, seed: 2 });
    expect(other.users.map((u) => u.openId)).not.toEqual(tenant.users.map((u) => u.openId));
    expect(other.meetings.length).not.toBe(0);
  });

  it("keeps yesterday's history when generated a day later", () => {
    const tomorrow = generateTenant({ ...options, today: "2024-06-13" });
    const overlap = (t: Tenant) =>
      t.meetings.filter((m) => m.startTime >= TODAY_START - 60 * DAY && m.startTime < TODAY_START).map((m) => m.id);
    expect(overlap(tomorrow)).toEqual(overlap(tenant));
    expect(tomorrow.users).toEqual(tenant.users);
  });

  it("holds a project number with 57 meetings over 58 days, whole inside the last 90 days, whatever the day", () => {
    for (const today of ["2024-06-12", "2024-06-29", "2025-01-01"]) {
      const t = generateTenant({ ...options, today });
      const byNo = new Map<string, number[]>();
      for (const m of t.meetings.filter((x) => x.topic.endsWith(PROJECT_TOPIC_SUFFIX))) byNo.set(m.meetingNo, [...(byNo.get(m.meetingNo) ?? []), m.startTime]);
      const whole = [...byNo.values()].filter((starts) => starts.length === PROJECT_MEETINGS);
      expect(whole.length, today).toBeGreaterThanOrEqual(1);
      const [starts] = whole;
      expect(Math.round((starts![56]! - starts![0]!) / DAY), today).toBe(57);
    }
  });

  it("hands out cached tenants frozen, so one emulator cannot change another's", () => {
    const cached = seededTenant(options);
    expect(seededTenant(options)).toBe(cached);
    expect(() => {
      (cached.users[0] as { name: string }).name = "changed";
    }).toThrow(TypeError);
  });
});

describe("people, departments and rooms", () => {
  it("has about 300 users with distinct open, union and user ids, some external", () => {
    expect(tenant.users.length).toBeGreaterThanOrEqual(280);
    expect(tenant.users.length).toBeLessThanOrEqual(320);
    for (const [key, pattern] of [
      ["openId", /^ou_[0-9a-f]{32}$/],
      ["unionId", /^on_[0-9a-f]{32}$/],
      ["userId", /^[0-9a-f]{8}$/],
    ] as const) {
      const ids = tenant.users.map((u) => u[key]);
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of ids) expect(id).toMatch(pattern);
    }
    expect(tenant.users.some((u) => u.external && u.departmentOpenId === undefined)).toBe(true);
    expect(tenant.users.some((u) => /^[\u4e00-\u9fff]+$/.test(u.name))).toBe(true);
    expect(tenant.users.some((u) => /^[A-Za-z' -]+$/.test(u.name))).toBe(true);
  });

  it("has nested departments with both kinds of id", () => {
    expect(tenant.departments.some((d) => d.parentOpenDepartmentId !== "0")).toBe(true);
    for (const d of tenant.departments) expect(d.openDepartmentId).toMatch(/^od-[0-9a-f]{32}$/);
    expect(new Set(tenant.departments.map((d) => d.departmentId)).size).toBe(tenant.departments.length);
  });

  it("has rooms on several floors of several buildings under one root level", () => {
    const roots = tenant.roomLevels.filter((l) => l.parentId === "0");
    expect(roots).toHaveLength(1);
    const buildings = tenant.roomLevels.filter((l) => l.path.length === 1);
    const floors = tenant.roomLevels.filter((l) => l.path.length === 2);
    expect(buildings.length).toBeGreaterThanOrEqual(3);
    expect(floors.length).toBeGreaterThanOrEqual(6);
    for (const l of tenant.roomLevels) expect(l.roomLevelId).toMatch(/^omb_[0-9a-f]{32}$/);
    expect(tenant.rooms.length).toBeGreaterThanOrEqual(30);
    for (const r of tenant.rooms) {
      expect(r.roomId).toMatch(/^omm_[0-9a-f]{32}$/);
      expect(floors.map((f) => f.roomLevelId)).toContain(r.roomLevelId);
    }
  });
});

describe("reservations", () => {
  it("covers each of the last 90 days and today, with one day of 100+", () => {
    const perDay = new Map<number, number>();
    for (const r of tenant.reservations) {
      const day = Math.floor((r.startTime - (TODAY_START - 90 * DAY)) / DAY);
      perDay.set(day, (perDay.get(day) ?? 0) + 1);
    }
    for (let day = 0; day <= 90; day++) expect(perDay.get(day) ?? 0, `day ${day}`).toBeGreaterThan(0);
    expect(Math.max(...perDay.values())).toBeGreaterThanOrEqual(100);
    const busiest = tenant.notable.busiestReservationDay;
    const start = TODAY_START - (Date.parse(`${options.today}T00:00:00Z`) - Date.parse(`${busiest}T00:00:00Z`)) / 1000;
    expect(tenant.reservations.filter((r) => r.startTime >= start && r.startTime < start + DAY).length).toBe(
      Math.max(...perDay.values()),
    );
  });

  it("has every check-in and release outcome, every device and bot reservers", () => {
    const rs = tenant.reservations;
    expect(rs.some((r) => r.status === "审批中")).toBe(true);
    expect(rs.some((r) => r.checkIn && r.release?.kind === "manual")).toBe(true);
    expect(rs.some((r) => !r.checkIn && r.release?.kind === "auto")).toBe(true);
    expect(rs.some((r) => !r.checkIn && !r.release && r.status === "预定成功")).toBe(true);
    expect(new Set(rs.map((r) => r.checkIn?.device).filter(Boolean)).size).toBe(5);
    expect(rs.some((r) => r.reserver.kind === "bot")).toBe(true);
    expect(rs.every((r) => r.accepted <= r.guests && r.endTime > r.startTime)).toBe(true);
  });

  it("never double-books a room", () => {
    const byRoom = new Map<string, { startTime: number; endTime: number }[]>();
    for (const r of tenant.reservations) byRoom.set(r.roomId, [...(byRoom.get(r.roomId) ?? []), r]);
    for (const list of byRoom.values()) {
      for (let i = 1; i < list.length; i++) expect(list[i]!.startTime).toBeGreaterThanOrEqual(list[i - 1]!.endTime);
    }
  });
});

describe("meetings", () => {
  it("uses 9-digit numbers and 19-digit ids, unique ids", () => {
    for (const m of tenant.meetings) {
      expect(m.meetingNo).toMatch(/^[1-9]\d{8}$/);
      expect(m.id).toMatch(/^\d{19}$/);
    }
    expect(new Set(tenant.meetings.map((m) => m.id)).size).toBe(tenant.meetings.length);
  });

  it("has a number with more than 50 meetings in the last 30 days and a meeting of 230+", () => {
    const busy = tenant.meetings.filter(
      (m) => m.meetingNo === tenant.notable.busyMeetingNo && m.startTime >= TODAY_START - 29 * DAY && m.startTime < TODAY_START,
    );
    expect(busy.length).toBeGreaterThan(50);
    const large = tenant.meetings.find((m) => m.id === tenant.notable.largeMeetingId);
    expect(large?.participants.length).toBeGreaterThanOrEqual(230);
    expect(large!.startTime).toBeLessThan(TODAY_START);
  });

  it("has topics a bot must escape, passwords, and every user type", () => {
    const topics = tenant.meetings.map((m) => m.topic);
    expect(topics.some((t) => t.includes("<at id=all></at>"))).toBe(true);
    expect(topics.some((t) => /\[[^\]]+\]\(https?:\/\//.test(t))).toBe(true);
    expect(topics.some((t) => t.includes("**"))).toBe(true);
    expect(tenant.meetings.some((m) => m.password)).toBe(true);
    expect(tenant.meetings.some((m) => !m.password)).toBe(true);
    const types = new Set(tenant.meetings.flatMap((m) => m.participants.map((p) => p.userType)));
    expect([...types].sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(tenant.meetings.some((m) => m.participants.some((p) => p.isExternal))).toBe(true);
    expect(tenant.meetings.some((m) => m.participants.some((p) => p.isCohost))).toBe(true);
  });

  it("knows the ids of a few meetings of other organisations, none of them its own, the same every day", () => {
    expect(tenant.foreignMeetingIds).toHaveLength(3);
    expect(new Set(tenant.foreignMeetingIds).size).toBe(3);
    const own = new Set(tenant.meetings.map((m) => m.id));
    for (const id of tenant.foreignMeetingIds) {
      expect(id).toMatch(/^\d{19}$/);
      expect(own.has(id)).toBe(false);
    }
    expect(tenant.notable.foreignMeetingId).toBe(tenant.foreignMeetingIds[0]);
    expect(generateTenant({ ...options, today: "2024-06-13" }).foreignMeetingIds).toEqual(tenant.foreignMeetingIds);
    expect(generateTenant({ ...options, seed: 2 }).foreignMeetingIds).not.toEqual(tenant.foreignMeetingIds);
  });

  it("has meetings of today with no planned end, one of them a call still ringing", () => {
    const open = tenant.meetings.filter((m) => tenant.notable.openEndedMeetingIds.includes(m.id));
    expect(open.length).toBeGreaterThanOrEqual(2);
    for (const m of open) {
      expect(m.endTime).toBeUndefined();
      expect(m.startTime).toBeGreaterThanOrEqual(TODAY_START);
    }
    const call = open.find((m) => m.calling);
    expect(call?.participants.some((p) => p.pending === 3)).toBe(true);
    expect(tenant.meetings.filter((m) => m.endTime === undefined)).toHaveLength(open.length);
  });

  it("keeps every participant's times inside the meeting", () => {
    const outside: string[] = [];
    for (const m of tenant.meetings) {
      for (const p of m.participants) {
        if (p.firstJoinTime === undefined) continue;
        const left = p.finalLeaveTime;
        const bad =
          p.firstJoinTime < m.startTime ||
          (left !== undefined && m.endTime !== undefined && (left > m.endTime || p.inMeetingDuration > left - p.firstJoinTime));
        if (bad) outside.push(`${m.id}/${p.id}`);
      }
    }
    expect(outside).toEqual([]);
  });
});

describe("daily reports and push data", () => {
  it("has one report per day for the 90 days before today, agreeing with the meetings", () => {
    expect(tenant.dailyReports).toHaveLength(90);
    expect(tenant.dailyReports.at(-1)?.dayStart).toBe(TODAY_START - DAY);
    for (const r of tenant.dailyReports) {
      const held = tenant.meetings.filter((m) => m.startTime >= r.dayStart && m.startTime < r.dayStart + DAY);
      expect(r.meetingCount).toBe(held.length);
      expect(r.meetingDuration).toBe(held.reduce((a, m) => a + (m.endTime! - m.startTime), 0));
      expect(r.participantCount).toBe(held.reduce((a, m) => a + m.participants.length, 0));
    }
  });

  it("has push deliveries for every day since installation, reads never above messages", () => {
    const days = tenant.push.days.map((d) => d.date);
    expect(days[0]).toBe(tenant.push.installedOn);
    expect(days.at(-1)).toBe(options.today);
    expect(new Set(days).size).toBe(days.length);
    for (const d of tenant.push.days) {
      expect(d.deliveries.length).toBeGreaterThan(0);
      for (const x of d.deliveries) {
        expect(x.readIn1h).toBeLessThanOrEqual(x.readIn12h);
        expect(x.readIn12h).toBeLessThanOrEqual(x.messages);
      }
    }
  });
});
