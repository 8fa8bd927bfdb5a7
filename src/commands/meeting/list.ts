/**
 * `/meeting <9-digit number> [range]`: the meetings held under one number, NEWEST FIRST, so the
 * latest is on the first page and Next goes back in time. list_by_no answers oldest first with
 * forward-only page tokens and no total, so the range is walked once (bounded, see summary.ts) and
 * the card pages over that walk by position from the newest end; a button carries only that
 * position and the range's figures. Only the page shown is enriched with meeting details.
 */
import dayjs from "dayjs";
import timezone from "dayjs/plugin/timezone.js";
import utc from "dayjs/plugin/utc.js";
import type { MeetingBrief, MeetingDetail } from "../../feishu/types.js";
import { lastDaysOf, parseRange, VC_LOOKBACK_DAYS, vcLookbackStart } from "../args/dates.js";
import { actionBase, offsetPagerValues, type ActionValue, type Cursor } from "../paging.js";
import type { CommandContext } from "../types.js";
import { encodeListState, type ListState } from "./args.js";
import { createDetailFetcher } from "./fetch-details.js";
import { measure, walkMeetings, type MeetingWalk } from "./summary.js";
import { meetingSeconds } from "./timing.js";
import type { MeetingListView, MeetingRow } from "./views.js";

dayjs.extend(utc);
dayjs.extend(timezone);

/** Ten enriched rows with their buttons fit a card with room to spare. */
export const LIST_PAGE_SIZE = 10;
/** The VC endpoints keep 90 × 24 hours; with no range (or `90d`) the list covers all of it. */
export const MAX_DAYS = VC_LOOKBACK_DAYS;
/** Button values are untrusted and echoed back on every click: one larger than this is left off. */
export const MAX_PAGER_VALUE_BYTES = 4000;

export interface ListRequest {
  meetingNo: string;
  rangeArg?: string;
  state?: ListState;
}

export async function meetingListView(req: ListRequest, ctx: CommandContext): Promise<MeetingListView> {
  const { gateway, config } = ctx.deps;
  const now = ctx.deps.now();
  const timeZone = config.bot.timezone;
  const window = req.state ? stateWindow(req.state, now) : rangeWindow(req.rangeArg, now, timeZone);
  const details = createDetailFetcher(gateway);
  // A card clicked long after it was sent may hold a range that has left Feishu's window entirely.
  const walk: MeetingWalk =
    window.end.getTime() >= window.start.getTime()
      ? await walkMeetings(gateway, { meetingNo: req.meetingNo, ...window })
      : { briefs: [], capped: false };
  const state: ListState = req.state ?? {
    startSec: Math.floor(window.start.getTime() / 1000),
    endSec: Math.floor(window.end.getTime() / 1000),
    ...(await measure(walk, details, now)),
  };
  const newestFirst = [...walk.briefs].reverse();
  const offset = pageOffset(ctx.cursor, newestFirst.length);
  const page = newestFirst.slice(offset, offset + LIST_PAGE_SIZE);
  const enriched = await Promise.all(page.map(async (brief) => ({ brief, detail: await details(brief.id) })));
  return buildListView({
    meetingNo: req.meetingNo,
    timeZone,
    state,
    items: enriched,
    offset,
    total: newestFirst.length,
    chat: ctx,
    now,
  });
}

export interface ListInput {
  meetingNo: string;
  timeZone: string;
  state: ListState;
  /** The page's meetings, newest first. */
  items: { brief: MeetingBrief; detail: MeetingDetail | undefined }[];
  /** How many newer meetings come before the page. */
  offset: number;
  /** Meetings in the walk, the pages' total. */
  total: number;
  /** The chat the card is for, named in every button. */
  chat: Pick<CommandContext, "chatType" | "chatId">;
  now: number;
}

