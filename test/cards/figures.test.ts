/**
 * The same figure reads the same on every card: the digest's rooms and report sections against the
 * /rooms and /report cards rendered from views with the same numbers.
 */
import { describe, expect, it } from "vitest";
import type { DigestView } from "../../src/commands/digest/views.js";
import type { ReportFigures, ReportView } from "../../src/commands/report/types.js";
import type { RoomsSummary, RoomsView } from "../../src/commands/rooms/view.js";
import { cardToText, renderView } from "../../src/cards/index.js";
import { formatDuration, formatRatio } from "../../src/cards/format.js";
import { buttonAction } from "../../src/commands/actions.js";

const summary: RoomsSummary = {
  reservations: 1234,
  approving: 0,
  roomsUsed: 36,
  checkIn: { checkedIn: 87, due: 118 },
  noShows: 29,
  missed: 2,
  notYetDue: 0,
  noCheckIn: 1116,
  releasedEarly: 10,
  secondsGivenBack: 42_120,
  invitations: { accepted: 10, invited: 20 },
  busiestRooms: [{ room: "21F-01 Orchid", seconds: 7 * 3600, reservations: 6 }],
};

const week: ReportFigures = { meetings: 1181, durationSeconds: 196_860, participants: 12_345 };
const yesterday: ReportFigures = { meetings: 33, durationSeconds: 59, participants: 554 };

function digest(): DigestView {
  return {
    kind: "digest",
    name: "morning",
    period: "2026-11-21 09:00",
    timeZone: "Asia/Shanghai",
    late: false,
    preview: false,
    sections: [
      {
        kind: "report",
        span: { from: "2026-11-14", to: "2026-11-20" },
        open: buttonAction("report", { range: { from: "2026-11-14", to: "2026-11-20" } }),
        outcome: {
          ok: true,
          data: {
            day: "2026-11-20",
            yesterday,
            change: undefined,
            week: { from: "2026-11-14", to: "2026-11-20", days: 7, totals: week },
            trend: [],
          },
        },
      },
      {
        kind: "rooms",
        span: { from: "2026-11-20", to: "2026-11-20" },
        open: buttonAction("rooms", { date: "2026-11-20" }),
        outcome: { ok: true, data: { kind: "day", day: "2026-11-20", truncated: false, summary } },
      },
    ],
  };
}

function rooms(): RoomsView {
  return {
    kind: "rooms",
    date: "2026-11-20",
    summary,
    groups: [],
    offset: 0,
    total: summary.reservations,
    pager: { page: 1, pages: 1 },
    truncated: false,
  };
}

function report(): ReportView {
  return {
    kind: "report",
    from: "2026-11-14",
    to: "2026-11-20",
    days: 7,
    totals: week,
    perDay: { meetings: week.meetings / 7, durationSeconds: week.durationSeconds / 7, participants: week.participants / 7 },
    averageMeetingSeconds: yesterday.durationSeconds,
    previous: { available: false, failed: true, from: "2026-11-07", to: "2026-11-13" },
    daily: [],
    busiestWeekday: undefined,
    ranges: [],
  };
}

describe.each(["zh", "en"] as const)("figures in %s", (locale) => {
  const digestText = cardToText(renderView(digest(), locale));
  const roomsText = cardToText(renderView(rooms(), locale));
  const reportText = cardToText(renderView(report(), locale));

  it("shows the rooms' check-in rate, time given back and busiest room's time alike on the digest and /rooms", () => {
    const figures = [
      formatRatio(87, 118, locale), // 73.7%
      formatDuration(42_120, locale), // 11小时42分
      formatDuration(7 * 3600, locale), // 7小时
      "1,234",
    ];
    expect(figures[0]).toBe("73.7%");
    expect(figures[1]).toBe(locale === "zh" ? "11小时42分" : "11 h 42 min");
    for (const figure of figures) {
      expect(digestText).toContain(figure);
      expect(roomsText).toContain(figure);
    }
  });

  it("shows the week's meetings, time and participants alike on the digest and /report", () => {
    const figures = ["1,181", formatDuration(196_860, locale), "12,345", formatDuration(59, locale)];
    expect(figures[1]).toBe(locale === "zh" ? "54小时41分" : "54 h 41 min");
    expect(figures[3]).toBe(locale === "zh" ? "不到 1 分钟" : "under a minute");
    for (const figure of figures) {
      expect(digestText).toContain(figure);
      expect(reportText).toContain(figure);
    }
  });

  it("names the participation count (get_daily's participant_count, summed over meetings and days) the same on the digest and /report", () => {
    expect(digestText).toContain(locale === "zh" ? "参会 **554** 人次" : "**554** attendances");
    expect(digestText).toContain(locale === "zh" ? "参会 12,345 人次" : "12,345 attendances");
    expect(reportText).toContain(locale === "zh" ? "参会人次" : "Attendances");
    expect(`${digestText}\n${reportText}`.toLowerCase()).not.toMatch(locale === "zh" ? /参会人数|参会 [\d,]+ 人(?!次)/ : /participants/);
  });

  it("has no other style of duration or percentage left on these cards", () => {
    for (const text of [digestText, roomsText, reportText]) {
      // "11 小时 42 分钟", "11.7 小时", "11.7 h", "1h 5m", "74%": the styles the cards used to mix.
      expect(text).not.toMatch(/\d+ 小时 \d+ 分钟|\d+\.\d+ ?(小时|h\b)|\d+h \d+m\b|(?<![\d.])\d+%/);
    }
  });
});
