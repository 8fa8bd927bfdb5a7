/**
 * One cheap call per command that reads Feishu data, through the same gateway (token, limits,
 * retries) the command uses: the smallest page of the endpoint whose scope the command needs. A
 * probe resolves when Feishu would serve the command and rejects with the FeishuError it would hit.
 */
import type { CommandName } from "../commands/types.js";
import { dayFromToday } from "../commands/args/dates.js";
import type { Config } from "../config/types.js";
import { FeishuError, PUSH_DATA_NOT_FOUND_CODE, type FeishuGateway, type Room } from "../feishu/index.js";
import { latestPushDataDay } from "../feishu/push-calendar.js";

export interface ProbeDeps {
  gateway: FeishuGateway;
  config: Pick<Config, "bot" | "rooms" | "report">;
  now: () => number;
}

/** No meeting has this number; the list answers empty, or refuses for the scope or the permission. */
const NO_MEETING_NUMBER = "000000000";
const HOUR_MS = 3_600_000;

export type ProbedCommand = "meeting" | "rooms" | "report" | "pushstats";

export interface Probe {
  /** The scope the command's data endpoint needs, for when Feishu's refusal names none. */
  scope: string;
  run(deps: ProbeDeps): Promise<void>;
}

export const PROBES: Readonly<Record<ProbedCommand, Probe>> = {
  // And the VC data permission.
  meeting: {
    scope: "vc:meeting:readonly",
    run: async ({ gateway, now }) => {
      await gateway.listMeetingsByNo({ meetingNo: NO_MEETING_NUMBER, start: new Date(now() - HOUR_MS), end: new Date(now()), pageSize: 1 });
    },
  },
  // The room tree; the reservation list also needs the VC data permission, and a room to ask about
  // (its room_ids are required): the first one found down the first branch of the tree.
  rooms: {
    scope: "vc:room:readonly",
    run: async (deps) => {
      const room = await firstRoom(deps);
      if (!room) return;
      const { gateway, now } = deps;
      await gateway.listReservations({ start: new Date(now() - HOUR_MS), end: new Date(now()), roomLevelId: room.roomLevelId, roomIds: [room.roomId], isExclude: false, pageSize: 20 });
    },
  },
  // And the VC data permission: yesterday, as the digest's section asks.
  report: {
    scope: "vc:report:readonly",
    run: async ({ gateway, config, now }) => {
      const yesterday = dayFromToday(-1, { now: now(), timeZone: config.bot.timezone });
      await gateway.getDailyReport({ start: yesterday.start, end: new Date(yesterday.end.getTime() - 1000), unit: config.report.unit });
    },
  },
  // The latest day with data; "no data" means the call was allowed and the bot pushed nothing.
  pushstats: {
    scope: "application:application.app_message_stats.overview:readonly",
    run: async ({ gateway, config, now }) => {
      try {
        await gateway.getPushOverview({ date: latestPushDataDay(now(), config.bot.timezone), cycle: "day" });
      } catch (error) {
        if (!(error instanceof FeishuError && error.code === PUSH_DATA_NOT_FOUND_CODE)) throw error;
      }
    },
  },
};

/** Levels walked down looking for a room: a building, a floor, a wing. */
const MAX_ROOM_DEPTH = 4;

async function firstRoom({ gateway, config }: ProbeDeps): Promise<Room | undefined> {
  let level = config.rooms.roomLevelId;
  for (let depth = 0; depth < MAX_ROOM_DEPTH; depth++) {
    const at = level ? { roomLevelId: level } : {};
    const rooms = await gateway.listRooms({ ...at, pageSize: 1 });
    if (rooms.items[0]) return rooms.items[0];
    const levels = await gateway.listRoomLevels({ ...at, pageSize: 1 });
    level = levels.items[0]?.roomLevelId;
    if (!level) return undefined;
  }
  return undefined;
}

export function isProbed(name: CommandName): name is ProbedCommand {
  return Object.hasOwn(PROBES, name);
}
