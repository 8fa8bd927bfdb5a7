/**
 * Each digest section runs the command it summarises, with arguments pinned to the digest's day,
 * and keeps the few figures a morning card needs. The same arguments go into the section's button,
 * so "open" shows exactly what the section summarised, whenever it is clicked.
 */
import type { DigestSectionConfig } from "../../config/types.js";
import { dayFromToday } from "../args/dates.js";
import { meetingCommand } from "../meeting/index.js";
import type { MeetingListView } from "../meeting/views.js";
import type { CommandName } from "../types.js";
import { latestDataDay } from "../pushstats/period.js";
import { pushstatsCommand } from "../pushstats/index.js";
import type { PushStatsView } from "../pushstats/types.js";
import { reportCommand } from "../report/index.js";
import type { ReportView } from "../report/types.js";
import { roomsCommand } from "../rooms/index.js";
import type { RoomsView } from "../rooms/view.js";
import type { CommandContext, View } from "../types.js";
import type { DaySpan, MeetingDigest, MeetingDigestRow, PushDigest, ReportDigest, RoomsDigest } from "./views.js";

/** Meetings listed under a meeting-number section. */
export const MEETING_ROWS = 3;
/** The report section's trend, in days ending yesterday. */
export const TREND_DAYS = 7;

/** What a section will run: the command and its arguments (also its button's), and how to read the answer. */
export interface SectionPlan<T> {
  cmd: CommandName;
  args: string[];
  span: DaySpan;
  fetch(ctx: CommandContext): Promise<T>;
}

type Plans = {
  report: SectionPlan<ReportDigest>;
  rooms: SectionPlan<RoomsDigest>;
  pushstats: SectionPlan<PushDigest>;
  meeting: SectionPlan<MeetingDigest>;
};

/** The plan of one section at `at` (the instant the digest is about) in `timeZone`. */
export function planSection<S extends DigestSectionConfig>(section: S, at: number, timeZone: string): Plans[S["kind"]] {
  const clock = { now: at, timeZone };
  switch (section.kind) {
    case "report": {
      const from = dayFromToday(-TREND_DAYS, clock).date;
      const to = dayFromToday(-1, clock).date;
      return reportPlan([`${from}..${to}`], { from, to }) as Plans[S["kind"]];
    }
    case "rooms": {
      const day = dayFromToday(-1, clock).date;
      return roomsPlan([day], { from: day, to: day }) as Plans[S["kind"]];
    }
    case "pushstats": {
      const day = latestDataDay(at, timeZone);
      return pushPlan(["day", day], { from: day, to: day }) as Plans[S["kind"]];
    }
    case "meeting": {
      const from = dayFromToday(-(TREND_DAYS - 1), clock).date;
      const to = dayFromToday(0, clock).date;
      return meetingPlan([section.meetingNo, `${from}..${to}`], { from, to }, timeZone) as Plans[S["kind"]];
    }
  }
  throw new Error(`unknown digest section ${JSON.stringify((section as { kind: unknown }).kind)}`);
}

function reportPlan(args: string[], span: DaySpan): SectionPlan<ReportDigest> {
  return {
    cmd: "report",
    args,
    span,
    async fetch(ctx) {
      const view = expectKind(await reportCommand.run(args, ctx), "report") as ReportView;
      const last = view.daily[view.daily.length - 1];
      const before = view.daily[view.daily.length - 2];
      return {
        day: view.to,
        yesterday: last ? figures(last) : { meetings: 0, durationSeconds: 0, participants: 0 },
        dayBefore: before ? figures(before) : undefined,
        week: { from: view.from, to: view.to, totals: view.totals },
        trend: view.daily.map((day) => ({ date: day.date, meetings: day.meetings })),
      };
    },
  };
}

function roomsPlan(args: string[], span: DaySpan): SectionPlan<RoomsDigest> {
  return {
    cmd: "rooms",
    args,
    span,
    async fetch(ctx) {
      const view = expectKind(await roomsCommand.run(args, ctx), "rooms") as RoomsView;
      return { day: view.date, summary: view.summary, truncated: view.truncated };
    },
  };
}

function pushPlan(args: string[], span: DaySpan): SectionPlan<PushDigest> {
  return {
    cmd: "pushstats",
    args,
    span,
    async fetch(ctx) {
      const view = expectKind(await pushstatsCommand.run(args, ctx), "pushstats") as PushStatsView;
      return { day: view.start, result: pushResult(view.result) };
    },
  };
}

function meetingPlan(args: string[], span: DaySpan, timeZone: string): SectionPlan<MeetingDigest> {
  return {
    cmd: "meeting",
    args,
    span,
    async fetch(ctx) {
      const view = expectKind(await meetingCommand.run(args, ctx), "meeting-list") as MeetingListView;
      // The API documents no order, so "the latest" is only known when the first page holds every
      // meeting of the range; otherwise the card gives the counts and its button the full list.
      const whole = !view.summary.countCapped && view.rows.length >= view.summary.count;
      const latest: MeetingDigestRow[] = (whole ? [...view.rows] : [])
        .sort((a, b) => (b.start ?? 0) - (a.start ?? 0))
        .slice(0, MEETING_ROWS)
        .map((row) => ({
          topic: row.topic,
          status: row.status,
          ...(row.start !== undefined ? { start: row.start } : {}),
          ...(row.durationSeconds !== undefined ? { durationSeconds: row.durationSeconds } : {}),
        }));
      return { from: view.from, to: view.to, ...view.summary, latest, timeZone };
    },
  };
}

function pushResult(result: PushStatsView["result"]): PushDigest["result"] {
  switch (result.kind) {
    case "data": {
      const m = result.metrics;
      return { kind: "data", sent: m.sentMessages, reached: m.reachedUsers, rate1h: m.rate1h, rate12h: m.rate12h };
    }
    case "pending":
      return { kind: "pending", availableAt: result.availableAt };
    default:
      return { kind: "none" };
  }
}

function figures(day: { meetings: number; durationSeconds: number; participants: number }) {
  return { meetings: day.meetings, durationSeconds: day.durationSeconds, participants: day.participants };
}

function expectKind(view: View, kind: View["kind"]): View {
  if (view.kind !== kind) throw new Error(`expected a ${kind} view, got ${view.kind}`);
  return view;
}
