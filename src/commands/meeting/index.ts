/** `/meeting`: the meetings held under a 9-digit meeting number, or one meeting by its id. */
import { defineCommand } from "../define.js";
import type { CommandContext } from "../types.js";
import { meetingArgs, meetingFromText, type MeetingArgs, type MeetingNumberArgs } from "./args.js";
import { meetingPicker, pickMeeting } from "./pick.js";
import { queryDetail, type DetailData } from "./detail.js";
import { meetingDetailExport, meetingListExport } from "./export.js";
import { queryWholeList } from "./export-query.js";
import { buildDetailView } from "./detail-view.js";
import { queryList, type ListPage } from "./list.js";
import { buildListView } from "./list-view.js";
import type { MeetingDetailView, MeetingListView } from "./views.js";
import { countingSeconds } from "./summary.js";
import { MEETING_HELP, MEETING_WORDS } from "./words.js";

export type { MeetingDetailView, MeetingListView } from "./views.js";

/** What the query fetched: a page of the list, or one meeting. */
export type MeetingData = { kind: "list"; page: ListPage; args: MeetingNumberArgs } | { kind: "detail"; meeting: DetailData };

export const meetingCommand = defineCommand({
  name: "meeting",
  words: MEETING_WORDS,
  help: MEETING_HELP,
  access: { audience: "configured" },
  // A meeting's password shows only in a direct chat: only a meeting's details depend on where.
  usesChatType: (args: MeetingArgs) => args.kind === "detail",
  args: meetingArgs,
  fromText: meetingFromText,
  pick: pickMeeting,
  query: async (args: MeetingArgs, ctx: CommandContext): Promise<MeetingData> =>
    args.kind === "detail" ? { kind: "detail", meeting: await queryDetail(args.meetingId, ctx) } : { kind: "list", page: await queryList(args, ctx), args },
  view: (data: MeetingData, ctx: CommandContext): MeetingListView | MeetingDetailView => {
    const { config } = ctx.deps;
    if (data.kind === "list") {
      const view = { ...buildListView({ ...data.page, timeZone: config.bot.timezone }), picker: meetingPicker(data.args) };
      return data.page.exact ? countingView(view) : view;
    }
    const { detail, roomNames, now } = data.meeting;
    return buildDetailView(detail, {
      offset: ctx.cursor?.offset ?? 0,
      chatType: ctx.chatType,
      showPasswordInP2p: config.bot.showPasswordInP2p,
      timeZone: config.bot.timezone,
      now,
      ...(roomNames ? { roomNames } : {}),
    });
  },
  // Export: a list's every meeting (queryAll walks them all), a meeting's every participant.
  export: (data: MeetingData, ctx: CommandContext) => (data.kind === "list" ? meetingListExport(data.page, ctx) : meetingDetailExport(data.meeting, ctx)),
  queryAll: async (args: MeetingArgs, ctx: CommandContext): Promise<MeetingData> =>
    args.kind === "detail" ? { kind: "detail", meeting: await queryDetail(args.meetingId, ctx) } : { kind: "list", args, page: await queryWholeList(args, ctx) },
  // A list whose durations are still to be timed: timed all, its exact figures then replace the first card.
  settle: (data: MeetingData) => {
    if (data.kind !== "list" || !data.page.exact) return undefined;
    const { exact, ...page } = data.page;
    return async (): Promise<MeetingData> => ({ kind: "list", args: data.args, page: { ...page, state: { ...page.state, ...(await exact()) } } });
  },
});

/**
 * The first card of a list still being timed: "counting…" where the durations go, and no Previous or
 * Next yet (their buttons carry the header's figures, which are not in); they come with the final card.
 */
function countingView(view: MeetingListView): MeetingListView {
  const { prev: _prev, next: _next, ...pager } = view.pager;
  return { ...view, summary: { ...view.summary, counting: { seconds: countingSeconds(view.summary.count) } }, pager };
}
