/**
 * The view models of digests: the digest card (one per run, its sections in order) and the
 * `/digest` list. Plain data; user-written text (room names, topics) is raw here and escaped when rendered.
 */
import type { SectionKind } from "../../config/digest-schema.js";
import type { MeetingStatus } from "../../feishu/types.js";
import type { ButtonAction } from "../actions.js";
import type { Change, ReportFigures } from "../report/types.js";
import type { RoomsPeriodView } from "../rooms/period-view.js";
import type { RoomsSummary } from "../rooms/view.js";

export type { SectionKind };

export interface ReportDigest {
  /** Yesterday, YYYY-MM-DD in the digest's time zone. */
  day: string;
  yesterday: ReportFigures;
  /** Yesterday against the day before (0.12 = +12 %); undefined when the report has no day before. */
  change: { meetings: Change; durationSeconds: Change; participants: Change } | undefined;
  /** The days ending yesterday (7 unless the digest chose otherwise), and how many. */
  week: { from: string; to: string; days: number; totals: ReportFigures };
  trend: Array<{ date: string; meetings: number }>;
}

/** One day's reservations (yesterday), or the rooms' utilisation over a period (a section `rooms 7d`). */
export type RoomsDigest =
  | {
      kind: "day";
      day: string;
      summary: RoomsSummary;
      /** More reservations than the bot fetches: the figures cover those fetched. */
      truncated: boolean;
    }
  | { kind: "period"; from: string; to: string; days: number; totals: RoomsPeriodView["totals"]; truncated: boolean };

export interface PushDigest {
  /** The latest day with data. */
  day: string;
  result:
    | { kind: "data"; sent: number; reached: number; rate1h: number | undefined; rate12h: number | undefined }
    | { kind: "pending"; availableAt: string }
    /** Feishu has the day and the bot sent nothing on it. */
    | { kind: "none" };
}

export interface MeetingDigestRow {
  topic: string;
  status: MeetingStatus | "unavailable";
  start?: number;
  durationSeconds?: number;
}

export interface MeetingDigest {
  from: string;
  to: string;
  count: number;
  countCapped: boolean;
  totalSeconds: number;
  /** Meetings whose duration is known (all of them unless there were too many to measure). */
  measured: number;
  /** The count is exact and some durations are unknown: the time covers `measured` meetings only. */
  partlyMeasured: boolean;
  /** The most recent meetings, newest first; empty when the range holds more than one page of them. */
  latest: MeetingDigestRow[];
  timeZone: string;
}

/** A section's data, or the short line saying why it could not be had (the rest of the digest still posts). */
export type Outcome<T> = { ok: true; data: T } | { ok: false; error: string };

/** The days a section is about, YYYY-MM-DD (the same day twice for one day); known even when its data fails. */
export interface DaySpan {
  from: string;
  to: string;
}

/**
 * `open` is the button that opens the full command card: the command the section summarised, with
 * the very arguments it was run with, so the card shows what the section did.
 */
export type DigestSection =
  | { kind: "report"; span: DaySpan; open: ButtonAction; outcome: Outcome<ReportDigest> }
  | { kind: "rooms"; span: DaySpan; open: ButtonAction; outcome: Outcome<RoomsDigest> }
  | { kind: "pushstats"; span: DaySpan; open: ButtonAction; outcome: Outcome<PushDigest> }
  | { kind: "meeting"; span: DaySpan; meetingNo: string; open: ButtonAction; outcome: Outcome<MeetingDigest> };

export interface DigestView {
  kind: "digest";
  name: string;
  /** The run's period as shown: "YYYY-MM-DD HH:mm" in `timeZone`. */
  period: string;
  timeZone: string;
  /** Sent on start for a run the bot missed. */
  late: boolean;
  /** Posted by `/digest run`: not a scheduled run. */
  preview: boolean;
  sections: DigestSection[];
}

export interface DigestListEntry {
  name: string;
  /** app.yaml's are read-only from chat; chat-added ones post into the chat they were added in. */
  origin: "app.yaml" | "chat";
  /** A chat-added digest paused with /digest pause: listed, never run. */
  paused: boolean;
  /** What the admin typed as the schedule of a chat-added digest. */
  schedule?: string;
  cron: string;
  timeZone: string;
  /** "YYYY-MM-DD HH:mm" in the digest's zone; undefined when the expression fires no more. */
  nextRun: string | undefined;
  chats: number;
  /** True when this chat is one of the digest's targets. */
  here: boolean;
  sections: DigestSectionLabel[];
  /** `/digest run <name>`: a preview posted here. */
  preview: ButtonAction;
}

/** A section as listed: its kind, the meeting number or the days it covers when it has them. */
export interface DigestSectionLabel {
  kind: SectionKind;
  meetingNo?: string;
  days?: number;
}

/** What a /digest add, pause, resume or remove just did, shown above the list. */
export type DigestNotice =
  | {
      kind: "added";
      name: string;
      schedule: string;
      cron: string;
      timeZone: string;
      /** The next three runs, "YYYY-MM-DD HH:mm" in `timeZone`. */
      nextRuns: string[];
      chatId: string;
      sections: DigestSectionLabel[];
    }
  | { kind: "paused" | "resumed" | "removed"; name: string; nextRun?: string };

/** Previous / Next over the list; a button is absent when there is nowhere to go. */
export interface DigestListPager {
  page: number;
  pages: number;
  prev?: ButtonAction;
  next?: ButtonAction;
}

export interface DigestListView {
  kind: "digest-list";
  notice?: DigestNotice;
  entries: DigestListEntry[];
  /** Index of the first entry shown, and how many digests there are. */
  offset: number;
  total: number;
  pager: DigestListPager;
}
