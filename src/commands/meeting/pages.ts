/**
 * One page of a meeting number's meetings around a time boundary (see cursor.ts), at a bounded
 * cost. list_by_no answers oldest first with forward-only page tokens, so:
 *  - "older than B" asks for time slices going back from B, each small enough to hold about a
 *    page, and keeps the newest; the first slice's width comes from the header's count (its
 *    average density), later ones from what the earlier slices held;
 *  - "newer than A" is one forward call from A at a page's size.
 * Every query follows from the boundary and the card's window alone (not from the clock, unless
 * Feishu's edge has moved into the window), so a repeated click is answered from the gateway's cache.
 */
import type { FeishuGateway } from "../../feishu/gateway.js";
import type { MeetingBrief, Page } from "../../feishu/types.js";

/** list_by_no's largest page. */
export const SLICE_PAGE_SIZE = 50;
/** list_by_no calls one click may make (the endpoint allows 100/min per app); 1 or 2 in practice. */
export const MAX_PAGE_CALLS = 6;
/** A slice no narrower than this is paged through rather than narrowed (one meeting at a time: ≤ 60 an hour). */
export const MIN_SLICE_SECONDS = 3600;

/** How much narrower the next slice is when one holds more than a page. */
const NARROWING = 16;

/** The card's window in unix seconds, both ends included, as list_by_no treats them. */
export interface SecondsWindow {
  meetingNo: string;
  startSec: number;
  endSec: number;
}

export interface Fetched {
  /** Newest first for `newestBefore`, oldest first for `oldestAfter`; at most `want`. */
  items: MeetingBrief[];
  /** More meetings lie beyond the last item (or may: the call budget ran out first). */
  more: boolean;
  calls: number;
}

/**
 * The newest `want` meetings that started before `beforeSec`, newest first. `firstWidth` is the
 * first slice's width in seconds.
 */
export async function newestBefore(
  gateway: FeishuGateway,
  win: SecondsWindow,
  beforeSec: number,
  want: number,
  firstWidth: number,
): Promise<Fetched> {
  const found: MeetingBrief[] = [];
  const seen = new Set<string>();
  let hi = Math.min(beforeSec - 1, win.endSec);
  let width = Math.max(MIN_SLICE_SECONDS, Math.floor(firstWidth));
  let covered = 0;
  let calls = 0;
  while (found.length <= want && hi >= win.startSec) {
    if (calls >= MAX_PAGE_CALLS) return { items: found.slice(0, want), more: true, calls };
    const lo = Math.max(win.startSec, hi - width + 1);
    const first = await list(gateway, win, lo, hi, SLICE_PAGE_SIZE);
    calls += 1;
    if (continues(first) && hi - lo + 1 > MIN_SLICE_SECONDS) {
      // More than a page in this slice, and only its newest end is wanted: a much narrower slice
      // is cheaper than paging from its oldest end (90 days come down to an hour in three steps).
      width = Math.max(MIN_SLICE_SECONDS, Math.floor((hi - lo + 1) / NARROWING));
      continue;
    }
    const items = [...first.items];
    const tokens = new Set<string>();
    for (let page = first; continues(page); ) {
      // A slice read only in part holds its oldest meetings, not the newest wanted: stop before it.
      if (calls >= MAX_PAGE_CALLS || tokens.has(page.pageToken!)) return { items: found.slice(0, want), more: true, calls };
      tokens.add(page.pageToken!);
      page = await list(gateway, win, lo, hi, SLICE_PAGE_SIZE, page.pageToken);
      calls += 1;
      items.push(...page.items);
    }
    for (const item of items.reverse()) {
      if (!seen.has(item.id)) {
        seen.add(item.id);
        found.push(item);
      }
    }
    covered += hi - lo + 1;
    hi = lo - 1;
    // About twice what is still wanted at the density seen so far; four times wider after an empty slice.
    const remaining = want + 1 - found.length;
    width = found.length > 0 ? Math.max(width, Math.ceil((2 * remaining * covered) / found.length)) : width * 4;
  }
  return { items: found.slice(0, want), more: found.length > want, calls };
}

/** The oldest `want` meetings that started after `afterSec`, oldest first. */
export async function oldestAfter(gateway: FeishuGateway, win: SecondsWindow, afterSec: number, want: number): Promise<Fetched> {
  const lo = Math.max(afterSec + 1, win.startSec);
  if (lo > win.endSec) return { items: [], more: false, calls: 0 };
  // One more than wanted says whether there are newer ones still.
  const size = Math.min(SLICE_PAGE_SIZE, want + 1);
  const found: MeetingBrief[] = [];
  const seen = new Set<string>();
  const tokens = new Set<string>();
  let calls = 0;
  for (let token: string | undefined; ; ) {
    const page = await list(gateway, win, lo, win.endSec, size, token);
    calls += 1;
    for (const item of page.items) {
      if (!seen.has(item.id)) {
        seen.add(item.id);
        found.push(item);
      }
    }
    if (found.length > want || !continues(page)) break;
    if (calls >= MAX_PAGE_CALLS || tokens.has(page.pageToken!)) return { items: found.slice(0, want), more: true, calls };
    tokens.add(page.pageToken!);
    token = page.pageToken;
  }
  return { items: found.slice(0, want), more: found.length > want, calls };
}

/** Whether a page says more follow, in a way that can be followed. */
function continues(page: Page<MeetingBrief>): boolean {
  return page.hasMore && page.pageToken !== undefined && page.pageToken !== "" && page.items.length > 0;
}

function list(gateway: FeishuGateway, win: SecondsWindow, lo: number, hi: number, pageSize: number, pageToken?: string) {
  return gateway.listMeetingsByNo({
    meetingNo: win.meetingNo,
    start: new Date(lo * 1000),
    end: new Date(hi * 1000),
    pageSize,
    ...(pageToken ? { pageToken } : {}),
  });
}
