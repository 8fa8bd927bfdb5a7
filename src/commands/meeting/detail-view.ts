/** One meeting → its view: abilities, attendance figures and a page of participants. */
import type { MeetingDetail } from "../../feishu/types.js";
import { buttonAction, exportAction } from "../actions.js";
import { offsetPagerValues } from "../paging.js";
import type { CommandContext } from "../types.js";
import { GRACE_MINUTES, attendanceOf, participantRow, sortParticipants } from "./participants.js";
import { meetingSeconds } from "./timing.js";
import type { MeetingDetailView } from "./views.js";

/** Rows per card page: a page of 30 stays far below 30 KB even with long ids; the table pages them by 10 inside. */
export const PARTICIPANTS_PER_PAGE = 30;

export interface DetailOptions {
  /** Index of the first participant to show. */
  offset: number;
  /** The chat the card is for, as Feishu reports it: only a direct chat may see the password. */
  chatType: CommandContext["chatType"];
  /** config.bot.showPasswordInP2p */
  showPasswordInP2p: boolean;
  timeZone: string;
  now: number;
  /** Room id → name, so a room taking part shows its name rather than its omm_ id. */
  roomNames?: ReadonlyMap<string, string>;
}

/** The view of one meeting: pure, so property tests can feed it any meeting. */
export function buildDetailView(detail: MeetingDetail, opts: DetailOptions): MeetingDetailView {
  const participants = sortParticipants(detail.participants ?? []);
  const total = participants.length;
  // A stale button may point past the end of a list that has since shrunk: show its last page.
  const lastPageStart = Math.max(0, Math.floor((total - 1) / PARTICIPANTS_PER_PAGE) * PARTICIPANTS_PER_PAGE);
  const offset = Math.min(Math.max(0, Math.floor(opts.offset / PARTICIPANTS_PER_PAGE) * PARTICIPANTS_PER_PAGE), lastPageStart);
  const args = { kind: "detail" as const, meetingId: detail.id };
  const { first, prev, next, last, page, pages } = offsetPagerValues((cursor) => buttonAction("meeting", args, cursor), offset, PARTICIPANTS_PER_PAGE, total);
  const rows = participants.slice(offset, offset + PARTICIPANTS_PER_PAGE).map((p) => named(participantRow(p), opts.roomNames));
  const view: MeetingDetailView = {
    kind: "meeting-detail",
    timeZone: opts.timeZone,
    id: detail.id,
    topic: detail.topic,
    meetingNo: detail.meetingNo,
    status: detail.status,
    peak: detail.participantCountPeak,
    accumulated: detail.participantCountAccumulated,
    attendance: attendanceOf(detail, participants),
    graceMinutes: GRACE_MINUTES,
    participants: {
      total,
      offset,
      first: offset + 1,
      last: offset + rows.length,
      rows,
      pager: { page, pages, ...(first ? { first } : {}), ...(prev ? { prev } : {}), ...(next ? { next } : {}), ...(last ? { last } : {}) },
    },
    ...(total > 0 ? { exportValue: exportAction("meeting", args) } : {}),
  };
  // The one place the password is read: only for a direct chat whose config allows it.
  if (detail.password && opts.chatType === "p2p" && opts.showPasswordInP2p) view.password = detail.password.reveal();
  if (detail.host) view.host = named({ id: detail.host.id, userType: detail.host.userType }, opts.roomNames);
  if (detail.startTime) view.start = detail.startTime.getTime();
  if (detail.endTime) view.end = detail.endTime.getTime();
  const seconds = meetingSeconds(detail, opts.now);
  if (seconds !== undefined) view.durationSeconds = seconds;
  if (detail.ability) view.ability = { ...detail.ability };
  return view;
}

/** A room with its name from the room list; anyone else as they are. */
function named<T extends { id: string; userType: string; name?: string }>(who: T, names: ReadonlyMap<string, string> | undefined): T {
  const name = who.userType === "rooms" ? names?.get(who.id) : undefined;
  return name ? { ...who, name } : who;
}
