/**
 * `/meeting <number>`'s query in its everything mode, for the Export button: every meeting of the
 * card's window (not one page), walked as the header's count walks it — oldest first, bounded at
 * MAX_COUNTED meetings (summary.ts), `countCapped` saying the file stops there — each with its
 * details (start, end, host), newest first as the card lists them.
 */
import { createDetailFetcher } from "./fetch-details.js";
import type { MeetingNumberArgs } from "./args.js";
import type { ListPage } from "./list.js";
import { rangeWindow, stateWindow } from "./list.js";
import { walkMeetings } from "./summary.js";
import { meetingSeconds } from "./timing.js";
import type { CommandContext } from "../types.js";

export async function queryWholeList(args: MeetingNumberArgs, ctx: CommandContext): Promise<ListPage> {
  const now = ctx.deps.now();
  // The window the card was made with (its buttons carry it), else the typed range's, as the first answer takes it.
  const window = args.list
    ? stateWindow(args.meetingNo, args.list, now)
    : (() => {
        const w = rangeWindow(args.range, now, ctx.deps.config.bot.timezone);
        return { meetingNo: args.meetingNo, startSec: Math.ceil(w.start.getTime() / 1000), endSec: Math.floor(w.end.getTime() / 1000) };
      })();
  const walk =
    window.endSec >= window.startSec
      ? await walkMeetings(ctx.deps.gateway, { meetingNo: args.meetingNo, start: new Date(window.startSec * 1000), end: new Date(window.endSec * 1000) })
      : { briefs: [], capped: false };
  const details = createDetailFetcher(ctx.deps.gateway);
  const items = (await Promise.all(walk.briefs.map(async (brief) => ({ brief, detail: await details(brief.id) })))).reverse();
  const seconds = items.map(({ detail }) => (detail ? meetingSeconds(detail, now) : undefined)).filter((s): s is number => s !== undefined);
  return {
    meetingNo: args.meetingNo,
    state: {
      startSec: window.startSec,
      endSec: Math.max(window.startSec, window.endSec),
      count: items.length,
      countCapped: walk.capped,
      totalSeconds: seconds.reduce((sum, s) => sum + s, 0),
      measured: seconds.length,
    },
    startSec: window.startSec,
    stale: false,
    items,
    page: 1,
    now,
  };
}
