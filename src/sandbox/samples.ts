/**
 * What a sandbox user can ask about and find something: meeting numbers, a meeting id, a busy day of
 * room reservations, a room word and a department, all picked from the emulator's seeded tenant. The
 * banner prints them, and the bot's /help and usage cards offer them (config.sandbox).
 */
import type { SandboxSamples } from "../config/types.js";
import type { Tenant } from "./emulator/index.js";
import { addDays, dayStart, localDate } from "./emulator/tenant/zoned-time.js";

/** How far back the samples look: well inside Feishu's 90 days, so they still work weeks later. */
export const SAMPLE_DAYS = 30;
const MEETING_NUMBERS = 3;

export function tenantSamples(tenant: Tenant): SandboxSamples {
  const todayStart = dayStart(tenant.today, tenant.timezone);
  const since = dayStart(addDays(tenant.today, -SAMPLE_DAYS), tenant.timezone);

  // Meeting numbers by how many meetings they held in the last 30 days (today's excluded: still running).
  const perNumber = new Map<string, number>();
  for (const m of tenant.meetings) {
    if (m.startTime >= since && m.startTime < todayStart) perNumber.set(m.meetingNo, (perNumber.get(m.meetingNo) ?? 0) + 1);
  }
  const byCount = [...perNumber.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([no]) => no);
  const allHandsNo = tenant.meetings.find((m) => m.id === tenant.notable.largeMeetingId)?.meetingNo;
  const meetingNumbers = [...new Set([tenant.notable.busyMeetingNo, allHandsNo, ...byCount])]
    .filter((no): no is string => no !== undefined && no !== "" && perNumber.has(no))
    .slice(0, MEETING_NUMBERS);

  // The day of the last 30 (today excluded) with the most reservations, and its busiest room.
  const perDay = new Map<string, { count: number; rooms: Map<string, number> }>();
  for (const r of tenant.reservations) {
    if (r.startTime < since || r.startTime >= todayStart) continue;
    const date = localDate(r.startTime, tenant.timezone);
    const day = perDay.get(date) ?? { count: 0, rooms: new Map<string, number>() };
    day.count += 1;
    day.rooms.set(r.roomId, (day.rooms.get(r.roomId) ?? 0) + 1);
    perDay.set(date, day);
  }
  const [busyDay, busy] = [...perDay.entries()].sort((a, b) => b[1].count - a[1].count || b[0].localeCompare(a[0]))[0] ?? [
    addDays(tenant.today, -1),
    undefined,
  ];
  const busiestRoomId = busy ? [...busy.rooms.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] : undefined;
  const room = tenant.rooms.find((r) => r.roomId === busiestRoomId) ?? tenant.rooms[0];
  // "3F-01 长城" → "3F": the floor picks out a few rooms.
  const roomWord = room?.name.split(/[-\s]/u)[0] ?? "";

  // The department most people belong to (not the tenant's root).
  const perDepartment = new Map<string, number>();
  for (const u of tenant.users) {
    if (u.departmentOpenId) perDepartment.set(u.departmentOpenId, (perDepartment.get(u.departmentOpenId) ?? 0) + 1);
  }
  const roots = new Set(tenant.departments.filter((d) => d.parentOpenDepartmentId === "0").map((d) => d.openDepartmentId));
  const departmentId =
    [...perDepartment.entries()].filter(([id]) => !roots.has(id)).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ??
    tenant.departments[0]?.openDepartmentId ??
    "";

  return { meetingNumbers, meetingId: tenant.notable.largeMeetingId, busyDay, roomWord, departmentId };
}
