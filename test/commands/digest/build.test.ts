import { describe, expect, it } from "vitest";
import { renderView } from "../../../src/cards/index.js";
import { createButtonSeal, peekSealed, sealedButtonValues } from "../../../src/cards/seal.js";
import { buildDigestView } from "../../../src/commands/digest/build.js";
import { MEETING_ROWS, planSection } from "../../../src/commands/digest/sections.js";
import type { DigestSection, DigestView, MeetingDigest, ReportDigest } from "../../../src/commands/digest/views.js";
import { findCommand } from "../../../src/commands/registry.js";
import type { DigestConfig } from "../../../src/config/types.js";
import type { FeishuGateway } from "../../../src/feishu/gateway.js";
import type { DailyReport, MeetingBrief, MeetingDetail } from "../../../src/feishu/types.js";
import { runArgs } from "../../helpers/command.js";
import { testContext, testDeps } from "../../helpers/context.js";
import { stubGateway } from "../../schedule/stub-gateway.js";

/** 08:30 on 2026-11-21 in Shanghai; 19:30 on 2026-11-20 in New York. */
const AT = Date.parse("2026-11-21T00:30:00Z");

const ALL_SECTIONS: DigestConfig["sections"] = [{ kind: "report" }, { kind: "rooms" }, { kind: "pushstats" }, { kind: "meeting", meetingNo: "123456789" }];

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
  buildDigestView(d, { deps: testDeps({ gateway }), at: AT, locale: "en", late: false, preview: false });

/** One kind of section's data, read by narrowing on its kind. */
const REPORT = (s: DigestSection) => (s.kind === "report" && s.outcome.ok ? s.outcome.data : undefined);
const PUSH = (s: DigestSection) => (s.kind === "pushstats" && s.outcome.ok ? s.outcome.data : undefined);
const MEETING = (s: DigestSection) => (s.kind === "meeting" && s.outcome.ok ? s.outcome.data : undefined);

function dataOf<T>(view: DigestView, pick: (section: DigestSection) => T | undefined): T {
  for (const section of view.sections) {
    const data = pick(section);
    if (data !== undefined) return data;
  }
  throw new Error(`no such section data: ${JSON.stringify(view.sections.map((s) => s.outcome))}`);
}

/** get_daily with these figures on these Shanghai days (noon), and the asked range's totals. */
function dailyGateway(days: Record<string, number>): FeishuGateway {
  return {
    ...stubGateway().gateway,
    async getDailyReport(q): Promise<DailyReport> {
      const list = Object.entries(days)
        .map(([date, meetings]) => ({ date: new Date(Date.parse(`${date}T04:00:00Z`)), meetingCount: meetings, meetingDurationSeconds: meetings * 600, participantCount: meetings * 3 }))
        .filter((day) => day.date >= q.start && day.date <= q.end);
      return {
        totalMeetingCount: list.reduce((a, d) => a + d.meetingCount, 0),
        totalMeetingDurationSeconds: list.reduce((a, d) => a + d.meetingDurationSeconds, 0),
        totalParticipantCount: list.reduce((a, d) => a + d.participantCount, 0),
        days: list,
      };
    },
  };
}

