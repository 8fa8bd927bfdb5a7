/** A fetched page of meetings → the list view: the header's figures, one row per meeting, and the pager's buttons. */
import dayjs from "dayjs";
import timezone from "dayjs/plugin/timezone.js";
import utc from "dayjs/plugin/utc.js";
import type { MeetingBrief, MeetingDetail } from "../../feishu/types.js";
import { buttonAction, exportAction, threadAction, type ButtonAction } from "../actions.js";
import type { ListState } from "./args.js";
import { JUMP_MIN_PAGES } from "../paging.js";
import { encodePageCursor, type PageCursor } from "./cursor.js";
import { LIST_PAGE_SIZE, type ListPage } from "./list.js";
import { meetingSeconds } from "./timing.js";
import type { MeetingListFigures, MeetingListView, MeetingRow } from "./views.js";

dayjs.extend(utc);
dayjs.extend(timezone);

/**
 * Button values are echoed back on every click: a pager value larger than this (as JSON, before
 * sealing) is left off. Ours are under 400 bytes even at every field's bound; sealing adds the chat
 * and the issue time (under 100 bytes) and base64url's third, which keeps a value of this
 * size far inside what a sealed value may be (cards/seal.ts MAX_SEALED_LENGTH).
 */
export const MAX_PAGER_VALUE_BYTES = 960;

export interface ListInput extends ListPage {
  timeZone: string;
}

/** The list view from what was fetched: pure, so property tests can feed it anything. */
export function buildListView(input: ListInput): MeetingListView {
  const { state } = input;
  // The pages after the first carry the header and window they were counted with, not the range.
  const args = { kind: "number" as const, meetingNo: input.meetingNo, list: state };
  const button = (c: PageCursor | undefined): ButtonAction | undefined => {
    if (!c) return undefined;
    const value = buttonAction("meeting", args, encodePageCursor(c));
    return fits(value) ? value : undefined;
  };
  const prev = button(input.prev);
  const next = button(input.next);
  const stale = input.stale && state.count > 0;
  // The number of pages is only said when the count is exact and still describes the list.
  const pages = Math.max(1, Math.ceil(state.count / LIST_PAGE_SIZE));
  const exact = !state.countCapped && !stale && input.page <= pages && (input.next !== undefined) === input.page < pages;
  // Jumps to either end only on lists known to be longer than two pages (with two, Previous and Next are them).
  const long = exact ? pages >= JUMP_MIN_PAGES : state.countCapped || stale;
  const newest = long && prev ? button(newestPage(state)) : undefined;
  // The oldest page is numbered only when the count is exact: else its button is left off.
  const oldest = long && exact && next ? button(oldestPage(state, pages)) : undefined;
  const shownStart = stale ? Math.max(input.startSec, state.startSec) : state.startSec;
  return {
    kind: "meeting-list",
    meetingNo: input.meetingNo,
    timeZone: input.timeZone,
    ...fromFields(shownStart, input.timeZone),
    to: dayjs(state.endSec * 1000).tz(input.timeZone).format("YYYY-MM-DD"),
    ...(stale ? { countedFrom: fromText(state.startSec, input.timeZone) } : {}),
    summary: figures(state),
    rows: input.items.map(({ brief, detail }) => meetingRow(brief, detail, input.now)),
    pager: {
      page: input.page,
      ...(exact ? { pages } : {}),
      ...(newest ? { first: newest } : {}),
      ...(prev ? { prev } : {}),
      ...(next ? { next } : {}),
      ...(oldest ? { last: oldest } : {}),
    },
    ...(input.items.length > 0 ? { exportValue: exportAction("meeting", args) } : {}),
  };
}

/** The first page: the newest meetings, older than the window's end. */
function newestPage(state: ListState): PageCursor {
  return { dir: "older", boundSec: state.endSec + 1, skip: 0, page: 1 };
}

/**
 * The last page: the oldest meetings, newer than the window's start, numbered as the last. It holds
 * a whole page, so it may share meetings with the page before it as counted from the newest end;
 * Previous from it walks back without a gap or a repeat all the same.
 */
function oldestPage(state: ListState, pages: number): PageCursor {
  return { dir: "newer", boundSec: state.startSec - 1, skip: 0, page: pages };
}

/** The header's figures, with the average over the meetings measured. */
export function figures(state: Pick<ListState, "count" | "countCapped" | "totalSeconds" | "measured">): MeetingListFigures {
  const { count, countCapped, totalSeconds, measured } = state;
  const counted = { count, countCapped, totalSeconds, measured };
  return measured === 0 ? counted : { ...counted, averageSeconds: totalSeconds / measured };
}

/** A window that starts inside a day (the whole of what Feishu keeps) says from when. */
function fromFields(sec: number, timeZone: string): { from: string; fromTime?: string } {
  const start = dayjs(sec * 1000).tz(timeZone);
  return {
    from: start.format("YYYY-MM-DD"),
    ...(start.valueOf() !== start.startOf("day").valueOf() ? { fromTime: start.format("HH:mm") } : {}),
  };
}

function fromText(sec: number, timeZone: string): string {
  const { from, fromTime } = fromFields(sec, timeZone);
  return fromTime ? `${from} ${fromTime}` : from;
}

function meetingRow(brief: MeetingBrief, detail: MeetingDetail | undefined, now: number): MeetingRow {
  const row: MeetingRow = {
    id: brief.id,
    topic: detail?.topic || brief.topic,
    status: detail ? detail.status : "unavailable",
    // A drill-down: the detail opens in the list's thread, and the list the chat shares stays.
    details: threadAction("meeting", { kind: "detail", meetingId: brief.id }),
  };
  if (!detail) return row;
  if (detail.startTime) row.start = detail.startTime.getTime();
  const seconds = meetingSeconds(detail, now);
  if (seconds !== undefined) row.durationSeconds = seconds;
  row.peak = detail.participantCountPeak;
  return row;
}

function fits(value: ButtonAction): boolean {
  return Buffer.byteLength(JSON.stringify(value), "utf8") <= MAX_PAGER_VALUE_BYTES;
}
