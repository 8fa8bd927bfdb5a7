import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readIsoDay, type DayRange } from "../../src/commands/args/dates.js";
import { buildReportView, type ReportInput } from "../../src/commands/report/build.js";
import type { ReportView } from "../../src/commands/report/types.js";
import { cardToText, checkCardBudget, renderView } from "../../src/cards/index.js";
import type { DailyReport } from "../../src/feishu/types.js";
import { checkCard } from "../../src/sandbox/emulator/messaging/card-validator.js";
import { readGolden } from "./golden.js";
import { activeConstructs } from "./markdown-checker.js";

const TZ = "Asia/Shanghai";
const DAY_MS = 86_400_000;

function range(from: string, days: number): DayRange {
  const to = new Date(Date.parse(`${from}T00:00:00Z`) + (days - 1) * DAY_MS).toISOString().slice(0, 10);
  return { from: readIsoDay(from, TZ)!, to: readIsoDay(to, TZ)!, days };
}

/** A deterministic report: meetings rise through the week and dip at weekends. */
function fixedReport(from: string, days: number, scale = 1): DailyReport {
  const list = Array.from({ length: days }, (_, i) => {
    const date = new Date(Date.parse(`${from}T00:00:00+08:00`) + i * DAY_MS);
    const weekday = new Date(Date.parse(`${from}T00:00:00Z`) + i * DAY_MS).getUTCDay();
    const meetingCount = Math.round((weekday === 0 || weekday === 6 ? 12 : 80 + weekday * 9) * scale);
    return { date, meetingCount, meetingDurationSeconds: meetingCount * 2_340, participantCount: meetingCount * 6 };
  });
  return {
    totalMeetingCount: list.reduce((a, d) => a + d.meetingCount, 0),
    totalMeetingDurationSeconds: list.reduce((a, d) => a + d.meetingDurationSeconds, 0),
    totalParticipantCount: list.reduce((a, d) => a + d.participantCount, 0),
    days: list,
  };
}

function weekInput(): ReportInput {
  return {
    range: range("2024-06-05", 7),
    yesterday: "2024-06-11",
    unit: 0,
    timeZone: TZ,
    current: fixedReport("2024-06-05", 7),
    previous: { range: range("2024-05-29", 7), report: fixedReport("2024-05-29", 7, 0.9) },
  };
}

function weekView(): ReportView {
  return buildReportView(weekInput());
}

function monthWithoutPrevious(): ReportView {
  return buildReportView({
    range: range("2024-03-14", 30),
    yesterday: "2024-06-11",
    unit: 3,
    timeZone: TZ,
    current: fixedReport("2024-03-14", 30),
    previous: { range: range("2024-02-13", 30), unavailable: true, oldest: "2024-03-14", lookbackDays: 90 },
  });
}

type Element = Record<string, unknown> & { tag: string };
const elements = (card: Record<string, unknown>) => (card.body as { elements: Element[] }).elements;
function findButtons(node: unknown): Element[] {
  if (Array.isArray(node)) return node.flatMap(findButtons);
  if (typeof node !== "object" || node === null) return [];
  const element = node as Element;
  return element.tag === "button" ? [element] : Object.values(element).flatMap(findButtons);
}
const markdowns = (card: Record<string, unknown>) => elements(card).filter((e) => e.tag === "markdown").map((e) => String(e.content));

