/** Indexes over a tenant for the routes (built once per tenant object). */
import type { Department, Meeting, Room, RoomLevel, Tenant, User } from "./types.js";

export interface TenantLookup {
  usersByOpenId: Map<string, User>;
  departmentsByOpenId: Map<string, Department>;
  departmentsById: Map<string, Department>;
  meetingsById: Map<string, Meeting>;
  /** Meetings of other organisations (Tenant.foreignMeetingIds). */
  foreignMeetingIds: Set<string>;
  /** Meetings of one number, by start time. */
  meetingsByNo: Map<string, Meeting[]>;
  roomsById: Map<string, Room>;
  levelsById: Map<string, RoomLevel>;
  rootLevelId: string;
  /** Rooms at or under a level. */
  roomsUnder(levelId: string): Room[];
  /** A department's own open id and those of all its sub-departments. */
  departmentSubtree(openDepartmentId: string): Set<string>;
}

const built = new WeakMap<Tenant, TenantLookup>();

export function lookupFor(tenant: Tenant): TenantLookup {
  const hit = built.get(tenant);
  if (hit) return hit;
  const meetingsByNo = new Map<string, Meeting[]>();
  for (const m of tenant.meetings) {
    const list = meetingsByNo.get(m.meetingNo) ?? [];
    list.push(m);
    meetingsByNo.set(m.meetingNo, list);
  }
  const levelsById = new Map(tenant.roomLevels.map((l) => [l.roomLevelId, l]));
  const root = tenant.roomLevels.find((l) => l.parentId === "0");
  const lookup: TenantLookup = {
    usersByOpenId: new Map(tenant.users.map((u) => [u.openId, u])),
    departmentsByOpenId: new Map(tenant.departments.map((d) => [d.openDepartmentId, d])),
    departmentsById: new Map(tenant.departments.map((d) => [d.departmentId, d])),
    meetingsById: new Map(tenant.meetings.map((m) => [m.id, m])),
    foreignMeetingIds: new Set(tenant.foreignMeetingIds),
    meetingsByNo,
    roomsById: new Map(tenant.rooms.map((r) => [r.roomId, r])),
    levelsById,
    rootLevelId: root?.roomLevelId ?? "",
    roomsUnder: (levelId) =>
      tenant.rooms.filter((room) => {
        const level = levelsById.get(room.roomLevelId);
        return room.roomLevelId === levelId || (level?.path.includes(levelId) ?? false);
      }),
    departmentSubtree: (openDepartmentId) => {
      const ids = new Set([openDepartmentId]);
      for (let grew = true; grew; ) {
        grew = false;
        for (const d of tenant.departments) {
          if (ids.has(d.parentOpenDepartmentId) && !ids.has(d.openDepartmentId)) {
            ids.add(d.openDepartmentId);
            grew = true;
          }
        }
      }
      return ids;
    },
  };
  built.set(tenant, lookup);
  return lookup;
}
