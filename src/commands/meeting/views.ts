/**
 * The view models of `/meeting`: plain data for the two cards (the meetings under one number, and
 * one meeting in detail). Times are ms since the epoch, shown in `timeZone` by the card renderer;
 * user-written text (topics, ids) is raw here and escaped only when rendered.
 */
import type { MeetingAbility, MeetingStatus, ParticipantStatus, UserType } from "../../feishu/types.js";
import type { ButtonAction } from "../actions.js";
import type { RangePicker } from "../range-pick.js";

/** Previous / Next and where the list stands; a button is absent when there is nowhere to go. */
export interface PagerView {
  page: number;
  /** Undefined when the number of pages is not known. */
  pages?: number;
  /** To the first page (the newest meetings, on the list) and the last (the oldest); only on lists of three pages or more. */
  first?: ButtonAction;
  prev?: ButtonAction;
  next?: ButtonAction;
  last?: ButtonAction;
}

/** One meeting of the list, enriched with its details when they could be fetched. */
export interface MeetingRow {
  id: string;
  topic: string;
  /** "unavailable" when the meeting's details could not be fetched (for instance 121004). */
  status: MeetingStatus | "unavailable";
  start?: number;
  /** For a meeting still running, the time so far. */
  durationSeconds?: number;
  peak?: number;
  details: ButtonAction;
}

/** Figures over the whole range, computed once when the list is first asked for. */
export interface MeetingListSummary {
  /** Meetings in the range (at least this many when `countCapped`). */
  count: number;
  countCapped: boolean;
  /** Summed over the `measured` meetings: every one counted whose details Feishu still has. */
  totalSeconds: number;
  measured: number;
}

/** The header's figures as the card shows them: the counted ones and what follows from them. */
export interface MeetingListFigures extends MeetingListSummary {
  /** Mean duration of the measured meetings; absent when none was measured. */
  averageSeconds?: number;
  /**
   * Set on a first card whose durations are still being timed: about how many seconds that takes.
   * The exact figures then replace the card.
   */
  counting?: { seconds: number };
}

export interface MeetingListView {
  kind: "meeting-list";
  meetingNo: string;
  timeZone: string;
  /** First and last day of the range, YYYY-MM-DD in `timeZone`. */
  from: string;
  /** HH:mm when the range starts inside its first day (the edge of Feishu's 90 × 24 hours). */
  fromTime?: string;
  to: string;
  /**
   * Set when meetings the summary counted have since left Feishu's 90 days: the summary is the
   * card's own, counted from this time (YYYY-MM-DD, or YYYY-MM-DD HH:mm), and `from` is where the
   * list starts now.
   */
  countedFrom?: string;
  summary: MeetingListFigures;
  rows: MeetingRow[];
  pager: PagerView;
  /** The range select at the top of the card. */
  picker?: RangePicker;
  /** The Export button's value (every meeting of the window as a file); absent on an empty list. */
  exportValue?: ButtonAction;
}

export interface ParticipantRow {
  id: string;
  userType: UserType;
  /** A room's name from the room list, shown instead of its omm_ id. */
  name?: string;
  firstJoin?: number;
  lastLeave?: number;
  seconds: number;
  isHost: boolean;
  isCohost: boolean;
  isExternal: boolean;
  status: ParticipantStatus;
}

/** What a meeting owner wants to know about attendance, over the people who joined. */
export interface AttendanceFigures {
  /** People who joined at some point (the denominator of the shares). */
  joined: number;
  /** Joined more than the grace period after the meeting started. */
  late: number;
  /** Left more than the grace period before it ended; undefined while the meeting runs. */
  leftEarly: number | undefined;
  external: number;
}

export interface MeetingDetailView {
  kind: "meeting-detail";
  timeZone: string;
  id: string;
  topic: string;
  meetingNo: string;
  status: MeetingStatus;
  /** Present only where it may be shown: a direct chat, and the config allows it. */
  password?: string;
  host?: { id: string; userType: UserType; name?: string };
  start?: number;
  end?: number;
  durationSeconds?: number;
  peak: number;
  accumulated: number;
  ability?: MeetingAbility;
  attendance: AttendanceFigures;
  /** Grace period, in minutes, behind "late" and "left early". */
  graceMinutes: number;
  participants: {
    total: number;
    /** Index of the first row shown in the whole list. */
    offset: number;
    /** 1-based positions of the first and last rows shown, for the heading. */
    first: number;
    last: number;
    rows: ParticipantRow[];
    pager: PagerView;
  };
  /** The Export button's value (every participant as a file); absent when there is nobody to list. */
  exportValue?: ButtonAction;
}