describe("report card", () => {
  it.each([
    ["report.zh", weekView, "zh"],
    ["report.en", weekView, "en"],
    ["report-no-previous.en", monthWithoutPrevious, "en"],
  ] as const)("matches golden/%s.json", (golden, view, locale) => {
    const card = renderView(view(), locale);
    expect(card).toEqual(readGolden(golden, card));
  });

  it("says when 90d was shortened to the whole days Feishu still serves, and keeps the 90-day button lit", () => {
    const view = buildReportView({
      range: range("2024-03-15", 89),
      shortened: { askedDays: 90, lookbackDays: 90 },
      yesterday: "2024-06-11",
      unit: 0,
      timeZone: TZ,
        current: fixedReport("2024-03-15", 89),
      previous: { range: range("2023-12-17", 89), unavailable: true, oldest: "2024-03-15", lookbackDays: 90 },
    });
    const card = renderView(view, "zh");
    expect(checkCard(card).ok).toBe(true);
    const text = cardToText(card);
    expect(text).toContain("2024-03-15 至 2024-06-11（89 天）");
    expect(text).toContain("飞书只保留从此刻往前 90 × 24 小时的数据，2024-03-15 是其中最早的完整一天，所以“90 天”只能显示 89 天");
    expect(cardToText(renderView(view, "en"))).toContain('so "90 days" shows 89 days (2024-03-15 to 2024-06-11)');
    const lit = findButtons(card).filter((b) => b.type === "primary_filled");
    expect(lit.map((b) => (b.text as { content: string }).content)).toEqual(["90 天"]);
    // Nothing is said when nothing was shortened.
    expect(cardToText(renderView(weekView(), "zh"))).not.toContain("24 小时");
  });

  it("says the comparison was dropped when the previous period could not be fetched", () => {
    const view = buildReportView({ ...weekInput(), previous: { range: range("2024-05-29", 7), failed: true } });
    const card = renderView(view, "zh");
    expect(checkCard(card).ok).toBe(true);
    const text = cardToText(card);
    expect(text).toContain("上一周期（2024-05-29 至 2024-06-04）的数据这次没能取到，暂不对比");
    const table = elements(card).find((e) => e.tag === "table")!.rows as Array<{ change: string }>;
    expect(table.map((r) => r.change)).toEqual(["—", "—", "—"]);
    expect(cardToText(renderView(view, "en"))).toContain("could not be fetched this time");
  });

  it("is a valid JSON 2.0 card with a shared config and a summary table", () => {
    const card = renderView(weekView(), "zh");
    expect(checkCard(card)).toMatchObject({ ok: true, parsed: { schema: "2.0", updateMulti: true } });
    const table = elements(card).find((e) => e.tag === "table")!;
    expect(table.rows).toEqual([
      // 559 meetings over 7 days against 503 the week before (worked out by hand from fixedReport).
      { metric: "会议数", total: "559", per_day: "79.9", change: "+11.1%" },
      { metric: "会议时长", total: "363小时21分", per_day: "51小时54分", change: "+11.1%" },
      { metric: "参会人次", total: "3,354", per_day: "479.1", change: "+11.1%" },
    ]);
  });

  it("draws the daily trend with the documented chart spec: bars for a week, a line for a month", () => {
    const chartOf = (view: ReportView) => elements(renderView(view, "en")).find((e) => e.tag === "chart")!;
    const week = chartOf(weekView());
    expect(week).toEqual({
      tag: "chart",
      aspect_ratio: "2:1",
      chart_spec: {
        type: "bar",
        title: { text: "Meetings per day" },
        data: { values: weekView().daily.map((d) => ({ date: d.date.slice(5), meetings: d.meetings })) },
        xField: "date",
        yField: "meetings",
      },
    });
    const month = chartOf(monthWithoutPrevious()).chart_spec as { type: string; data: { values: unknown[] } };
    expect(month.type).toBe("line");
    expect(month.data.values).toHaveLength(30);
  });

  it("reads as text in both languages: totals, averages, busiest weekday, previous period", () => {
    const zh = cardToText(renderView(weekView(), "zh"));
    expect(zh).toContain("【会议使用报告】");
    expect(zh).toContain("2024-06-05 至 2024-06-11（7 天）");
    expect(zh).toContain("平均每场会议** 39分钟");
    expect(zh).toContain("最忙的是** 周五（平均 125.0 场会议）");
    expect(zh).toContain("上一周期：2024-05-29 至 2024-06-04");
    const en = cardToText(renderView(monthWithoutPrevious(), "en"));
    expect(en).toContain("beyond Feishu's 90-day look-back (from 2024-03-14)");
    expect(en).toContain("Data residency: Japan");
    expect(en).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it("puts no markdown construct into the card except its own bold labels", () => {
    for (const content of [...markdowns(renderView(weekView(), "zh")), ...markdowns(renderView(monthWithoutPrevious(), "en"))]) {
      for (const line of content.split("\n")) expect(activeConstructs(line.replace(/^\*\*([^*]+)\*\* /, "$1 "))).toEqual([]);
    }
  });

  it("offers the 7/30/90-day ranges as callback buttons carrying the command, with the current one filled", () => {
    const buttons = findButtons(renderView(weekView(), "zh"));
    expect(buttons.map((b) => [b.text, b.type, b.behaviors])).toEqual([
      [{ tag: "plain_text", content: "7 天" }, "primary_filled", [{ type: "callback", value: { cmd: "report", args: { range: { days: 7 } } } }]],
      [{ tag: "plain_text", content: "30 天" }, "default", [{ type: "callback", value: { cmd: "report", args: { range: { days: 30 } } } }]],
      [{ tag: "plain_text", content: "90 天" }, "default", [{ type: "callback", value: { cmd: "report", args: { range: { days: 90 } } } }]],
    ]);
  });

  const figures = fc.record({
    meetings: fc.nat({ max: Number.MAX_SAFE_INTEGER }),
    durationSeconds: fc.nat({ max: Number.MAX_SAFE_INTEGER }),
    participants: fc.nat({ max: Number.MAX_SAFE_INTEGER }),
  });
  const change = fc.option(fc.double({ min: -1, max: 1e9, noNaN: true }), { nil: null });
  const reportViews: fc.Arbitrary<ReportView> = fc.integer({ min: 1, max: 90 }).chain((days) =>
    fc.record({
      kind: fc.constant("report" as const),
      from: fc.constant("2024-03-14"),
      to: fc.constant("2024-06-11"),
      days: fc.constant(days),
      unit: fc.constantFrom(0 as const, 1 as const, 2 as const, 3 as const),
      totals: figures,
      perDay: figures,
      averageMeetingSeconds: fc.option(fc.double({ min: 0, max: 1e15, noNaN: true }), { nil: undefined }),
      previous: fc.oneof(
        fc.record({
          available: fc.constant(true as const),
          from: fc.constant("2023-12-15"),
          to: fc.constant("2024-03-13"),
          totals: figures,
          change: fc.record({ meetings: change, durationSeconds: change, participants: change }),
        }),
        fc.record({
          available: fc.constant(false as const),
          from: fc.constant("2023-12-15"),
          to: fc.constant("2024-03-13"),
          oldest: fc.constant("2024-03-14"),
          lookbackDays: fc.integer({ min: 1, max: 90 }),
        }),
        fc.record({
          available: fc.constant(false as const),
          failed: fc.constant(true as const),
          from: fc.constant("2023-12-15"),
          to: fc.constant("2024-03-13"),
        }),
      ),
      daily: fc.array(
        fc.record({
          date: fc.constant("2024-06-11"),
          weekday: fc.integer({ min: 0, max: 6 }),
          meetings: fc.nat({ max: Number.MAX_SAFE_INTEGER }),
          durationSeconds: fc.nat({ max: Number.MAX_SAFE_INTEGER }),
          participants: fc.nat({ max: Number.MAX_SAFE_INTEGER }),
        }),
        { minLength: days, maxLength: days },
      ),
      busiestWeekday: fc.option(fc.record({ weekday: fc.integer({ min: 0, max: 6 }), averageMeetings: fc.double({ min: 0, max: 1e15, noNaN: true }) }), {
        nil: undefined,
      }),
      ranges: fc.constant(weekView().ranges),
    }),
  );

  it("stays under 30 KB and 200 elements and passes the 2.0 checks for any report up to 90 days", () => {
    let largest = { bytes: 0, elements: 0 };
    fc.assert(
      fc.property(reportViews, fc.constantFrom("zh" as const, "en" as const), (view, locale) => {
        const card = renderView(view, locale);
        const size = checkCardBudget(card);
        if (size.bytes > largest.bytes) largest = size;
        expect(checkCard(card).ok).toBe(true);
      }),
      { numRuns: 200 },
    );
    expect(largest.bytes).toBeGreaterThan(0);
    console.info(`largest /report card in the property test: ${largest.bytes} bytes, ${largest.elements} elements`);
  });
});
