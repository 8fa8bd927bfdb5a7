/**
 * The list card's header: the API has no total and answers oldest first, so the first answer walks
 * the range once (bounded) to count it and measures the durations of a sample. The buttons carry
 * those figures (see args.ts `ListState`): a click never walks again (pages.ts fetches one page).
 * When the walk holds the whole range, it also gives the first page.
 */
import type { FeishuGateway } from "../../feishu/gateway.js";
import type { MeetingBrief } from "../../feishu/types.js";
import type { DetailFetcher } from "./fetch-details.js";
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
 * Durations need one detail call per meeting, paced at 40/s: measured for this many at most (a
 * busy meeting number over 30 days), sampled evenly across the range when there are more, so the
 * first answer comes within a few seconds and one command never takes much of the 1000/min budget.
 */
export const MAX_MEASURED = 100;

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

/** The header's figures from a walk: the count, and the durations of an even sample. */
export async function measure(walk: MeetingWalk, details: DetailFetcher, now: number): Promise<MeetingListSummary> {
  const measuredIds = evenSample(
    walk.briefs.map((b) => b.id),
    MAX_MEASURED,
  );
  const seconds = await Promise.all(
    measuredIds.map(async (id) => {
      const detail = await details(id);
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

/** `max` items spread evenly over `items` (all of them when there are no more than `max`). */
export function evenSample<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return [...items];
  return Array.from({ length: max }, (_, i) => items[Math.floor((i * items.length) / max)] as T);
}
