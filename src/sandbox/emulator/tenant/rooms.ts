/** Room levels, rooms (seed only) and each day's room reservations (seed + day). */
import type { UniqueId } from "./people.js";
import { createRng, seedOf, type Rng } from "./rng.js";
import type { CheckInDevice, Department, Reservation, Room, RoomLevel, User } from "./types.js";
import { ADHOC_TOPICS, BUILDINGS, RECURRING_TOPICS, fillTopic } from "./vocabulary.js";
import { weekday } from "./zoned-time.js";

const DEVICES: readonly CheckInDevice[] = ["签到板", "签到二维码", "控制器", "触屏版", "设备离线，自动签到"];
/** A bot that books rooms too: the page's reserver_user_id may be an app id. */
const BOOKING_BOT = { appId: "cli_9a8b7c6d5e4f3a2b", name: "会议室预定助手" };

export function generateRooms(
  rng: Rng,
  unique: UniqueId,
  tenantName: string,
): { roomLevels: RoomLevel[]; rooms: Room[] } {
  const roomLevels: RoomLevel[] = [];
  const rooms: Room[] = [];
  const level = (name: string, parent: RoomLevel | undefined): RoomLevel => {
    const created: RoomLevel = {
      roomLevelId: unique(() => `omb_${rng.hex(32)}`),
      name,
      parentId: parent ? parent.roomLevelId : "0",
      path: parent ? [...parent.path, parent.roomLevelId] : [],
    };
    roomLevels.push(created);
    return created;
  };
  const root = level(tenantName, undefined);
  for (const building of BUILDINGS) {
    const b = level(building.name, root);
    let nameIndex = 0;
    for (const floorName of building.floors) {
      const floor = level(floorName, b);
      const count = rng.int(5, 6);
      for (let i = 1; i <= count; i++) {
        const theme = building.roomNames[nameIndex++ % building.roomNames.length] ?? "Room";
        rooms.push({
          roomId: unique(() => `omm_${rng.hex(32)}`),
          name: `${floorName}-${String(i).padStart(2, "0")} ${theme}`,
          roomLevelId: floor.roomLevelId,
          capacity: rng.pick([4, 6, 8, 10, 12, 20, 40]),
        });
      }
    }
  }
  return { roomLevels, rooms };
}

/**
 * Two rooms on the last floor of the first two buildings that no reservation names: a storeroom
 * being refitted and a far-off booth, so a period's utilisation has rooms nobody booked.
 */
export function generateIdleRooms(rng: Rng, unique: UniqueId, roomLevels: readonly RoomLevel[]): Room[] {
  const floors = roomLevels.filter((level) => level.path.length === 2);
  const buildings = [...new Set(floors.map((floor) => floor.parentId))].slice(0, 2);
  const names = ["99 储藏室（改造中）", "98 Quiet Booth"];
  return buildings.flatMap((building, i) => {
    const floor = floors.filter((f) => f.parentId === building).at(-1);
    if (!floor) return [];
    return [{ roomId: unique(() => `omm_${rng.hex(32)}`), name: `${floor.name}-${names[i]}`, roomLevelId: floor.roomLevelId, capacity: 4 }];
  });
}

interface DayContext {
  seed: number;
  date: string;
  dayStart: number;
  rooms: Room[];
  users: User[];
  departments: Department[];
}

function eventTitle(rng: Rng, reserver: User | undefined, departments: Department[]): string {
  const team = rng.pick(departments).name;
  const name = reserver?.name ?? "会议室预定助手";
  const template = rng.chance(0.55) ? rng.pick(RECURRING_TOPICS) : rng.pick(ADHOC_TOPICS);
  return fillTopic(template, { team, name }) || `${name}的日程`;
}

/** One day of reservations: busy on weekdays (100+ across the tenant), quiet at weekends. */
export function generateReservationsForDay(ctx: DayContext): Reservation[] {
  const rng = createRng(seedOf(ctx.seed, ctx.date, "reservations"));
  const internal = ctx.users.filter((u) => !u.external);
  const isWeekend = [0, 6].includes(weekday(ctx.date));
  const out: Reservation[] = [];
  for (const room of ctx.rooms) {
    const target = isWeekend ? (rng.chance(0.3) ? 1 : 0) : rng.int(2, 5);
    // Walk through the working day in 30-minute steps so one room's bookings never overlap.
    let cursor = ctx.dayStart + (8 * 60 + rng.int(0, 4) * 30) * 60;
    const lastStart = ctx.dayStart + 20 * 3600;
    for (let n = 0; n < target && cursor <= lastStart; n++) {
      const start = cursor;
      const end = start + rng.pick([30, 60, 60, 90, 120]) * 60;
      cursor = end + rng.int(0, 4) * 30 * 60;
      out.push(reservation(rng, ctx, room, internal, start, end));
    }
  }
  return out;
}

function reservation(
  rng: Rng,
  ctx: DayContext,
  room: Room,
  internal: User[],
  start: number,
  end: number,
): Reservation {
  const byBot = rng.chance(0.05);
  const user = byBot ? undefined : rng.pick(internal);
  const guests = rng.int(1, Math.max(1, room.capacity));
  const base: Reservation = {
    roomId: room.roomId,
    eventTitle: eventTitle(rng, user, ctx.departments),
    reserver: user ? { kind: "user", openId: user.openId } : { kind: "bot", ...BOOKING_BOT },
    guests,
    accepted: rng.int(0, guests),
    startTime: start,
    endTime: end,
    status: rng.chance(0.03) ? "审批中" : "预定成功",
  };
  if (base.status === "审批中") return base;
  const roll = rng.next();
  if (roll < 0.72) {
    const checkInTime = start + rng.int(-300, 600);
    base.checkIn = { time: checkInTime, device: rng.pick(DEVICES) };
    if (rng.chance(0.22) && user) {
      const releaseAt = rng.int(checkInTime + 600, Math.max(checkInTime + 600, end - 600));
      base.release = { kind: "manual", time: releaseAt, byOpenId: user.openId };
    }
  } else if (roll < 0.9) {
    // Nobody came: the room frees itself 15 minutes after the start.
    base.release = { kind: "auto", time: start + 15 * 60 };
  }
  return base;
}