/** The list view from what was fetched: pure, so property tests can feed it anything. */
export function buildListView(input: ListInput): MeetingListView {
  const { state, chat } = input;
  const base = actionBase(chat, "meeting", [input.meetingNo, encodeListState(state)]);
  const { prev, next, page, pages } = offsetPagerValues(base, input.offset, LIST_PAGE_SIZE, input.total);
  const start = dayjs(state.startSec * 1000).tz(input.timeZone);
  return {
    kind: "meeting-list",
    meetingNo: input.meetingNo,
    timeZone: input.timeZone,
    from: start.format("YYYY-MM-DD"),
    // A window that starts inside a day (the whole of what Feishu keeps) says from when.
    ...(start.valueOf() !== start.startOf("day").valueOf() ? { fromTime: start.format("HH:mm") } : {}),
    to: dayjs(state.endSec * 1000).tz(input.timeZone).format("YYYY-MM-DD"),
    summary: {
      count: state.count,
      countCapped: state.countCapped,
      totalSeconds: state.totalSeconds,
      measured: state.measured,
    },
    rows: input.items.map(({ brief, detail }) => meetingRow(brief, detail, chat, input.now)),
    pager: {
      page,
      pages,
      ...(prev && fits(prev) ? { prev } : {}),
      ...(next && fits(next) ? { next } : {}),
    },
  };
}

/** The button's position, from the newest end; one past the end (meetings left the window since) shows the last page. */
function pageOffset(cursor: Cursor | undefined, total: number): number {
  const offset = cursor?.offset ?? 0;
  if (offset < total || total === 0) return total === 0 ? 0 : offset;
  return Math.floor((total - 1) / LIST_PAGE_SIZE) * LIST_PAGE_SIZE;
}

function meetingRow(
  brief: MeetingBrief,
  detail: MeetingDetail | undefined,
  chat: Pick<CommandContext, "chatType" | "chatId">,
  now: number,
): MeetingRow {
  const row: MeetingRow = {
    id: brief.id,
    topic: detail?.topic || brief.topic,
    status: detail ? detail.status : "unavailable",
    details: actionBase(chat, "meeting", [brief.id]),
  };
  if (!detail) return row;
  if (detail.startTime) row.start = detail.startTime.getTime();
  const seconds = meetingSeconds(detail, now);
  if (seconds !== undefined) row.durationSeconds = seconds;
  row.peak = detail.participantCountPeak;
  return row;
}

/**
 * The query window of a range. With no range, or `90d`, it is everything Feishu keeps: from the
 * start of its 90 × 24 hour window (see vcLookbackStart) up to now. Otherwise it is the range's
 * first midnight to the end of its last day, never past now (the API has nothing later, and a
 * fixed end keeps the positions of a walk meaningful) nor before Feishu's window.
 */
function rangeWindow(rangeArg: string | undefined, now: number, timeZone: string): { start: Date; end: Date } {
  const floor = vcLookbackStart(now);
  if (rangeArg === undefined || lastDaysOf(rangeArg) === MAX_DAYS) return { start: floor, end: new Date(now) };
  const range = parseRange(rangeArg, { command: "meeting", now, timeZone, defaultDays: MAX_DAYS, maxDays: MAX_DAYS });
  const endOfRange = range.to.end.getTime() - 1000;
  return { start: new Date(Math.max(range.from.start.getTime(), floor.getTime())), end: new Date(Math.min(endOfRange, now)) };
}

/**
 * A button's window: the one the card was made for, except that a start which has since left
 * Feishu's window moves up to its edge (Feishu would refuse it). Positions count from the newest
 * end, which stays fixed, so a meeting leaving at the old end moves no page.
 */
function stateWindow(state: ListState, now: number): { start: Date; end: Date } {
  return {
    start: new Date(Math.max(state.startSec * 1000, vcLookbackStart(now).getTime())),
    end: new Date(state.endSec * 1000),
  };
}

function fits(value: ActionValue): boolean {
  return Buffer.byteLength(JSON.stringify(value), "utf8") <= MAX_PAGER_VALUE_BYTES;
}
