/**
 * The seeded tenant: plain data, the ground truth the emulator's routes answer from. Numbers are
 * numbers and times are unix seconds; the wire formatting (strings, display times) happens in the
 * route modules. Some facts depend on the clock (a meeting still in progress, a room not yet
 * checked in): the data records what happens over the whole day and the routes show what has
 * happened by "now".
 */

/** Feishu's meeting user types, as the meeting page numbers them. */
export const USER_TYPE = {
  lark: 1,
  rooms: 2,
  docs: 3,
  neo: 4,
  neoGuest: 5,
  pstn: 6,
  sip: 7,
} as const;
export type UserType = (typeof USER_TYPE)[keyof typeof USER_TYPE];

export interface Department {
  openDepartmentId: string; // "od-…"
  departmentId: string; // the tenant's own id
  name: string;
  /** "0" for a top-level department (the tenant root). */
  parentOpenDepartmentId: string;
}

export interface User {
  openId: string; // "ou_…"
  unionId: string; // "on_…"
  userId: string; // 8 hex digits
  name: string;
  /** Users of another tenant joining this tenant's meetings have no department. */
  external: boolean;
  departmentOpenId?: string;
}

export interface RoomLevel {
  roomLevelId: string; // "omb_…"
  name: string;
  /** "0" for the tenant's root level. */
  parentId: string;
  /** Ancestor level ids from the root down, excluding this level. */
  path: string[];
}

export interface Room {
  roomId: string; // "omm_…"
  name: string;
  roomLevelId: string;
  capacity: number;
}

export type CheckInDevice = "签到板" | "签到二维码" | "控制器" | "触屏版" | "设备离线，自动签到";

export interface Reservation {
  roomId: string;
  eventTitle: string;
  reserver: { kind: "user"; openId: string } | { kind: "bot"; appId: string; name: string };
  guests: number;
  accepted: number;
  startTime: number;
  endTime: number;
  status: "预定成功" | "审批中";
  /** When and how the room was checked in; absent when nobody checks in. */
  checkIn?: { time: number; device: CheckInDevice };
  /** Released before the end: by a person, or automatically when nobody checked in. */
  release?: { kind: "manual"; time: number; byOpenId: string } | { kind: "auto"; time: number };
}

export interface Participant {
  userType: UserType;
  /** The user's open_id for lark users (type 1); the endpoint's own id for the other types. */
  id: string;
  /** Absent only for a callee still being called or ringing. */
  firstJoinTime?: number;
  finalLeaveTime?: number;
  /** Seconds actually in the meeting (may be less than leave − join after drops). */
  inMeetingDuration: number;
  isHost: boolean;
  isCohost: boolean;
  isExternal: boolean;
  /** For someone invited but not (yet) in: 1 = calling, 3 = ringing. */
  pending?: 1 | 3;
}

export interface MeetingAbility {
  useVideo: boolean;
  useAudio: boolean;
  useShareScreen: boolean;
  useFollowScreen: boolean;
  useRecording: boolean;
  usePstn: boolean;
}

export interface Meeting {
  id: string; // 19 digits
  topic: string;
  meetingNo: string; // 9 digits
  password?: string;
  createTime: number;
  startTime: number;
  /** Absent for a meeting with no planned end (it stays in progress). */
  endTime?: number;
  /** A call still ringing: status 1 while it lasts. */
  calling?: boolean;
  hostOpenId: string;
  participants: Participant[];
  ability: MeetingAbility;
}

/** One day of the organisation's meeting report (unit 0, mainland China). */
export interface DailyReport {
  date: string; // YYYY-MM-DD in the tenant's timezone
  dayStart: number; // unix sec of that local midnight
  meetingCount: number;
  meetingDuration: number; // seconds
  participantCount: number;
}

/** What the bot's messages did for one user on one day. */
export interface PushDelivery {
  openId: string;
  messages: number;
  readIn1h: number;
  readIn12h: number;
}

export interface PushDay {
  date: string; // YYYY-MM-DD
  deliveries: PushDelivery[];
}

export interface Tenant {
  seed: number;
  /** The local date the tenant was generated for; its data runs up to the end of that day. */
  today: string;
  timezone: string;
  name: string;
  departments: Department[];
  users: User[];
  roomLevels: RoomLevel[];
  rooms: Room[];
  /** Sorted by start time, then room. */
  reservations: Reservation[];
  /** Sorted by start time. */
  meetings: Meeting[];
  /** One per day before today, oldest first (today's report is produced tomorrow). */
  dailyReports: DailyReport[];
  push: { installedOn: string; days: PushDay[] };
  /**
   * Ids of real meetings of other organisations: meeting get answers them with 121005 (seed 001:
   * only meetings that belong to you can be queried), and no other endpoint shows them.
   */
  foreignMeetingIds: string[];
  /** Handy pointers into the data, for tests and the sandbox console. */
  notable: {
    /** A meeting number with more than 50 meetings in the last 30 days. */
    busyMeetingNo: string;
    /** A meeting with 230+ participants. */
    largeMeetingId: string;
    /** The day with the most reservations. */
    busiestReservationDay: string;
    /** Meetings of today with no planned end (always in progress once started). */
    openEndedMeetingIds: string[];
    /** A meeting of another organisation, outside the app's reach: meeting get answers 121005. */
    foreignMeetingId: string;
  };
}
