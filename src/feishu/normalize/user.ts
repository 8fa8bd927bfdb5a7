/** The numeric enums meetings share: user types and statuses, by name. */
import type { MeetingStatus, ParticipantStatus, UserType } from "../types.js";

const USER_TYPES: Record<number, UserType> = {
  1: "lark",
  2: "rooms",
  3: "docs",
  4: "neo",
  5: "neo_guest",
  6: "pstn",
  7: "sip",
};

const MEETING_STATUSES: Record<number, MeetingStatus> = { 1: "calling", 2: "in_progress", 3: "ended" };

const PARTICIPANT_STATUSES: Record<number, ParticipantStatus> = {
  1: "calling",
  2: "in_meeting",
  3: "ringing",
  4: "left",
};

function lookup<T extends string>(table: Record<number, T>, value: unknown, fallback: T): T {
  const n = typeof value === "string" ? Number(value) : value;
  return typeof n === "number" ? (table[n] ?? fallback) : fallback;
}

export function userType(value: unknown): UserType {
  return lookup(USER_TYPES, value, "unknown");
}

export function meetingStatus(value: unknown): MeetingStatus {
  return lookup(MEETING_STATUSES, value, "unknown");
}

export function participantStatus(value: unknown): ParticipantStatus {
  return lookup(PARTICIPANT_STATUSES, value, "unknown");
}
