/**
 * `/meeting <9-digit number> [range]`, the query: the meetings held under one number, NEWEST FIRST,
 * so the latest is on the first page and Next goes back in time. list_by_no answers oldest first
 * with forward-only page tokens and no total. The first answer walks the range once (bounded, see
 * summary.ts) for the header; every page after it is fetched around a time boundary that its button
 * carries (cursor.ts, pages.ts), so a click costs a page's worth of calls however long the range is.
 * Only the page shown is enriched with meeting details, which also give the boundaries.
 */
import type { MeetingBrief, MeetingDetail } from "../../feishu/types.js";
import { VC_LOOKBACK_DAYS, vcLookbackStart } from "../args/dates.js";
import type { RangeArg } from "../args/range.js";
import type { CommandContext } from "../types.js";
import { meetingRange, type ListState, type MeetingNumberArgs } from "./args.js";
import { decodePageCursor, neighbours, type PageCursor } from "./cursor.js";
import { createDetailFetcher, type DetailFetcher } from "./fetch-details.js";
import { newestBefore, oldestAfter, type SecondsWindow } from "./pages.js";
import type { MeetingListSummary } from "./views.js";
import { firstFigures, walkMeetings } from "./summary.js";

/**
 * Rows a page shows: five, each two lines and a Details button, with the header and the pager fill
 * about one phone screen (ten took two), and the same as /rooms. Jumps reach the far end of a long list.
 */
export const LIST_PAGE_SIZE = 5;
/** The VC endpoints keep 90 × 24 hours; with no range the list covers all of it. */
export const MAX_DAYS = VC_LOOKBACK_DAYS;
/** A window ending now is cut to the minute. */
const WINDOW_STEP_MS = 60_000;

/** What the list card is made from: one page of meetings, and the header the first answer counted. */
export interface ListPage {
  meetingNo: string;
  /** The header's figures and the window they were counted over, from the first answer (the buttons' `list`). */
  state: ListState;
  /** Where the window starts now: the state's start, or Feishu's edge once that has passed it. */
  startSec: number;
  /** Meetings the header counted have left Feishu's window since: the figures are the card's own. */
  stale: boolean;
  /** The page's meetings, newest first. */
  items: { brief: MeetingBrief; detail: MeetingDetail | undefined }[];
  /** 1-based, from the newest end. */
  page: number;
  /** Where Previous (newer) and Next (older) lead; absent when there is nothing that way. */
  prev?: PageCursor;
  next?: PageCursor;
  /** When the page was fetched: a running meeting's duration is counted up to it. */
  now: number;
  /** Set when the header's durations are still to be timed (the first card says "counting…"): times them all. */
  exact?: () => Promise<MeetingListSummary>;
}

export async function queryList(args: MeetingNumberArgs, ctx: CommandContext): Promise<ListPage> {
  const now = ctx.deps.now();
  const details = createDetailFetcher(ctx.deps.gateway);
  if (!args.list) return firstAnswer(args.meetingNo, args.range, ctx, details, now);

  // A click: nothing is walked again; the page is fetched around the button's boundary.
  const state = args.list;
  const win = stateWindow(args.meetingNo, state, now);
  const asked = decodePageCursor(ctx.cursor);
  let shown = asked ? await pageAround(ctx, win, state, asked) : undefined;
  // No cursor, a damaged one, one outside the window, or nothing left where it points (the
  // meetings have left Feishu's window since): the newest page.
  if (!shown || shown.items.length === 0) shown = await newestPage(ctx, win, state);
  return { meetingNo: args.meetingNo, state, startSec: win.startSec, stale: isStale(state, win), now, ...(await enrich(shown, win, details)) };
}

