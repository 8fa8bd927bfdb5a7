/**
 * How long an answer stays fresh, by what it describes: settled history keeps for hours, anything
 * that can still change (today, a running meeting, a period whose figures are not in) for about
 * a minute or less.
 */
import dayjs from "dayjs";
import timezone from "dayjs/plugin/timezone.js";
import utc from "dayjs/plugin/utc.js";
import { pushPeriodComplete } from "./push-calendar.js";
import type { ChatInfo, MeetingDetail, PushCycle } from "./types.js";

dayjs.extend(utc);
dayjs.extend(timezone);

/** "Today" is a calendar day in the bot's time zone. */
export interface CacheClock {
  now(): number;
  timezone: string;
}

/** Seconds a cached answer lives, chosen from the query and the answer. */
export type TtlRule<T> = (value: T, clock: CacheClock) => number;

export const TTL_SECONDS = {
  /** A past day's report, reservations or meetings: they no longer change. */
  settled: 6 * 3600,
  /** Anything that includes today. */
  live: 60,
  /** A range ending yesterday, in the morning: yesterday's figures may still be being produced. */
  recent: 5 * 60,
  endedMeeting: 6 * 3600,
  /** Participants come and go while it runs. */
  runningMeeting: 30,
  /** Push figures of a period whose last day's data has not been published yet. */
  pendingPush: 5 * 60,
  botInfo: 12 * 3600,
  /** A chat's mode never changes: a direct chat stays one, a group stays a group. */
  chat: 12 * 3600,
  /**
   * A chat whose mode Feishu did not say (the bot is not in it) or named with a value unknown to
   * us: the answer can change once the bot is added, so it keeps only briefly.
   */
  chatUnknown: 60,
  /** Rooms and levels change when an administrator edits them: an hour is fresh enough. */
  rooms: 3600,
} as const;

/**
 * Answers kept at least this long are shared by every replica through the store (cache.ts):
 * settled days, ended meetings, and the like (a chat's mode, the bot's identity), which no longer
 * change. Anything that can still change keeps a minute or minutes, and stays in each process.
 */
export const SHARED_MIN_TTL_SECONDS = TTL_SECONDS.settled;

const DAY_MS = 86_400_000;

export function startOfToday(clock: CacheClock): number {
  return dayjs(clock.now()).tz(clock.timezone).startOf("day").valueOf();
}

/**
 * Until this local hour, a range ending yesterday is not treated as settled. get_daily's page does
 * not say when a day's report is produced (message_push_overview's says 10:00 two days later), so
 * noon is our own margin; it costs a few extra calls in the morning and nothing after.
 */
export const YESTERDAY_SETTLED_HOUR = 12;

/**
 * For a query over [start, end]: live while it includes today; a range ending yesterday keeps a few
 * minutes at a time until noon (never past noon); anything older is settled.
 */
export function rangeTtl(end: Date): TtlRule<unknown> {
  return (_value, clock) => {
    const today = startOfToday(clock);
    if (end.getTime() > today) return TTL_SECONDS.live;
    if (end.getTime() <= today - DAY_MS) return TTL_SECONDS.settled;
    const untilNoon = Math.ceil((today + YESTERDAY_SETTLED_HOUR * 3_600_000 - clock.now()) / 1000);
    return untilNoon > 0 ? Math.min(TTL_SECONDS.recent, untilNoon) : TTL_SECONDS.settled;
  };
}

export const meetingTtl: TtlRule<MeetingDetail> = (meeting) =>
  meeting.status === "ended" ? TTL_SECONDS.endedMeeting : TTL_SECONDS.runningMeeting;

/**
 * message_push_overview publishes a day at 10:00 two days later (push-calendar.ts, the rule
 * /pushstats uses too): a period is final once its last day has been published.
 */
export function pushOverviewTtl(date: string, cycle: PushCycle): TtlRule<unknown> {
  return (_value, clock) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return TTL_SECONDS.pendingPush;
    return pushPeriodComplete(date, cycle, clock.now(), clock.timezone) ? TTL_SECONDS.settled : TTL_SECONDS.pendingPush;
  };
}

export const botInfoTtl: TtlRule<unknown> = () => TTL_SECONDS.botInfo;

/** A department's name changes seldom: kept as long as the room lists. */
export const departmentTtl: TtlRule<unknown> = () => TTL_SECONDS.rooms;

export const roomsTtl: TtlRule<unknown> = () => TTL_SECONDS.rooms;

export const chatTtl: TtlRule<ChatInfo> = (chat) =>
  typeof chat.mode === "string" ? TTL_SECONDS.chat : TTL_SECONDS.chatUnknown;
