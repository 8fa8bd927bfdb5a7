/**
 * Builds the seeded tenant. The organisation (people, rooms, meeting series) depends on the seed
 * only; each day's activity on the seed and that date, so the same seed and "today" always give
 * the same tenant, and two consecutive days share their history.
 */
import { generateMeetingsForDay, generateSeries, type MeetingWorld } from "./meetings.js";
import { createIdRegistry, generateDepartments, generateSharedTeams, generateUsers } from "./people.js";
import { generatePushDay } from "./push.js";
import { dailyReport } from "./reports.js";
import { createRng, seedOf } from "./rng.js";
import { generateIdleRooms, generateReservationsForDay, generateRooms } from "./rooms.js";
import type { DailyReport, Meeting, Reservation, Tenant } from "./types.js";
import { addDays, dayStart } from "./zoned-time.js";

/** Meetings of other organisations the tenant knows the ids of (see Tenant.foreignMeetingIds). */
export const FOREIGN_MEETINGS = 3;

/** Days of history before today (the VC endpoints look back 90 days). */
export const HISTORY_DAYS = 90;
/** The bot was installed this many days before today: no push data before that. */
export const PUSH_HISTORY_DAYS = 75;
export const TENANT_NAME = "示例科技有限公司";

export interface TenantOptions {
  seed: number;
  /** YYYY-MM-DD in `timezone`. */
  today: string;
  timezone: string;
}

export function generateTenant(options: TenantOptions): Tenant {
  const { seed, today, timezone } = options;
  const rng = createRng(seedOf(seed, "org"));
  const unique = createIdRegistry();
  const departments = generateDepartments(rng, unique);
  const users = generateUsers(rng, unique, departments);
  const { roomLevels, rooms } = generateRooms(rng, unique, TENANT_NAME);
  const series = generateSeries(rng, unique, users, departments);
  const world: MeetingWorld = {
    users,
    internal: users.filter((u) => !u.external),
    external: users.filter((u) => u.external),
    usersByOpenId: new Map(users.map((u) => [u.openId, u])),
    departments,
    rooms,
    series,
  };

  const days = [];
  for (let back = HISTORY_DAYS; back >= 0; back--) {
    const date = addDays(today, -back);
    days.push({ date, dayStart: dayStart(date, timezone), dayEnd: dayStart(addDays(date, 1), timezone) });
  }

  const meetings: Meeting[] = [];
  const reservations: Reservation[] = [];
  const reports: DailyReport[] = [];
  let busiest = { date: today, count: -1 };
  for (const day of days) {
    const isToday = day.date === today;
    const dayMeetings = generateMeetingsForDay({ seed, date: day.date, dayStart: day.dayStart, isToday, world, unique });
    const dayReservations = generateReservationsForDay({ ...day, seed, rooms, users, departments });
    meetings.push(...dayMeetings);
    reservations.push(...dayReservations);
    if (!isToday) reports.push(dailyReport(day, dayMeetings));
    if (dayReservations.length > busiest.count) busiest = { date: day.date, count: dayReservations.length };
  }
  meetings.sort((a, b) => a.startTime - b.startTime || a.id.localeCompare(b.id));
  const roomOrder = new Map(rooms.map((r, i) => [r.roomId, i]));
  reservations.sort(
    (a, b) => a.startTime - b.startTime || (roomOrder.get(a.roomId) ?? 0) - (roomOrder.get(b.roomId) ?? 0),
  );

  const installedOn = addDays(today, -PUSH_HISTORY_DAYS);
  const pushDays = days.filter((d) => d.date >= installedOn).map((d) => generatePushDay(seed, d.date, users));

  const todayStart = days[days.length - 1]?.dayStart ?? 0;
  const personal = series.find((s) => s.kind === "personal");
  const allHands = series.find((s) => s.kind === "allHands");
  const largeMeeting = meetings.findLast((m) => m.meetingNo === allHands?.meetingNo && m.startTime < todayStart);
  // A stream of their own, drawn after everything else, so the rest of the tenant is unchanged.
  const foreignRng = createRng(seedOf(seed, "foreign-meetings"));
  const foreignMeetingIds = Array.from({ length: FOREIGN_MEETINGS }, () => unique(() => `69${foreignRng.digits(17)}`));
  const sharedTeams = generateSharedTeams(createRng(seedOf(seed, "shared-teams")), unique, departments);
  // Rooms nobody books (under renovation, out of the way), for a period's "never booked" list.
  const idleRooms = generateIdleRooms(createRng(seedOf(seed, "idle-rooms")), unique, roomLevels);

  return {
    seed,
    today,
    timezone,
    name: TENANT_NAME,
    departments: [...departments, ...sharedTeams],
    users,
    roomLevels,
    rooms: [...rooms, ...idleRooms],
    reservations,
    meetings,
    dailyReports: reports,
    push: { installedOn, days: pushDays },
    foreignMeetingIds,
    notable: {
      busyMeetingNo: personal?.meetingNo ?? "",
      largeMeetingId: largeMeeting?.id ?? "",
      busiestReservationDay: busiest.date,
      openEndedMeetingIds: meetings.filter((m) => m.endTime === undefined).map((m) => m.id),
      foreignMeetingId: foreignMeetingIds[0] ?? "",
    },
  };
}
