/**
 * Meetings: recurring series with their own meeting numbers (standups, weekly meetings, a busy
 * personal meeting number, a weekly all-hands of 230+), ad-hoc meetings, and on the generated day
 * an open-ended on-call bridge and a call still ringing.
 */
import type { UniqueId } from "./people.js";
import { createRng, seedOf, type Rng } from "./rng.js";
import { USER_TYPE, type Department, type Meeting, type Participant, type Room, type User, type UserType } from "./types.js";
import { ADHOC_TOPICS, ALL_HANDS_TOPIC, ON_CALL_TOPIC, RECURRING_TOPICS, fillTopic } from "./vocabulary.js";
import { weekday } from "./zoned-time.js";

interface Series {
  kind: "standup" | "weekly" | "personal" | "allHands";
  meetingNo: string;
  topic: string;
  password?: string;
  hostOpenId: string;
  members: string[];
  /** Local weekday (0 = Sunday) for weekly series. */
  weekday?: number;
  /** Minutes after local midnight. */
  startMinute: number;
  minutes: [number, number];
}

export interface MeetingWorld {
  users: User[];
  internal: User[];
  external: User[];
  usersByOpenId: Map<string, User>;
  departments: Department[];
  rooms: Room[];
  series: Series[];
}

const meetingNo = (rng: Rng, unique: UniqueId): string => unique(() => rng.digits(9));
const maybePassword = (rng: Rng, p: number): string | undefined =>
  rng.chance(p) ? String(rng.int(0, 999999)).padStart(6, "0") : undefined;

function subtreeIds(departments: Department[], rootId: string): Set<string> {
  const ids = new Set([rootId]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const d of departments) {
      if (ids.has(d.parentOpenDepartmentId) && !ids.has(d.openDepartmentId)) {
        ids.add(d.openDepartmentId);
        grew = true;
      }
    }
  }
  return ids;
}

export function generateSeries(
  rng: Rng,
  unique: UniqueId,
  users: User[],
  departments: Department[],
): Series[] {
  const internal = users.filter((u) => !u.external);
  const ceo = internal[0];
  const busyManager = internal[2];
  if (!ceo || !busyManager) throw new Error("tenant needs users");
  const series: Series[] = [];
  const membersOf = (deptIds: Set<string>): string[] =>
    internal.filter((u) => u.departmentOpenId && deptIds.has(u.departmentOpenId)).map((u) => u.openId);
  for (const dept of departments) {
    const members = membersOf(new Set([dept.openDepartmentId]));
    if (members.length >= 4) {
      const password = maybePassword(rng, 0.2);
      series.push({
        kind: "standup",
        meetingNo: meetingNo(rng, unique),
        topic: fillTopic(RECURRING_TOPICS[0], { team: dept.name, name: "" }),
        ...(password ? { password } : {}),
        hostOpenId: members[0] as string,
        members: members.slice(0, 14),
        startMinute: 10 * 60 + rng.int(0, 2) * 15,
        minutes: [12, 25],
      });
    }
    if (dept.parentOpenDepartmentId === "0") {
      const all = membersOf(subtreeIds(departments, dept.openDepartmentId));
      if (all.length >= 3) {
        const password = maybePassword(rng, 0.3);
        series.push({
          kind: "weekly",
          meetingNo: meetingNo(rng, unique),
          topic: fillTopic(rng.pick(RECURRING_TOPICS.slice(1)), { team: dept.name, name: "" }),
          ...(password ? { password } : {}),
          hostOpenId: all[0] as string,
          members: all.slice(0, 30),
          weekday: rng.int(1, 4),
          startMinute: rng.pick([14, 15, 16]) * 60,
          minutes: [40, 80],
        });
      }
    }
  }
  series.push({
    kind: "personal",
    meetingNo: meetingNo(rng, unique),
    topic: `${busyManager.name}的个人会议室`,
    password: "202405",
    hostOpenId: busyManager.openId,
    members: internal.map((u) => u.openId),
    startMinute: 9 * 60,
    minutes: [15, 60],
  });
  series.push({
    kind: "allHands",
    meetingNo: meetingNo(rng, unique),
    topic: ALL_HANDS_TOPIC,
    hostOpenId: ceo.openId,
    members: internal.map((u) => u.openId),
    weekday: 5,
    startMinute: 16 * 60,
    minutes: [60, 90],
  });
  return series;
}

interface DayInput {
  seed: number;
  date: string;
  dayStart: number;
  /** The generated day: adds the open-ended bridge and the ringing call. */
  isToday: boolean;
  world: MeetingWorld;
  unique: UniqueId;
}