describe("digest sections", () => {
  it("pin each section's days to the digest's own zone, and give the button the same arguments", () => {
    // A rooms section over several days (`rooms 7d`, added from chat) is the period's utilisation, pinned to its days.
    expect(planSection({ kind: "rooms", days: 7 }, AT, "Asia/Shanghai")).toEqual({
      kind: "rooms",
      args: { period: { from: "2026-11-14", to: "2026-11-20" } },
      span: { from: "2026-11-14", to: "2026-11-20" },
    });
    const plans = (zone: string) => ALL_SECTIONS.map((section) => planSection(section, AT, zone)).map((p) => [p.kind, p.args, p.span]);
    expect(plans("Asia/Shanghai")).toEqual([
      ["report", { range: { from: "2026-11-14", to: "2026-11-20" } }, { from: "2026-11-14", to: "2026-11-20" }],
      ["rooms", { date: "2026-11-20" }, { from: "2026-11-20", to: "2026-11-20" }],
      // Before 10:00 the latest day with data is three days back.
      ["pushstats", { cycle: "day", date: "2026-11-18" }, { from: "2026-11-18", to: "2026-11-18" }],
      ["meeting", { kind: "number", meetingNo: "123456789", range: { from: "2026-11-15", to: "2026-11-21" } }, { from: "2026-11-15", to: "2026-11-21" }],
    ]);
    expect(plans("America/New_York")).toEqual([
      ["report", { range: { from: "2026-11-13", to: "2026-11-19" } }, { from: "2026-11-13", to: "2026-11-19" }],
      ["rooms", { date: "2026-11-19" }, { from: "2026-11-19", to: "2026-11-19" }],
      ["pushstats", { cycle: "day", date: "2026-11-18" }, { from: "2026-11-18", to: "2026-11-18" }],
      ["meeting", { kind: "number", meetingNo: "123456789", range: { from: "2026-11-14", to: "2026-11-20" } }, { from: "2026-11-14", to: "2026-11-20" }],
    ]);
  });

  it("give each open button arguments the target command's own schema accepts", async () => {
    for (const zone of ["Asia/Shanghai", "America/New_York"]) {
      const view = await build(digest(ALL_SECTIONS, zone), stubGateway().gateway);
      expect(view.sections.map((s) => s.open.cmd)).toEqual(["report", "rooms", "pushstats", "meeting"]);
      for (const section of view.sections) {
        const command = findCommand(section.open.cmd);
        expect(command?.name).toBe(section.kind);
        const parsed = command!.args.safeParse(section.open.args);
        expect(parsed.success, `${section.kind}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
        // Nothing is lost or added on the way through the schema: the click asks for what the section ran.
        expect(parsed.data).toEqual(section.open.args);
        expect(section.open.cursor).toBeUndefined();
      }
    }
  });

  it("open the card of what the section summarised", async () => {
    const gateway = dailyGateway({ "2026-11-19": 4, "2026-11-20": 5 });
    const view = await build(digest([{ kind: "report" }, { kind: "pushstats" }]), gateway);
    const ctx = testContext({ deps: testDeps({ gateway, now: () => AT }) });
    const [report, push] = view.sections;
    const reportCard = await runArgs(findCommand(report!.open.cmd)!, report!.open.args, ctx);
    expect(reportCard).toMatchObject({ kind: "report", from: "2026-11-14", to: "2026-11-20", totals: dataOf(view, REPORT).week.totals });
    const pushCard = await runArgs(findCommand(push!.open.cmd)!, push!.open.args, ctx);
    expect(pushCard).toMatchObject({ kind: "pushstats", cycle: "day", start: dataOf(view, PUSH).day });
  });

  it("keeps yesterday's figures, their change on the day before and the week's trend from /report", async () => {
    const view = await build(digest([{ kind: "report" }]), dailyGateway({ "2026-11-14": 2, "2026-11-19": 4, "2026-11-20": 5 }));
    const [section] = view.sections;
    expect(section).toMatchObject({ kind: "report", open: { cmd: "report", args: { range: { from: "2026-11-14", to: "2026-11-20" } } } });
    const data: ReportDigest = dataOf(view, REPORT);
    expect(data).toMatchObject({
      day: "2026-11-20",
      yesterday: { meetings: 5, durationSeconds: 3000, participants: 15 },
      change: { meetings: 0.25, durationSeconds: 0.25, participants: 0.25 },
      week: { from: "2026-11-14", to: "2026-11-20", totals: { meetings: 11, durationSeconds: 6600, participants: 33 } },
    });
    expect(data.trend).toEqual([2, 0, 0, 0, 0, 4, 5].map((meetings, i) => ({ date: `2026-11-${14 + i}`, meetings })));
    expect(view).toMatchObject({ name: "morning", period: "2026-11-21 08:30", timeZone: "Asia/Shanghai" });
  });

  it("has no change when the day before had no meetings", async () => {
    const view = await build(digest([{ kind: "report" }]), stubGateway({ meetingsYesterday: 5 }).gateway);
    expect(dataOf(view, REPORT)).toMatchObject({
      yesterday: { meetings: 5, durationSeconds: 9000, participants: 20 },
      change: { meetings: null, durationSeconds: null, participants: null },
    });
  });

  it("turns a failing section into a short line and keeps the others", async () => {
    const { gateway } = stubGateway({ failReport: true });
    const failures: string[] = [];
    const view = await buildDigestView(digest([{ kind: "report" }, { kind: "pushstats" }]), {
      deps: testDeps({ gateway }),
      at: AT,
      locale: "en",
      late: false,
      preview: false,
      onSectionError: (kind) => failures.push(kind),
    });
    expect(view.sections.map((s) => s.outcome.ok)).toEqual([false, true]);
    expect(view.sections[0]!.outcome).toEqual({ ok: false, error: expect.stringMatching(/^No permission[^.]*\(121005\)$/) });
    // The failed section still opens the full card, which tells the whole story.
    // The digest stays where it is: its buttons answer in its thread, and carry the digest's name for its chats.
    expect(view.sections[0]!.open).toEqual({ cmd: "report", args: { range: { from: "2026-11-14", to: "2026-11-20" } }, opens: "thread", digest: "morning" });
    expect(failures).toEqual(["report"]);
  });

  it("lists a meeting number's latest meetings only when one page holds them all", async () => {
    const briefs = (n: number): MeetingBrief[] =>
      Array.from({ length: n }, (_, i) => ({ id: `69000000000000000${String(i).padStart(2, "0")}`, topic: `Sync ${i}`, url: undefined, meetingNo: "123456789", password: undefined }));
    const detail = (id: string, unmeasured: boolean): MeetingDetail => {
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
        endTime: unmeasured && i === 0 ? undefined : new Date(start + 1800_000),
        host: undefined,
        status: "ended",
        participantCountPeak: 3,
        participantCountAccumulated: 3,
        participants: undefined,
        ability: undefined,
      };
    };
    const meetingGateway = (n: number, unmeasured = false): FeishuGateway => ({
      ...stubGateway().gateway,
      listMeetingsByNo: async (q) => {
        const all = briefs(n);
        const offset = Number(q.pageToken ?? 0);
        const items = all.slice(offset, offset + q.pageSize!);
        const next = offset + items.length;
        return { items, pageToken: next < n ? String(next) : undefined, hasMore: next < n };
      },
      getMeeting: async (id) => detail(id, unmeasured),
    });
    const few = await build(digest([{ kind: "meeting", meetingNo: "123456789" }]), meetingGateway(4));
    const fewData: MeetingDigest = dataOf(few, MEETING);
    expect(fewData).toMatchObject({ count: 4, totalSeconds: 4 * 1800, measured: 4, partlyMeasured: false, timeZone: "Asia/Shanghai" });
    expect(fewData.latest.map((r) => r.topic)).toEqual(["Sync 3", "Sync 2", "Sync 1"].slice(0, MEETING_ROWS));

    const many = await build(digest([{ kind: "meeting", meetingNo: "123456789" }]), meetingGateway(15));
    expect(dataOf(many, MEETING)).toMatchObject({ count: 15, latest: [] });

    // A meeting without an end has no duration: the time covers the others, and the card says so.
    const partly = await build(digest([{ kind: "meeting", meetingNo: "123456789" }]), meetingGateway(4, true));
    expect(dataOf(partly, MEETING)).toMatchObject({ count: 4, measured: 3, totalSeconds: 3 * 1800, partlyMeasured: true });
  });

  it("builds one view for every chat: each chat's render seals its own chat into the same arguments", async () => {
    const view = await build(digest([{ kind: "report" }, { kind: "rooms" }]), stubGateway().gateway);
    expect(JSON.stringify(view)).not.toMatch(/"c(id|t)"/);
    const seal = createButtonSeal({ appSecret: "secret" });
    const values = (chatId: string) => {
      const card = renderView(view, "en", { buttonValues: sealedButtonValues(seal, { chatId, issuedAt: 1 }) });
      return [...JSON.stringify(card).matchAll(/"value":(\{"s":"[^"]+"\})/g)].map((m) => peekSealed(JSON.parse(m[1]!)));
    };
    const [a, b] = [values("oc_a"), values("oc_b")];
    expect(a.map((v) => v?.cid)).toEqual(["oc_a", "oc_a"]);
    expect(b.map((v) => v?.cid)).toEqual(["oc_b", "oc_b"]);
    // Every fact of a button, the digest it is on included, is inside the seal, beside the chat it binds.
    const plain = (v: Record<string, unknown> | undefined) => ({ cmd: v?.cmd, args: v?.args, opens: v?.opens, digest: v?.digest });
    expect(a.map(plain)).toEqual(view.sections.map((s) => s.open));
    expect(b.map(plain)).toEqual(view.sections.map((s) => s.open));
    expect(view.sections.every((s) => s.open.opens === "thread" && s.open.digest === view.name)).toBe(true);
  });
});