/** The typed command: the walk gives the header, and the first page when it holds the whole range. */
async function firstAnswer(
  meetingNo: string,
  range: RangeArg | undefined,
  ctx: CommandContext,
  details: DetailFetcher,
  now: number,
): Promise<ListPage> {
  const window = rangeWindow(range, now, ctx.deps.config.bot.timezone);
  const win: SecondsWindow = {
    meetingNo,
    startSec: Math.ceil(window.start.getTime() / 1000),
    endSec: Math.floor(window.end.getTime() / 1000),
  };
  const walk =
    win.endSec >= win.startSec
      ? await walkMeetings(ctx.deps.gateway, { meetingNo, start: new Date(win.startSec * 1000), end: new Date(win.endSec * 1000) })
      : { briefs: [], capped: false };
  // The oldest meeting's start, the header's figures and the first page's rows need the same detail
  // calls (fetched once each): asked for together, so the first card waits one round of them.
  const oldestStart = walk.briefs[0] ? details(walk.briefs[0].id).then(startSec) : Promise.resolve(undefined);
  // A capped walk holds the OLDEST meetings: the newest page is asked for below, never taken from it.
  const walked: Shown | undefined = walk.capped
    ? undefined
    : { from: firstPageOf(win), items: walk.briefs.slice(-LIST_PAGE_SIZE).reverse(), more: { newer: false, older: walk.briefs.length > LIST_PAGE_SIZE } };
  const [oldest, figures, early] = await Promise.all([
    oldestStart,
    firstFigures(walk, details, now),
    walked ? enrich(walked, win, details) : Promise.resolve(undefined),
  ]);
  const state: ListState = {
    startSec: win.startSec,
    endSec: win.endSec,
    ...figures.summary,
    ...(oldest !== undefined && oldest >= win.startSec && oldest <= win.endSec ? { oldestSec: oldest } : {}),
  };
  const rows = early ?? (await enrich(await newestPage(ctx, win, state), win, details));
  const page = { meetingNo, state, startSec: win.startSec, stale: false, now, ...rows };
  return figures.exact ? { ...page, exact: figures.exact } : page;
}

/** A page as fetched: newest first, with whether there are meetings on either side. */
interface Shown {
  from: PageCursor;
  items: MeetingBrief[];
  more: { newer: boolean; older: boolean };
}

/** The first page is the one older than the window's end. */
function firstPageOf(win: SecondsWindow): PageCursor {
  return { dir: "older", boundSec: win.endSec + 1, skip: 0, page: 1 };
}

async function newestPage(ctx: CommandContext, win: SecondsWindow, state: ListState): Promise<Shown> {
  const from = firstPageOf(win);
  return (await pageAround(ctx, win, state, from)) ?? { from, items: [], more: { newer: false, older: false } };
}

/** The page a cursor names, or undefined when its boundary lies outside the window (a forged or damaged value). */
async function pageAround(ctx: CommandContext, win: SecondsWindow, state: ListState, at: PageCursor): Promise<Shown | undefined> {
  if (win.endSec < win.startSec) return { from: at, items: [], more: { newer: false, older: false } };
  const want = at.skip + LIST_PAGE_SIZE;
  if (at.dir === "older") {
    if (at.boundSec <= win.startSec || at.boundSec > win.endSec + 1) return undefined;
    const fetched = await newestBefore(ctx.deps.gateway, win, at.boundSec, want, firstSliceWidth(state, win, want));
    const items = fetched.items.slice(at.skip);
    // The page older than the window's end is the first, whatever the button said; any other has a
    // newer one (the meeting its boundary came from).
    const first = at.boundSec === win.endSec + 1 && at.skip === 0;
    return { from: { ...at, page: first ? 1 : Math.max(at.page, 2) }, items, more: { newer: !first, older: fetched.more } };
  }
  if (at.boundSec >= win.endSec) return undefined;
  // A boundary before the window (its meetings have left Feishu's 90 days since): the oldest page left.
  const after = Math.max(at.boundSec, win.startSec - 1);
  const fetched = await oldestAfter(ctx.deps.gateway, win, after, want);
  const items = fetched.items.slice(at.skip).reverse();
  // Previous lands on the first page exactly when nothing newer is left.
  const page = fetched.more ? Math.max(at.page, 2) : 1;
  return { from: { ...at, boundSec: after, page }, items, more: { newer: fetched.more, older: after >= win.startSec } };
}

