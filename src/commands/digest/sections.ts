/**
 * Each digest section runs the command it summarises — that command's own query, then its own view —
 * with arguments pinned to the digest's day, and keeps the few figures a morning card needs, computed
 * here so the card only formats them. The same arguments go into the section's button, so "open"
 * shows exactly what the section summarised, whenever it is clicked.
 */
import type { DigestSectionConfig } from "../../config/types.js";
import type { CommandArgs } from "../actions.js";
import { dayFromToday } from "../args/dates.js";
import { runQueryAndView } from "../define.js";
import type { MeetingNumberArgs } from "../meeting/args.js";
import { meetingCommand } from "../meeting/index.js";
import { pushstatsCommand } from "../pushstats/index.js";
import { latestDataDay } from "../pushstats/period.js";
import { change } from "../report/build.js";
import { reportCommand } from "../report/index.js";
import type { ReportFigures } from "../report/types.js";
import { roomsCommand } from "../rooms/index.js";
import type { CommandContext } from "../types.js";
import type { DaySpan, MeetingDigest, MeetingDigestRow, PushDigest, ReportDigest, RoomsDigest } from "./views.js";

/** Meetings listed under a meeting-number section. */
export const MEETING_ROWS = 3;
/** The report section's trend, in days ending yesterday. */
export const TREND_DAYS = 7;

/** What a section will run: its command's arguments (also its button's) and the days they cover. */
export type SectionPlan =
  | { kind: "report"; args: CommandArgs["report"]; span: DaySpan }
  | { kind: "rooms"; args: CommandArgs["rooms"]; span: DaySpan }
  | { kind: "pushstats"; args: CommandArgs["pushstats"]; span: DaySpan }
  | { kind: "meeting"; meetingNo: string; args: MeetingNumberArgs; span: DaySpan };

/** The plan of one section at `at` (the instant the digest is about) in `timeZone`. */
export function planSection(section: DigestSectionConfig, at: number, timeZone: string): SectionPlan {
  const clock = { now: at, timeZone };
  switch (section.kind) {
    case "report": {
      // The trend's days end yesterday; a chat-added digest may choose how many (`report 14d`).
      const span = { from: dayFromToday(-(section.days ?? TREND_DAYS), clock).date, to: dayFromToday(-1, clock).date };
      return { kind: "report", args: { range: { ...span } }, span };
    }
    case "rooms":
      return roomsPlan(section.days ?? 1, clock);
    case "pushstats": {
      const day = latestDataDay(at, timeZone);
      return { kind: "pushstats", args: { cycle: "day", date: day }, span: { from: day, to: day } };
    }
    case "meeting": {
      const span = { from: dayFromToday(-(TREND_DAYS - 1), clock).date, to: dayFromToday(0, clock).date };
      const args: MeetingNumberArgs = { kind: "number", meetingNo: section.meetingNo, range: { ...span } };
      return { kind: "meeting", meetingNo: section.meetingNo, args, span };
    }
  }
}

/**
 * A rooms section: yesterday's reservations, or with `days` > 1 (`/digest add … rooms 7d`) the
 * rooms' utilisation over the `days` whole days ending yesterday, as `/rooms 7d` shows it.
 */
function roomsPlan(days: number, clock: { now: number; timeZone: string }): SectionPlan {
  const day = dayFromToday(-1, clock).date;
  if (days <= 1) return { kind: "rooms", args: { date: day }, span: { from: day, to: day } };
  // Pinned to the digest's days, as the report's range is: a late run or a click days later shows the same days.
  const span = { from: dayFromToday(-days, clock).date, to: day };
  return { kind: "rooms", args: { period: { ...span } }, span };
}

/** Yesterday and the day before from /report's days, with the week's totals and trend. */
export async function reportDigest(args: CommandArgs["report"], ctx: CommandContext): Promise<ReportDigest> {
  const view = await runQueryAndView(reportCommand, args, ctx);
  const last = view.daily[view.daily.length - 1];
  const before = view.daily[view.daily.length - 2];
  const yesterday = last ? figures(last) : { meetings: 0, durationSeconds: 0, participants: 0 };
  return {
    day: view.to,
    yesterday,
    change: before
      ? {
          meetings: change(yesterday.meetings, before.meetings),
          durationSeconds: change(yesterday.durationSeconds, before.durationSeconds),
          participants: change(yesterday.participants, before.participants),
        }
      : undefined,
    week: { from: view.from, to: view.to, days: view.daily.length, totals: view.totals },
    trend: view.daily.map((day) => ({ date: day.date, meetings: day.meetings })),
  };
}

export async function roomsDigest(args: CommandArgs["rooms"], ctx: CommandContext): Promise<RoomsDigest> {
  const view = await runQueryAndView(roomsCommand, args, ctx);
  if (view.kind === "rooms") return { kind: "day", day: view.date, summary: view.summary, truncated: view.truncated };
  return { kind: "period", from: view.from, to: view.to, days: view.days, totals: view.totals, truncated: view.truncated };
}

export async function pushDigest(args: CommandArgs["pushstats"], ctx: CommandContext): Promise<PushDigest> {
  const view = await runQueryAndView(pushstatsCommand, args, ctx);
  const result = view.result;
  switch (result.kind) {
    case "data": {
      const m = result.metrics;
      return { day: view.start, result: { kind: "data", sent: m.sentMessages, reached: m.reachedUsers, rate1h: m.rate1h, rate12h: m.rate12h } };
    }
    case "pending":
      return { day: view.start, result: { kind: "pending", availableAt: result.availableAt } };
    case "none":
      return { day: view.start, result: { kind: "none" } };
    case "department":
      // A digest's section asks for the whole organisation, never a department by name.
      throw new Error("a digest's message-reach section named a department");
  }
}

export async function meetingDigest(args: MeetingNumberArgs, ctx: CommandContext): Promise<MeetingDigest> {
  const view = await runQueryAndView(meetingCommand, args, ctx);
  // /meeting answers a meeting number with its list; anything else is a bug in /meeting, not in the data.
  if (view.kind !== "meeting-list") throw new Error(`/meeting answered a meeting number with a ${view.kind} view`);
  const { summary } = view;
  // The API documents no order, so "the latest" is only known when the first page holds every
  // meeting of the range; otherwise the card gives the counts and its button the full list.
  const whole = !summary.countCapped && view.rows.length >= summary.count;
  const latest: MeetingDigestRow[] = (whole ? [...view.rows] : [])
    .sort((a, b) => (b.start ?? 0) - (a.start ?? 0))
    .slice(0, MEETING_ROWS)
    .map((row) => ({
      topic: row.topic,
      status: row.status,
      ...(row.start !== undefined ? { start: row.start } : {}),
      ...(row.durationSeconds !== undefined ? { durationSeconds: row.durationSeconds } : {}),
    }));
  return {
    from: view.from,
    to: view.to,
    count: summary.count,
    countCapped: summary.countCapped,
    totalSeconds: summary.totalSeconds,
    measured: summary.measured,
    partlyMeasured: !summary.countCapped && summary.measured < summary.count,
    latest,
    timeZone: ctx.deps.config.bot.timezone,
  };
}

function figures(day: ReportFigures): ReportFigures {
  return { meetings: day.meetings, durationSeconds: day.durationSeconds, participants: day.participants };
}