export function generateMeetingsForDay(input: DayInput): Meeting[] {
  const rng = createRng(seedOf(input.seed, input.date, "meetings"));
  const { world, dayStart } = input;
  const dow = weekday(input.date);
  const isWeekend = dow === 0 || dow === 6;
  const meetings: Meeting[] = [];
  const newId = (): string => input.unique(() => `73${rng.digits(17)}`);
  const at = (minute: number): number => dayStart + minute * 60;

  for (const s of world.series) {
    const occurrences: number[] = [];
    if (s.kind === "standup" && !isWeekend && rng.chance(0.95)) occurrences.push(s.startMinute + rng.int(0, 4));
    if ((s.kind === "weekly" || s.kind === "allHands") && s.weekday === dow) occurrences.push(s.startMinute);
    if (s.kind === "personal") {
      const count = isWeekend ? rng.int(1, 2) : rng.int(3, 4);
      for (let i = 0; i < count; i++) occurrences.push(s.startMinute + i * 150 + rng.int(0, 60));
    }
    for (const minute of occurrences) {
      const start = at(minute);
      const end = start + rng.int(s.minutes[0], s.minutes[1]) * 60;
      let attendees: string[];
      if (s.kind === "allHands") attendees = rng.sample(s.members, rng.int(225, 270));
      else if (s.kind === "personal") attendees = rng.sample(s.members, rng.int(1, 5));
      else attendees = s.members.filter(() => rng.chance(0.8));
      meetings.push(
        meeting(rng, world, {
          id: newId(),
          topic: s.topic,
          meetingNo: s.meetingNo,
          password: s.password,
          createTime: start - rng.int(30, 600),
          start,
          end,
          hostOpenId: s.hostOpenId,
          attendees,
          extras: s.kind === "allHands" ? allHandsExtras(rng, world) : ordinaryExtras(rng, world),
        }),
      );
    }
  }

  const adhocCount = isWeekend ? rng.int(1, 4) : rng.int(12, 22);
  const { internal, external } = world;
  for (let i = 0; i < adhocCount; i++) {
    const host = rng.pick(internal);
    const start = at(rng.int(8 * 60, 21 * 60));
    const end = start + rng.int(5, 90) * 60;
    const attendees = rng.sample(internal, rng.int(1, 11)).map((u) => u.openId);
    if (rng.chance(0.12)) attendees.push(...rng.sample(external, rng.int(1, 2)).map((u) => u.openId));
    const team = rng.pick(world.departments).name;
    const topic = fillTopic(rng.pick(ADHOC_TOPICS), { team, name: host.name });
    meetings.push(
      meeting(rng, world, {
        id: newId(),
        topic,
        meetingNo: meetingNo(rng, input.unique),
        password: maybePassword(rng, 0.3),
        createTime: start - rng.int(0, 120),
        start,
        end,
        hostOpenId: host.openId,
        attendees,
        extras: ordinaryExtras(rng, world),
      }),
    );
  }

  if (input.isToday) meetings.push(...openEndedMeetings(rng, world, input.unique, dayStart, newId));
  // Last, and from its own random streams, so every meeting above is drawn exactly as before.
  meetings.push(...projectMeetings(input));
  return meetings;
}

/**
 * Projects: every 30 days a new one starts and holds a daily sync under its own number for 58 days,
 * skipping one (57 meetings). They follow the calendar, not "today", so consecutive days share their
 * history; and any 90-day history holds at least one project whole, whose meetings span more than
 * a 30-day list shows. Found by the topic's suffix.
 */
export const PROJECT_TOPIC_SUFFIX = "项目攻坚日会";
export const PROJECT_MEETINGS = 57;
const PROJECT_EVERY_DAYS = 30;
const PROJECT_SPAN_DAYS = PROJECT_MEETINGS + 1;
const PROJECT_NAMES = ["北极星", "启明", "远航", "磐石", "星火", "破晓"];

interface Project {
  meetingNo: string;
  topic: string;
  hostOpenId: string;
  members: string[];
  firstDay: number;
  skippedDay: number;
}

/** Each tenant's projects by cycle, set up the first time one of their days is generated. */
const projects = new WeakMap<MeetingWorld, Map<number, Project>>();

const epochDay = (date: string): number => Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);

