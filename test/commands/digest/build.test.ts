import { describe, expect, it } from "vitest";
import { buildDigestView, digestForChat } from "../../../src/commands/digest/build.js";
import { MEETING_ROWS, planSection } from "../../../src/commands/digest/sections.js";
import type { MeetingDigest } from "../../../src/commands/digest/views.js";
import type { DigestConfig } from "../../../src/config/types.js";
import type { FeishuGateway } from "../../../src/feishu/gateway.js";
import type { MeetingBrief, MeetingDetail } from "../../../src/feishu/types.js";
import { testDeps } from "../../helpers/context.js";
import { stubGateway } from "../../schedule/stub-gateway.js";

/** 08:30 on 2026-11-21 in Shanghai; 19:30 on 2026-11-20 in New York. */
const AT = Date.parse("2026-11-21T00:30:00Z");

const digest = (sections: DigestConfig["sections"], timezone = "Asia/Shanghai"): DigestConfig => ({
  name: "morning",
  chats: ["oc_team"],
  cron: "30 8 * * *",
  timezone,
  locale: "en",
  sections,
  catchUpMinutes: 360,
});

const build = (d: DigestConfig, gateway: FeishuGateway) =>
  buildDigestView(d, { deps: testDeps({ gateway }), at: AT, chat: { chatType: "group", chatId: "" }, locale: "en", late: false, preview: false });

describe("digest sections", () => {
  it("pin each section's days to the digest's own zone, and give the button the same arguments", () => {
    const plans = (zone: string) =>
      ([{ kind: "report" }, { kind: "rooms" }, { kind: "pushstats" }, { kind: "meeting", meetingNo: "123456789" }] as const)
        .map((section) => planSection(section, AT, zone))
        .map((p) => [p.cmd, p.args, p.span]);
    expect(plans("Asia/Shanghai")).toEqual([
      ["report", ["2026-11-14..2026-11-20"], { from: "2026-11-14", to: "2026-11-20" }],
      ["rooms", ["2026-11-20"], { from: "2026-11-20", to: "2026-11-20" }],
      // Before 10:00 the latest day with data is three days back.
      ["pushstats", ["day", "2026-11-18"], { from: "2026-11-18", to: "2026-11-18" }],
      ["meeting", ["123456789", "2026-11-15..2026-11-21"], { from: "2026-11-15", to: "2026-11-21" }],
    ]);
    expect(plans("America/New_York")).toEqual([
      ["report", ["2026-11-13..2026-11-19"], { from: "2026-11-13", to: "2026-11-19" }],
      ["rooms", ["2026-11-19"], { from: "2026-11-19", to: "2026-11-19" }],
      ["pushstats", ["day", "2026-11-18"], { from: "2026-11-18", to: "2026-11-18" }],
      ["meeting", ["123456789", "2026-11-14..2026-11-20"], { from: "2026-11-14", to: "2026-11-20" }],
    ]);
  });

  it("keeps yesterday's figures and the week's trend from /report", async () => {
    const { gateway } = stubGateway({ meetingsYesterday: 5 });
    const view = await build(digest([{ kind: "report" }]), gateway);
    const [section] = view.sections;
    expect(section).toMatchObject({ kind: "report", open: { cmd: "report", args: ["2026-11-14..2026-11-20"], ct: "group" } });
    expect(section!.outcome).toMatchObject({
      ok: true,
      data: { day: "2026-11-20", yesterday: { meetings: 5, durationSeconds: 9000, participants: 20 }, dayBefore: { meetings: 0 } },
    });
    expect(section!.outcome.ok && (section!.outcome.data as { trend: unknown[] }).trend).toHaveLength(7);
    expect(view).toMatchObject({ name: "morning", period: "2026-11-21 08:30", timeZone: "Asia/Shanghai" });
  });

  it("turns a failing section into a short line and keeps the others", async () => {
    const { gateway } = stubGateway({ failReport: true });
    const failures: string[] = [];
    const view = await buildDigestView(digest([{ kind: "report" }, { kind: "pushstats" }]), {
      deps: testDeps({ gateway }),
      at: AT,
      chat: { chatType: "group", chatId: "" },
      locale: "en",
      late: false,
      preview: false,
      onSectionError: (kind) => failures.push(kind),
    });
    expect(view.sections.map((s) => s.outcome.ok)).toEqual([false, true]);
    expect(view.sections[0]!.outcome).toEqual({ ok: false, error: expect.stringMatching(/^No permission[^.]*\(121005\)$/) });
    expect(failures).toEqual(["report"]);
  });

  it("lists a meeting number's latest meetings only when one page holds them all", async () => {
    const briefs = (n: number): MeetingBrief[] =>
      Array.from({ length: n }, (_, i) => ({ id: `69000000000000000${String(i).padStart(2, "0")}`, topic: `Sync ${i}`, url: undefined, meetingNo: "123456789", password: undefined }));
    const detail = (id: string): MeetingDetail => {
      const i = Number(id.slice(-2));
      const start = AT - (10 - i) * 3600_000;
      return {
        id,
        topic: `Sync ${i}`,
        url: undefined,
        meetingNo: "123456789",
        password: undefined,
        createTime: new Date(start),
        startTime: new Date(start),
        endTime: new Date(start + 1800_000),
        host: undefined,
        status: "ended",
        participantCountPeak: 3,
        participantCountAccumulated: 3,
        participants: undefined,
        ability: undefined,
      };
    };
    const meetingGateway = (n: number): FeishuGateway => ({
      ...stubGateway().gateway,
      listMeetingsByNo: async (q) => {
        const all = briefs(n);
        const offset = Number(q.pageToken ?? 0);
        const items = all.slice(offset, offset + q.pageSize!);
        const next = offset + items.length;
        return { items, pageToken: next < n ? String(next) : undefined, hasMore: next < n };
      },
      getMeeting: async (id) => detail(id),
    });
    const few = await build(digest([{ kind: "meeting", meetingNo: "123456789" }]), meetingGateway(4));
    const fewData = (few.sections[0]!.outcome as { data: MeetingDigest }).data;
    expect(fewData).toMatchObject({ count: 4, totalSeconds: 4 * 1800, measured: 4 });
    expect(fewData.latest.map((r) => r.topic)).toEqual(["Sync 3", "Sync 2", "Sync 1"].slice(0, MEETING_ROWS));

    const many = await build(digest([{ kind: "meeting", meetingNo: "123456789" }]), meetingGateway(15));
    const manyData = (many.sections[0]!.outcome as { data: MeetingDigest }).data;
    expect(manyData).toMatchObject({ count: 15, latest: [] });
  });

  it("digestForChat names the chat in every button and changes nothing else", async () => {
    const { gateway } = stubGateway();
    const view = await build(digest([{ kind: "report" }, { kind: "rooms" }]), gateway);
    const forChat = digestForChat(view, "oc_x");
    expect(forChat.sections.map((s) => s.open.cid)).toEqual(["oc_x", "oc_x"]);
    expect({ ...forChat, sections: forChat.sections.map(({ open: _open, ...rest }) => rest) }).toEqual({
      ...view,
      sections: view.sections.map(({ open: _open, ...rest }) => rest),
    });
    expect(view.sections.map((s) => s.open.cid)).toEqual(["", ""]);
  });
});
