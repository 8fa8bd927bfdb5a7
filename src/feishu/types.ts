/**
 * The gateway's normalised domain types: what the rest of the bot sees of Feishu. Numbers are
 * numbers, instants are `Date`, enums are string unions. Nothing here mirrors the wire format.
 */

/** Names every Open API call by the same stable name the emulator and rate limits use. */
export type FeishuEndpoint =
  | "tenant_token"
  | "bot_info"
  | "meeting_get"
  | "meeting_list_by_no"
  | "report_get_daily"
  | "reservation_list"
  | "room_list"
  | "room_level_list"
  | "room_mget"
  | "push_overview"
  | "chat_get"
  | "department_get"
  | "department_children"
  | "file_upload"
  | "message_reply"
  | "message_create"
  | "message_patch"
  | "card_update";

/**
 * A value that must not reach a group chat or a log by accident (meeting passwords).
 * `reveal()` is the one deliberate way to read it; JSON, string and inspection show a mask.
 */
export class Sensitive {
  constructor(private readonly value: string) {}

  reveal(): string {
    return this.value;
  }

  toJSON(): string {
    return "[sensitive]";
  }

  toString(): string {
    return "[sensitive]";
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return "Sensitive([sensitive])";
  }
}

/** One page of a paged list. `pageToken` is what to pass to get the next page. */
export interface Page<T> {
  items: T[];
  pageToken: string | undefined;
  hasMore: boolean;
}

export interface BotInfo {
  openId: string;
  name: string;
}

/**
 * A chat's mode (`chat_mode` of GET /open-apis/im/v1/chats/:chat_id): a direct chat, a group, or a
 * topic group. A value Feishu adds later is kept as sent; an absent one (Feishu leaves it out when
 * the bot is not in the chat) is unknown with an empty raw. An unknown mode is never a direct chat.
 * Not `chat_type`: that is private/public, a group's visibility, and says nothing of p2p.
 */
export type ChatMode = "p2p" | "group" | "topic" | UnknownDisplay;

export interface ChatInfo {
  chatId: string;
  mode: ChatMode;
}

export interface SentMessageRef {
  messageId: string;
  chatId: string;
}

/** user_type 1–7 by name; "unknown" keeps a value Feishu adds later from breaking a card. */
export type UserType = "lark" | "rooms" | "docs" | "neo" | "neo_guest" | "pstn" | "sip" | "unknown";

/** Meeting status 1–3. */
export type MeetingStatus = "calling" | "in_progress" | "ended" | "unknown";

/** Participant status 1–4: calling, in the meeting, ringing, not in (or left) the meeting. */
export type ParticipantStatus = "calling" | "in_meeting" | "ringing" | "left" | "unknown";

export interface MeetingUser {
  id: string;
  userType: UserType;
}

export interface Participant {
  id: string;
  userType: UserType;
  firstJoinTime: Date | undefined;
  finalLeaveTime: Date | undefined;
  inMeetingSeconds: number;
  isHost: boolean;
  isCohost: boolean;
  isExternal: boolean;
  status: ParticipantStatus;
}

export interface MeetingAbility {
  video: boolean;
  audio: boolean;
  shareScreen: boolean;
  followScreen: boolean;
  recording: boolean;
  pstn: boolean;
}

/** A meeting as list_by_no returns it. */
export interface MeetingBrief {
  id: string;
  topic: string;
  url: string | undefined;
  meetingNo: string;
  /** Sensitive: never shown in a group chat unless the config allows it. */
  password: Sensitive | undefined;
}

/** A meeting as meetings/:meeting_id returns it. */
export interface MeetingDetail {
  id: string;
  topic: string;
  url: string | undefined;
  meetingNo: string;
  /** Sensitive: never shown in a group chat unless the config allows it. */
  password: Sensitive | undefined;
  createTime: Date | undefined;
  startTime: Date | undefined;
  /** Absent while the meeting is still running. */
  endTime: Date | undefined;
  host: MeetingUser | undefined;
  status: MeetingStatus;
  /** Peak number of people in the meeting at once. */
  participantCountPeak: number;
  participantCountAccumulated: number;
  /** Undefined when participants were not asked for (or not returned). */
  participants: Participant[] | undefined;
  /** Undefined when abilities were not asked for (or not returned). */
  ability: MeetingAbility | undefined;
}