function projectOf(input: DayInput, cycle: number): Project {
  const known = projects.get(input.world) ?? new Map<number, Project>();
  projects.set(input.world, known);
  const found = known.get(cycle);
  if (found) return found;
  // Its own stream per cycle: the same project whichever day of it comes first.
  const rng = createRng(seedOf(input.seed, "project", cycle));
  const [host, ...rest] = rng.sample(input.world.internal, 9);
  if (!host) throw new Error("tenant needs users");
  const firstDay = cycle * PROJECT_EVERY_DAYS;
  const project: Project = {
    meetingNo: meetingNo(rng, input.unique),
    topic: `${PROJECT_NAMES[((cycle % PROJECT_NAMES.length) + PROJECT_NAMES.length) % PROJECT_NAMES.length]}${PROJECT_TOPIC_SUFFIX}`,
    hostOpenId: host.openId,
    members: rest.map((u) => u.openId),
    firstDay,
    skippedDay: firstDay + rng.int(10, PROJECT_SPAN_DAYS - 10),
  };
  known.set(cycle, project);
  return project;
}

function projectMeetings(input: DayInput): Meeting[] {
  const day = epochDay(input.date);
  const meetings: Meeting[] = [];
  const newest = Math.floor(day / PROJECT_EVERY_DAYS);
  for (let cycle = newest - Math.ceil(PROJECT_SPAN_DAYS / PROJECT_EVERY_DAYS); cycle <= newest; cycle++) {
    const firstDay = cycle * PROJECT_EVERY_DAYS;
    if (day < firstDay || day >= firstDay + PROJECT_SPAN_DAYS) continue;
    const project = projectOf(input, cycle);
    if (day === project.skippedDay) continue;
    const rng = createRng(seedOf(input.seed, input.date, "project", cycle));
    const start = input.dayStart + (18 * 60 + 30 + rng.int(0, 5)) * 60;
    meetings.push(
      meeting(rng, input.world, {
        id: input.unique(() => `73${rng.digits(17)}`),
        topic: project.topic,
        meetingNo: project.meetingNo,
        password: undefined,
        createTime: start - rng.int(30, 300),
        start,
        end: start + rng.int(20, 45) * 60,
        hostOpenId: project.hostOpenId,
        attendees: project.members.filter(() => rng.chance(0.85)),
        extras: ordinaryExtras(rng, input.world),
      }),
    );
  }
  return meetings;
}

interface MeetingPlan {
  id: string;
  topic: string;
  meetingNo: string;
  password: string | undefined;
  createTime: number;
  start: number;
  end: number;
  hostOpenId: string;
  attendees: string[];
  extras: { userType: UserType; id: string }[];
}

function meeting(rng: Rng, world: MeetingWorld, plan: MeetingPlan): Meeting {
  const people = [plan.hostOpenId, ...plan.attendees.filter((id) => id !== plan.hostOpenId)];
  const participants: Participant[] = people.map((openId, index) =>
    attendance(rng, plan.start, plan.end, {
      userType: USER_TYPE.lark,
      id: openId,
      isHost: index === 0,
      isExternal: world.usersByOpenId.get(openId)?.external ?? false,
    }),
  );
  for (const extra of plan.extras) {
    participants.push(attendance(rng, plan.start, plan.end, { ...extra, isHost: false, isExternal: false }));
  }
  if (participants.length > 20) {
    for (const p of rng.sample(participants.slice(1, 60), rng.int(1, 3))) {
      if (p.userType === USER_TYPE.lark && !p.isExternal) p.isCohost = true;
    }
  }
  return {
    id: plan.id,
    topic: plan.topic,
    meetingNo: plan.meetingNo,
    ...(plan.password ? { password: plan.password } : {}),
    createTime: plan.createTime,
    startTime: plan.start,
    endTime: plan.end,
    hostOpenId: plan.hostOpenId,
    participants,
    ability: {
      useVideo: rng.chance(0.85),
      useAudio: rng.chance(0.99),
      useShareScreen: rng.chance(0.6),
      useFollowScreen: rng.chance(0.15),
      useRecording: plan.extras.length > 3 || rng.chance(0.2),
      usePstn: plan.extras.some((e) => e.userType === USER_TYPE.pstn),
    },
  };
}

function attendance(
  rng: Rng,
  start: number,
  end: number,
  who: { userType: UserType; id: string; isHost: boolean; isExternal: boolean },
): Participant {
  const span = end - start;
  const lateness = who.isHost ? 0 : rng.chance(0.75) ? rng.int(0, 180) : rng.int(180, Math.max(180, span / 3));
  const join = Math.min(start + lateness, end - 60);
  const leave = rng.chance(0.8) ? end - rng.int(0, 30) : rng.int(join + 60, Math.max(join + 60, end));
  const drops = rng.chance(0.1) ? rng.int(10, 180) : 0;
  return {
    userType: who.userType,
    id: who.id,
    firstJoinTime: join,
    finalLeaveTime: Math.max(leave, join + 60),
    inMeetingDuration: Math.max(30, Math.max(leave, join + 60) - join - drops),
    isHost: who.isHost,
    isCohost: false,
    isExternal: who.isExternal,
  };
}

