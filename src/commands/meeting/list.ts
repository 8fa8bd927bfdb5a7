/**
 * `/meeting <9-digit number> [range]`: the meetings held under one number, a page at a time via
 * the API's page_token. Only the page shown is enriched with meeting details.
 */
import dayjs from "dayjs";
import timezone from "dayjs/plugin/timezone.js";
import utc from "dayjs/plugin/utc.js";
import type { MeetingBrief, MeetingDetail } from "../../feishu/types.js";
import { parseRange } from "../args/dates.js";
import { actionBase, pagerValues, type ActionValue, type Cursor } from "../paging.js";
import type { CommandContext } from "../types.js";
import { encodeListState, type ListState } from "./args.js";
import { createDetailFetcher } from "./fetch-details.js";
import { summarize } from "./summary.js";
import { meetingSeconds } from "./timing.js";
import type { MeetingListView, MeetingRow } from "./views.js";

dayjs.extend(utc);
dayjs.extend(timezone);

/** Ten enriched rows with their buttons fit a card with room to spare. */
export const LIST_PAGE_SIZE = 10;
export const DEFAULT_DAYS = 30;
/** The VC endpoints look back 90 days. */
export const MAX_DAYS = 90;
/**
 * Page tokens are opaque and the back-stack grows with every page: a pager button whose value would
 * outgrow this is left off (the Details buttons still work) so the card stays small whatever the API sends.
 */
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
  const window = req.state
    ? { start: new Date(req.state.startSec * 1000), end: new Date(req.state.endSec * 1000) }
    : rangeWindow(req.rangeArg, now, timeZone);
  const query = { meetingNo: req.meetingNo, ...window };
  const details = createDetailFetcher(gateway);
  const state: ListState = req.state ?? {
    startSec: Math.floor(window.start.getTime() / 1000),
    endSec: Math.floor(window.end.getTime() / 1000),
    ...(await summarize(gateway, query, details, now)),
  };
  const page = await gateway.listMeetingsByNo({
    ...query,
    pageSize: LIST_PAGE_SIZE,
    ...(ctx.cursor?.token ? { pageToken: ctx.cursor.token } : {}),
  });
  const enriched = await Promise.all(page.items.map(async (brief) => ({ brief, detail: await details(brief.id) })));
  return buildListView({
    meetingNo: req.meetingNo,
    timeZone,
    state,
    items: enriched,
    cursor: ctx.cursor,
    nextToken: page.hasMore ? page.pageToken : undefined,
    chat: ctx,
    now,
  });
}

export interface ListInput {
  meetingNo: string;
  timeZone: string;
  state: ListState;
  items: { brief: MeetingBrief; detail: MeetingDetail | undefined }[];
  cursor: Cursor | undefined;
  nextToken: string | undefined;
  /** The chat the card is for, named in every button. */
  chat: Pick<CommandContext, "chatType" | "chatId">;
  now: number;
}

/** The list view from what was fetched: pure, so property tests can feed it anything. */
export function buildListView(input: ListInput): MeetingListView {
  const { state, chat } = input;
  const base = actionBase(chat, "meeting", [input.meetingNo, encodeListState(state)]);
  const { prev, next, page } = pagerValues(base, input.cursor, input.nextToken);
  const pages = state.countCapped ? undefined : Math.max(1, Math.ceil(state.count / LIST_PAGE_SIZE));
  return {
    kind: "meeting-list",
    meetingNo: input.meetingNo,
    timeZone: input.timeZone,
    from: dayjs(state.startSec * 1000).tz(input.timeZone).format("YYYY-MM-DD"),
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
      ...(pages !== undefined ? { pages: Math.max(pages, page) } : {}),
      ...(prev && fits(prev) ? { prev } : {}),
      ...(next && fits(next) ? { next } : {}),
    },
  };
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
 * The query window of a range: its first day's midnight to the end of its last day, but never
 * past now (the API has nothing later, and a fixed end keeps page tokens meaningful).
 */
function rangeWindow(rangeArg: string | undefined, now: number, timeZone: string): { start: Date; end: Date } {
  const range = parseRange(rangeArg, {
    command: "meeting",
    now,
    timeZone,
    defaultDays: DEFAULT_DAYS,
    maxDays: MAX_DAYS,
  });
  const endOfRange = range.to.end.getTime() - 1000;
  return { start: range.from.start, end: new Date(Math.min(endOfRange, now)) };
}

function fits(value: ActionValue): boolean {
  return Buffer.byteLength(JSON.stringify(value), "utf8") <= MAX_PAGER_VALUE_BYTES;
}