export interface DailyReportDay {
  /** The day's start, as Feishu reports it. */
  date: Date;
  meetingCount: number;
  meetingDurationSeconds: number;
  participantCount: number;
}

export interface DailyReport {
  totalMeetingCount: number;
  totalMeetingDurationSeconds: number;
  totalParticipantCount: number;
  days: DailyReportDay[];
}

/** A display string that matched none of the documented forms, kept so it is still shown. */
export interface UnknownDisplay {
  kind: "unknown";
  raw: string;
}

/** 审批中 / 预定成功 / 已释放(…). */
export type ReservationStatus = { kind: "approving" } | { kind: "reserved" } | { kind: "released" } | UnknownDisplay;

/** 签到板 / 签到二维码 / 控制器 / 触屏版 / 设备离线，自动签到. */
export type CheckInDevice =
  | { kind: "check_in_board" }
  | { kind: "qr_code" }
  | { kind: "controller" }
  | { kind: "touch_screen" }
  | { kind: "offline_auto" }
  | UnknownDisplay;

/** The room check-in status display strings, one kind each. */
export type CheckInStatus =
  | { kind: "checked_in" }
  | { kind: "awaiting" }
  | { kind: "window_open" }
  | { kind: "missed" }
  | { kind: "not_required" }
  | { kind: "not_required_instant" }
  | { kind: "not_required_disabled" }
  | { kind: "not_required_no_device" }
  | { kind: "room_disabled" }
  | UnknownDisplay;

/**
 * How (whether) the room was released: 已释放(手动释放), (会议结束后自动释放), (未签到被释放),
 * (传感器自动释放), (自动释放) for an automatic release of unnamed cause; "released" when no
 * reason is given, "not_released" when nothing was released.
 */
export type ReleaseKind =
  | { kind: "not_released" }
  | { kind: "released" }
  | { kind: "manual" }
  | { kind: "auto" }
  | { kind: "after_meeting" }
  | { kind: "no_check_in" }
  | { kind: "sensor" }
  | UnknownDisplay;

/** A department of the tenant's contacts (contact/v3/departments/:department_id): what cards show of it. */
export interface DepartmentInfo {
  openDepartmentId: string;
  /** The tenant's own id; empty when Feishu does not return it. */
  departmentId: string;
  /** User-written: escape before markdown. */
  name: string;
}

/**
 * One department of the tenant's directory (contact/v3/departments/:department_id/children). The
 * name and parent come back only under the scopes that grant them, so either may be empty.
 */
export interface DepartmentNode {
  openDepartmentId: string;
  /** The tenant's own id; empty when Feishu does not return it. */
  departmentId: string;
  /** User-written: escape before markdown. Empty without a scope that returns names. */
  name: string;
  /** As open_department_id; "0" under the root; empty when not returned. */
  parentOpenDepartmentId: string;
}

/** A meeting room, from the room list of its level. */
export interface Room {
  roomId: string;
  name: string;
  roomLevelId: string;
}

/** A level of the room tree (a building, a floor...). */
export interface RoomLevel {
  roomLevelId: string;
  name: string;
  /** The level above; the tenant's root level for a top level. */
  parentId: string;
  hasChild: boolean;
}

export interface Reservation {
  roomId: string;
  roomName: string;
  /** Empty unless the topic was asked for. */
  title: string;
  reserver: string;
  /** An open_id, or an app id when a bot reserved the room. */
  reserverId: string | undefined;
  department: string;
  /** Undefined when absent or not a number. */
  guests: number | undefined;
  accepted: number | undefined;
  start: Date | undefined;
  end: Date | undefined;
  durationSeconds: number | undefined;
  status: ReservationStatus;
  checkInDevice: CheckInDevice | undefined;
  checkInStatus: CheckInStatus | undefined;
  checkInTime: Date | undefined;
  release: ReleaseKind;
  releasedBy: string | undefined;
  releaseTime: Date | undefined;
}

/** The bot's message reach for one day, week or month. Metrics absent from the answer are 0. */
export interface PushOverview {
  sentMessages: number;
  reachedUsers: number;
  readWithin1h: number;
  readWithin12h: number;
}

export type PushCycle = "day" | "week" | "month";