/**
 * The first slice of a page going back in time: wide enough for about twice a page at the range's
 * average density (from the header's count), so one call usually finds the page.
 */
function firstSliceWidth(state: ListState, win: SecondsWindow, want: number): number {
  const span = Math.max(1, state.endSec - state.startSec + 1);
  if (state.count === 0) return win.endSec - win.startSec + 1;
  return Math.ceil((2 * (want + 1) * span) / state.count);
}

/** The page's details (which also give the boundaries its buttons carry), and where its buttons lead. */
async function enrich(shown: Shown, win: SecondsWindow, details: DetailFetcher) {
  const items = await Promise.all(shown.items.map(async (brief) => ({ brief, detail: await details(brief.id) })));
  // A start is a boundary only if it lies where the page was asked for: else a button could loop.
  const lo = shown.from.dir === "newer" ? Math.max(win.startSec, shown.from.boundSec + 1) : win.startSec;
  const hi = shown.from.dir === "older" ? Math.min(win.endSec, shown.from.boundSec - 1) : win.endSec;
  const starts = items.map(({ detail }) => {
    const s = startSec(detail);
    return s !== undefined && s >= lo && s <= hi ? s : undefined;
  });
  return { items, page: shown.from.page, ...neighbours(starts, shown.from, shown.more) };
}

function startSec(detail: MeetingDetail | undefined): number | undefined {
  const ms = detail?.startTime?.getTime();
  return ms !== undefined && Number.isFinite(ms) ? Math.floor(ms / 1000) : undefined;
}

/**
 * The query window of a range. With no range it is everything Feishu keeps: from the start of its
 * 90 × 24 hour window (see vcLookbackStart) up to now. Otherwise it is the range's first midnight to
 * the end of its last day, never past now (the API has nothing later, and a fixed end keeps every
 * page the same from click to click) nor before Feishu's window. `Nd` is the N whole days ending
 * yesterday, as in /report; up to `90d` it starts where Feishu's window does when that is later (the
 * card then says from what time), while an explicit range reaching past the window is refused.
 */
export function rangeWindow(arg: RangeArg | undefined, now: number, timeZone: string): { start: Date; end: Date } {
  // Both ends on whole minutes: the same command a few seconds later asks Feishu the same queries,
  // so the gateway's coalescing and cache share them. (Meetings of the current minute show next minute.)
  const floor = new Date(Math.ceil(vcLookbackStart(now).getTime() / WINDOW_STEP_MS) * WINDOW_STEP_MS);
  const end = Math.floor(now / WINDOW_STEP_MS) * WINDOW_STEP_MS;
  if (arg === undefined) return { start: floor, end: new Date(end) };
  // Checked again when the command runs: a button carrying the range may be clicked days later.
  const range = meetingRange(arg, { now, timeZone });
  const endOfRange = range.to.end.getTime() - 1000;
  return { start: new Date(Math.max(range.from.start.getTime(), floor.getTime())), end: new Date(Math.min(endOfRange, end)) };
}

/**
 * A button's window, in unix seconds: the one the card was made for, except that a start which has
 * since left Feishu's window moves up to its edge (Feishu would refuse it), and an end can never
 * lie past now (a forged value). Nothing a button says can widen it.
 */
export function stateWindow(meetingNo: string, state: ListState, now: number): SecondsWindow {
  return {
    meetingNo,
    startSec: Math.max(state.startSec, Math.ceil(vcLookbackStart(now).getTime() / 1000)),
    endSec: Math.min(state.endSec, Math.floor(now / 1000)),
  };
}

/**
 * The header's count no longer describes the list when meetings it counted have left Feishu's
 * window: the window's start has moved past the oldest counted meeting (or past the card's own
 * start, when that meeting's start is unknown).
 */
function isStale(state: ListState, win: SecondsWindow): boolean {
  if (win.startSec <= state.startSec || state.count === 0) return false;
  return state.oldestSec === undefined || state.oldestSec < win.startSec;
}
