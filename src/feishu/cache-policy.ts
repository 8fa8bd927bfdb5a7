/**
 * How long an answer stays fresh, by what it describes: settled history keeps for hours, anything
 * that can still change (today, a running meeting, a period whose figures are not in) for about
 * a minute or less.
 */
import dayjs from "dayjs";
import timezone from "dayjs/plugin/timezone.js";
import utc from "dayjs/plugin/utc.js";
import type { MeetingDetail, PushCycle } from "./types.js";

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
  endedMeeting: 6 * 3600,
  /** Participants come and go while it runs. */
  runningMeeting: 30,
  /** Push figures of a period whose last day's data has not been published yet. */
  pendingPush: 5 * 60,
  botInfo: 12 * 3600,
} as const;

const DAY_MS = 86_400_000;

export function startOfToday(clock: CacheClock): number {
  return dayjs(clock.now()).tz(clock.timezone).startOf("day").valueOf();
}

/** For a query over [start, end]: settled once `end` is before today began. */
export function rangeTtl(end: Date): TtlRule<unknown> {
  return (_value, clock) => (end.getTime() <= startOfToday(clock) ? TTL_SECONDS.settled : TTL_SECONDS.live);
}

export const meetingTtl: TtlRule<MeetingDetail> = (meeting) =>
  meeting.status === "ended" ? TTL_SECONDS.endedMeeting : TTL_SECONDS.runningMeeting;

/**
 * message_push_overview has data up to two days ago: a period is complete once its last day is
 * no later than the day before yesterday.
 */
export function pushOverviewTtl(date: string, cycle: PushCycle): TtlRule<unknown> {
  return (_value, clock) => {
    const start = dayjs.tz(date, clock.timezone);
    if (!start.isValid()) return TTL_SECONDS.pendingPush;
    const end = start.add(1, cycle).valueOf();
    return end <= startOfToday(clock) - DAY_MS ? TTL_SECONDS.settled : TTL_SECONDS.pendingPush;
  };
}

export const botInfoTtl: TtlRule<unknown> = () => TTL_SECONDS.botInfo;