const numericId = (rng: Rng): string => rng.digits(19);

function ordinaryExtras(rng: Rng, world: MeetingWorld): { userType: UserType; id: string }[] {
  const extras: { userType: UserType; id: string }[] = [];
  if (rng.chance(0.25)) extras.push({ userType: USER_TYPE.rooms, id: rng.pick(world.rooms).roomId });
  if (rng.chance(0.05)) extras.push({ userType: USER_TYPE.pstn, id: numericId(rng) });
  if (rng.chance(0.03)) extras.push({ userType: USER_TYPE.sip, id: numericId(rng) });
  if (rng.chance(0.02)) extras.push({ userType: USER_TYPE.docs, id: numericId(rng) });
  if (rng.chance(0.03)) extras.push({ userType: USER_TYPE.neo, id: numericId(rng) });
  if (rng.chance(0.03)) extras.push({ userType: USER_TYPE.neoGuest, id: numericId(rng) });
  return extras;
}

function allHandsExtras(rng: Rng, world: MeetingWorld): { userType: UserType; id: string }[] {
  const extras: { userType: UserType; id: string }[] = rng
    .sample(world.rooms, rng.int(3, 6))
    .map((r) => ({ userType: USER_TYPE.rooms, id: r.roomId }));
  for (let i = rng.int(2, 4); i > 0; i--) extras.push({ userType: USER_TYPE.pstn, id: numericId(rng) });
  for (let i = rng.int(1, 2); i > 0; i--) extras.push({ userType: USER_TYPE.sip, id: numericId(rng) });
  for (let i = rng.int(0, 2); i > 0; i--) extras.push({ userType: USER_TYPE.neoGuest, id: numericId(rng) });
  return extras;
}

/** An on-call bridge open all day and a 1:1 call still ringing: in progress whenever "now" is. */
function openEndedMeetings(
  rng: Rng,
  world: MeetingWorld,
  unique: UniqueId,
  dayStart: number,
  newId: () => string,
): Meeting[] {
  const [host, ...rest] = rng.sample(world.internal, 8);
  if (!host) return [];
  const bridgeStart = dayStart + 5 * 60;
  const stillIn = (id: string, join: number, isHost: boolean): Participant => ({
    userType: USER_TYPE.lark,
    id,
    firstJoinTime: join,
    inMeetingDuration: 0,
    isHost,
    isCohost: false,
    isExternal: false,
  });
  const bridge: Meeting = {
    id: newId(),
    topic: ON_CALL_TOPIC,
    meetingNo: meetingNo(rng, unique),
    password: "000911",
    createTime: bridgeStart - 60,
    startTime: bridgeStart,
    hostOpenId: host.openId,
    participants: [
      stillIn(host.openId, bridgeStart, true),
      ...rest.slice(0, 3).map((u, i) => stillIn(u.openId, bridgeStart + (i + 1) * 3600 * 3, false)),
      ...rest.slice(3, 6).map((u, i) => ({
        ...stillIn(u.openId, bridgeStart + 600 + i * 1800, false),
        finalLeaveTime: bridgeStart + 1500 + i * 1800,
        inMeetingDuration: 900,
      })),
    ],
    ability: { useVideo: false, useAudio: true, useShareScreen: true, useFollowScreen: false, useRecording: true, usePstn: false },
  };
  const caller = rest[6] ?? host;
  const callee = rest[5] ?? host;
  const callStart = dayStart + 10 * 60;
  const call: Meeting = {
    id: newId(),
    topic: `${caller.name}的视频会议`,
    meetingNo: meetingNo(rng, unique),
    createTime: callStart,
    startTime: callStart,
    calling: true,
    hostOpenId: caller.openId,
    participants: [
      stillIn(caller.openId, callStart, true),
      { userType: USER_TYPE.lark, id: callee.openId, inMeetingDuration: 0, isHost: false, isCohost: false, isExternal: false, pending: 3 },
      { userType: USER_TYPE.pstn, id: numericId(rng), inMeetingDuration: 0, isHost: false, isCohost: false, isExternal: false, pending: 1 },
    ],
    ability: { useVideo: true, useAudio: true, useShareScreen: false, useFollowScreen: false, useRecording: false, usePstn: true },
  };
  return [bridge, call];
}
