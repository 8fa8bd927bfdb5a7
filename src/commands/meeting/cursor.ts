/**
 * Where a page of `/meeting <number>` stands, as its buttons carry it: a time boundary and a
 * direction, never a position in a walk. A page "older than B" is the newest meetings that started
 * before B; a page "newer than A" is the oldest that started after A, shown newest first. A number
 * hosts one meeting at a time, so no two of its meetings share a start second and a boundary splits
 * them cleanly: Next and Previous neither skip nor repeat a meeting, and a click costs a page's
 * worth of list calls whatever the length of the range.
 *
 * The boundary is the start of the last (or first) meeting shown, known from its details. `skip`
 * counts meetings of the page beyond that boundary whose start is unknown (their details are gone),
 * so that they are not shown twice.
 */
import type { Cursor } from "../paging.js";

export type Direction = "older" | "newer";

export interface PageCursor {
  dir: Direction;
  /** Unix seconds: the page holds meetings that started strictly before (older) or after (newer) it. */
  boundSec: number;
  skip: number;
  /** 1-based, counted from the newest end. */
  page: number;
}

/** A page of rows with unknown starts carries its skip on to the next; past this the button is left off. */
export const MAX_SKIP = 40;
/** Far more pages than 90 days of one meeting number can fill; a larger number is a forged value. */
const MAX_PAGE = 100_000;
/** `o1790000000` or `n1790000000+2`: short, and nothing else parses. */
const TOKEN = /^([on])(\d{1,11})(?:\+(\d{1,2}))?$/;

export function encodePageCursor(c: PageCursor): Cursor {
  const token = `${c.dir === "older" ? "o" : "n"}${c.boundSec}${c.skip > 0 ? `+${c.skip}` : ""}`;
  return { token, back: [], page: c.page };
}

/** The page a button asks for, or undefined (the first page) for anything else: values are untrusted. */
export function decodePageCursor(cursor: Cursor | undefined): PageCursor | undefined {
  const m = cursor?.token === undefined ? null : TOKEN.exec(cursor.token);
  if (!m) return undefined;
  const skip = m[3] === undefined ? 0 : Number(m[3]);
  if (skip > MAX_SKIP) return undefined;
  const page = Number.isInteger(cursor?.page) ? Math.min(Math.max(cursor!.page, 1), MAX_PAGE) : 1;
  return { dir: m[1] === "o" ? "older" : "newer", boundSec: Number(m[2]), skip, page };
}

/**
 * Where Previous and Next lead from a page, newest first, of which `starts` gives each row's start
 * (unix seconds; undefined when unknown or not to be trusted). `from` is how the page was asked
 * for: the first page is "older than the end of the window".
 */
export function neighbours(
  starts: readonly (number | undefined)[],
  from: PageCursor,
  more: { newer: boolean; older: boolean },
): { prev?: PageCursor; next?: PageCursor } {
  const result: { prev?: PageCursor; next?: PageCursor } = {};
  const n = starts.length;
  if (more.older) {
    const j = lastIndexWhere(starts, (s) => s !== undefined);
    const next: PageCursor =
      j >= 0
        ? { dir: "older", boundSec: starts[j]!, skip: n - 1 - j, page: from.page + 1 }
        : from.dir === "older"
          ? { ...from, skip: from.skip + n, page: from.page + 1 }
          : // No start known on a page that came from Previous: Next goes on from that page's own
            // boundary (exact unless that page had rows of unknown start too).
            { dir: "older", boundSec: from.boundSec + 1, skip: 0, page: from.page + 1 };
    if (next.skip <= MAX_SKIP) result.next = next;
  }
  if (more.newer) {
    const i = starts.findIndex((s) => s !== undefined);
    const prev: PageCursor =
      i >= 0
        ? { dir: "newer", boundSec: starts[i]!, skip: i, page: Math.max(1, from.page - 1) }
        : from.dir === "newer"
          ? { ...from, skip: from.skip + n, page: Math.max(1, from.page - 1) }
          : { dir: "newer", boundSec: from.boundSec - 1, skip: 0, page: Math.max(1, from.page - 1) };
    if (prev.skip <= MAX_SKIP) result.prev = prev;
  }
  return result;
}

function lastIndexWhere<T>(items: readonly T[], test: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i]!)) return i;
  return -1;
}
