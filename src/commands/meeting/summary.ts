/**
 * The list card's header: the API has no total and answers oldest first, so the first answer walks
 * the range once (bounded) to count it and times every meeting it counted, exactly; when that takes
 * longer than the first card may wait, the card says "counting…" and is replaced by the exact
 * figures. The buttons carry those figures (see args.ts `ListState`): a click never walks again
 * (pages.ts fetches one page). When the walk holds the whole range, it also gives the first page.
 */
import type { FeishuGateway } from "../../feishu/gateway.js";
import type { MeetingBrief } from "../../feishu/types.js";
import { DETAIL_CALLS_PER_SECOND, type DetailFetcher } from "./fetch-details.js";
import { meetingSeconds } from "./timing.js";
import type { MeetingListSummary } from "./views.js";

/** list_by_no's largest page: the fewest calls against its 100/min limit. */
export const SUMMARY_PAGE_SIZE = 50;
/** 20 list calls at most; a meeting number holds a few hundred meetings in 90 days at the very most. */
export const MAX_COUNTED = 1000;
/**
 * A bound on list calls whatever the API sends (thin pages, tokens that never end), so one command
 * cannot eat the endpoint's 100/min or loop: enough for MAX_COUNTED at full pages.
 */
export const MAX_SUMMARY_CALLS = Math.ceil(MAX_COUNTED / SUMMARY_PAGE_SIZE);
/**
 * Durations need one detail call per meeting (meeting_get allows 50/s): up to this many are
 * timed before the first card (about a second's worth); with more, the first card says "counting…"
 * and the exact figures replace it once every meeting is timed (at most MAX_COUNTED, which stays
 * inside the endpoint's 1000/min).
 */
export const MEASURED_BEFORE_FIRST_CARD = 30;

export interface Window {
  meetingNo: string;
  start: Date;
  end: Date;
}

/** Every meeting of the window in the API's order (oldest first), each once; `capped` when the walk stopped early. */
export interface MeetingWalk {
  briefs: MeetingBrief[];
  capped: boolean;
}

export async function walkMeetings(gateway: FeishuGateway, window: Window): Promise<MeetingWalk> {
  const briefs = new Map<string, MeetingBrief>();
  const seenTokens = new Set<string>();
  let pageToken: string | undefined;
  let capped = false;
  for (let calls = 1; ; calls++) {
    const page = await gateway.listMeetingsByNo({ ...window, pageSize: SUMMARY_PAGE_SIZE, ...(pageToken ? { pageToken } : {}) });
    for (const item of page.items) if (!briefs.has(item.id)) briefs.set(item.id, item);
    if (!page.hasMore || !page.pageToken || page.items.length === 0) break;
    // More is said to follow, but the walk stops here: the card marks the count "at least".
    if (briefs.size >= MAX_COUNTED || calls >= MAX_SUMMARY_CALLS || seenTokens.has(page.pageToken)) {
      capped = true;
      break;
    }
    seenTokens.add(page.pageToken);
    pageToken = page.pageToken;
  }
  return { briefs: [...briefs.values()], capped };
}

/** The header's exact figures from a walk: the count, and the durations of every meeting counted. */
export async function measure(walk: MeetingWalk, details: DetailFetcher, now: number): Promise<MeetingListSummary> {
  const seconds = await Promise.all(
    walk.briefs.map(async (brief) => {
      const detail = await details(brief.id);
      return detail ? meetingSeconds(detail, now) : undefined;
    }),
  );
  const known = seconds.filter((s): s is number => s !== undefined);
  return {
    count: walk.briefs.length,
    countCapped: walk.capped,
    totalSeconds: known.reduce((sum, s) => sum + s, 0),
    measured: known.length,
  };
}

/**
 * The figures for the first card: exact when there are few meetings to time; otherwise the count
 * alone (nothing measured yet), with `exact` to time them all once that card is out.
 */
export async function firstFigures(
  walk: MeetingWalk,
  details: DetailFetcher,
  now: number,
): Promise<{ summary: MeetingListSummary; exact?: () => Promise<MeetingListSummary> }> {
  if (walk.briefs.length <= MEASURED_BEFORE_FIRST_CARD) return { summary: await measure(walk, details, now) };
  return {
    summary: { count: walk.briefs.length, countCapped: walk.capped, totalSeconds: 0, measured: 0 },
    exact: () => measure(walk, details, now),
  };
}

/** Seconds the exact figures take at the detail calls' pace: what the "counting…" card promises. */
export function countingSeconds(meetings: number): number {
  return Math.max(1, Math.ceil(meetings / DETAIL_CALLS_PER_SECOND));
}
