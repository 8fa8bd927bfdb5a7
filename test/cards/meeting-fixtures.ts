/** Fixed /meeting view models for the golden tests, and readers for the markdown inside a card. */
import { buttonAction } from "../../src/commands/actions.js";
import type { ListState } from "../../src/commands/meeting/args.js";
import type { MeetingDetailView, MeetingListView } from "../../src/commands/meeting/views.js";

const T0 = Date.UTC(2026, 10, 20, 1, 0, 0); // 2026-11-20 09:00 Asia/Shanghai
const MIN = 60_000;
export const HOSTILE_TOPIC = "<at id=all></at> **周会** [议程](https://evil.example) | # 1. :OK:";

export function fixedListView(): MeetingListView {
  const rowValue = (meetingId: string) => buttonAction("meeting", { kind: "detail", meetingId });
  const list: ListState = { startSec: 1_790_956_800, endSec: 1_795_248_000, count: 23, countCapped: false, totalSeconds: 61_200, measured: 22 };
  const args = { kind: "number" as const, meetingNo: "455423258", list };
  return {
    kind: "meeting-list",
    meetingNo: "455423258",
    timeZone: "Asia/Shanghai",
    from: "2026-10-23",
    to: "2026-11-21",
    // 22 of 23 measured (one meeting's details are gone): the total and average cover those 22.
    summary: { count: 23, countCapped: false, totalSeconds: 61_200, measured: 22, averageSeconds: 61_200 / 22 },
    rows: [
      { id: "7100000000000000001", topic: "李雨桐的个人会议室", status: "ended", start: T0, durationSeconds: 2700, peak: 5, details: rowValue("7100000000000000001") },
      { id: "7100000000000000002", topic: HOSTILE_TOPIC, status: "in_progress", start: T0 + 150 * MIN, durationSeconds: 40, peak: 12, details: rowValue("7100000000000000002") },
      { id: "7100000000000000003", topic: "设计评审", status: "unavailable", details: rowValue("7100000000000000003") },
    ],
    pager: {
      page: 2,
      pages: 3,
      prev: buttonAction("meeting", args, { token: "o1795000000", back: [], page: 1 }),
      next: buttonAction("meeting", args, { token: "o1794000000+1", back: [], page: 3 }),
    },
  };
}

export function fixedDetailView(password?: string): MeetingDetailView {
  const view: MeetingDetailView = {
    kind: "meeting-detail",
    timeZone: "Asia/Shanghai",
    id: "7382415617935096836",
    topic: HOSTILE_TOPIC,
    meetingNo: "246676243",
    status: "ended",
    host: { id: "ou_946f284ceb946d50fc74a46ee8f06bff", userType: "lark" },
    start: T0,
    end: T0 + 75 * MIN,
    durationSeconds: 4500,
    peak: 255,
    accumulated: 272,
    ability: { video: true, audio: true, shareScreen: true, followScreen: false, recording: true, pstn: true },
    attendance: { joined: 272, late: 56, leftEarly: 50, external: 3 },
    graceMinutes: 5,
    participants: {
      total: 272,
      offset: 30,
      first: 31,
      last: 35,
      rows: [
        { id: "ou_759524f854ed97a3aa5c5e68b395fcac", userType: "lark", firstJoin: T0, lastLeave: T0 + 74 * MIN, seconds: 4440, isHost: false, isCohost: true, isExternal: false, status: "left" },
        { id: "omm_824a5ced8cbd5673668659d5103bb3ca", userType: "rooms", firstJoin: T0 + 2 * MIN, lastLeave: T0 + 74 * MIN, seconds: 4320, isHost: false, isCohost: false, isExternal: false, status: "left" },
        { id: "4836213373833289724", userType: "pstn", firstJoin: T0 + 11 * MIN, seconds: 3000, isHost: false, isCohost: false, isExternal: false, status: "in_meeting" },
        { id: "ou_<at id=all></at>", userType: "lark", firstJoin: T0 + 26 * 60 * MIN, lastLeave: T0 + 27 * 60 * MIN, seconds: 30, isHost: false, isCohost: false, isExternal: true, status: "left" },
        { id: "ou_callee", userType: "lark", seconds: 0, isHost: false, isCohost: false, isExternal: false, status: "ringing" },
      ],
      pager: {
        page: 2,
        pages: 10,
        prev: buttonAction("meeting", { kind: "detail", meetingId: "7382415617935096836" }, { back: [], page: 1, offset: 0 }),
        next: buttonAction("meeting", { kind: "detail", meetingId: "7382415617935096836" }, { back: [], page: 3, offset: 60 }),
      },
    },
  };
  if (password !== undefined) view.password = password;
  return view;
}

/** Every markdown text in a card: markdown components and the cells of markdown table columns. */
export function markdownTexts(card: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== "object" || node === null) return;
    const n = node as Record<string, unknown>;
    if (n.tag === "markdown" && typeof n.content === "string") out.push(n.content);
    if (n.tag === "table" && Array.isArray(n.columns) && Array.isArray(n.rows)) {
      const names = (n.columns as Array<Record<string, unknown>>)
        .filter((c) => c.data_type === "markdown" || c.data_type === "lark_md")
        .map((c) => String(c.name));
      for (const row of n.rows as Array<Record<string, unknown>>) for (const name of names) out.push(String(row[name] ?? ""));
    }
    Object.values(n).forEach(walk);
  };
  walk(card);
  return out;
}

/** Every callback button: its label and value. */
export function buttons(card: unknown): { label: string; value: Record<string, unknown> }[] {
  const out: { label: string; value: Record<string, unknown> }[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== "object" || node === null) return;
    const n = node as Record<string, unknown>;
    if (n.tag === "button") {
      const label = String((n.text as { content?: string } | undefined)?.content ?? "");
      const behaviors = Array.isArray(n.behaviors) ? (n.behaviors as Array<{ type?: string; value?: Record<string, unknown> }>) : [];
      const callback = behaviors.find((b) => b.type === "callback");
      if (callback?.value) out.push({ label, value: callback.value });
      return;
    }
    Object.values(n).forEach(walk);
  };
  walk(card);
  return out;
}
