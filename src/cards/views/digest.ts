/** DigestView → the digest card (cards/digest.json): one block per section, in order, each with a button to its full card. */
import type { Locale } from "../../config/types.js";
import type {
  DigestSection,
  DigestView,
  MeetingDigest,
  PushDigest,
  ReportDigest,
  RoomsDigest,
} from "../../commands/digest/views.js";
import { escapeMarkdown, plainText } from "../escape.js";
import { renderTemplate, type Card } from "../render.js";
import { dt, type DigestKey } from "./digest.i18n.js";
import { formatChange, formatCount, formatDuration, formatPercent, formatRatio, formatShortDateTime, NONE } from "../format.js";

/** Longest user-written strings shown, in characters. */
const MAX = { name: 40, room: 30, topic: 50, error: 160 } as const;

interface SectionBlock {
  text: string;
  chart: { title: string; values: Array<{ date: string; meetings: number }> } | null;
  button: string;
  open: unknown;
}

const BUTTONS: Record<DigestSection["kind"], DigestKey> = {
  report: "openReport",
  rooms: "openRooms",
  pushstats: "openPushstats",
  meeting: "openMeeting",
};

export function renderDigest(view: DigestView, locale: Locale): Card {
  const name = plainText(view.name, MAX.name);
  const mark = view.preview
    ? { text: dt(locale, "preview"), color: "neutral" }
    : view.late
      ? { text: dt(locale, "late"), color: "orange" }
      : null;
  const note = view.preview
    ? { text: escapeMarkdown(dt(locale, "previewNote")), color: "grey" }
    : view.late
      ? { text: escapeMarkdown(dt(locale, "lateNote", { period: view.period })), color: "orange" }
      : null;
  return renderTemplate("digest", {
    title: plainText(dt(locale, "title", { name })),
    subtitle: plainText(
      [dt(locale, "subtitle", { period: view.period, zone: view.timeZone }), mark?.text].filter(Boolean).join(" · "),
    ),
    summary: plainText(dt(locale, "summary", { name, period: view.period })),
    mark,
    color: view.late ? "orange" : view.preview ? "grey" : "blue",
    note,
    sections: view.sections.map((section) => block(section, view, locale)),
    footnote: escapeMarkdown(dt(locale, "footnote", { zone: view.timeZone }), 300),
  });
}

function block(section: DigestSection, view: DigestView, locale: Locale): SectionBlock {
  const base = { button: plainText(dt(locale, BUTTONS[section.kind])), open: section.open, chart: null };
  const heading = headingOf(section, locale);
  if (!section.outcome.ok) {
    const error = escapeMarkdown(dt(locale, "failed", { error: section.outcome.error }), MAX.error);
    return { ...base, text: `${heading}\n<font color='red'>${error}</font>` };
  }
  switch (section.kind) {
    case "report":
      return reportBlock(heading, section.outcome.data, locale, base);
    case "rooms":
      return { ...base, text: [heading, ...roomsLines(section.outcome.data, locale)].join("\n") };
    case "pushstats":
      return { ...base, text: [heading, pushLine(section.outcome.data, locale)].join("\n") };
    case "meeting":
      return { ...base, text: [heading, ...meetingLines(section.outcome.data, view, locale)].join("\n") };
  }
}

/** The heading names the days the section is about, which are known even when its data failed. */
function headingOf(section: DigestSection, locale: Locale): string {
  const { from, to } = section.span;
  switch (section.kind) {
    case "report":
      return dt(locale, "reportHeading", { day: to });
    case "rooms":
      return from === to ? dt(locale, "roomsHeading", { day: to }) : dt(locale, "roomsPeriodHeading", { from, to });
    case "pushstats":
      return dt(locale, "pushHeading", { day: to });
    case "meeting":
      return dt(locale, "meetingHeading", { meetingNo: spacedNumber(section.meetingNo), from, to });
  }
}

function reportBlock(heading: string, data: ReportDigest, locale: Locale, base: Omit<SectionBlock, "text">): SectionBlock {
  const diff = data.change?.meetings ?? null;
  const lines = [
    heading,
    dt(locale, "reportYesterday", {
      meetings: formatCount(data.yesterday.meetings, locale),
      change: diff === null ? "" : dt(locale, "reportChange", { change: formatChange(diff, locale) }),
      duration: formatDuration(data.yesterday.durationSeconds, locale),
      participants: formatCount(data.yesterday.participants, locale),
    }),
    dt(locale, "reportWeek", {
      days: formatCount(data.week.days, locale),
      from: data.week.from,
      to: data.week.to,
      meetings: formatCount(data.week.totals.meetings, locale),
      duration: formatDuration(data.week.totals.durationSeconds, locale),
      participants: formatCount(data.week.totals.participants, locale),
    }),
  ];
  return {
    ...base,
    text: lines.join("\n"),
    chart: {
      title: plainText(dt(locale, "reportChart", { days: formatCount(data.week.days, locale) })),
      values: data.trend.map((day) => ({ date: day.date.slice(5), meetings: day.meetings })),
    },
  };
}

function roomsLines(data: RoomsDigest, locale: Locale): string[] {
  if (data.kind === "period") return roomsPeriodLines(data, locale);
  const s = data.summary;
  if (s.reservations === 0) return [dt(locale, "roomsNone")];
  const figures = [
    dt(locale, "roomsCounts", { reservations: formatCount(s.reservations, locale), rooms: formatCount(s.roomsUsed, locale) }),
    s.checkIn.due > 0
      ? dt(locale, "roomsCheckIn", { rate: formatRatio(s.checkIn.checkedIn, s.checkIn.due, locale), checkedIn: formatCount(s.checkIn.checkedIn, locale), due: formatCount(s.checkIn.due, locale) })
      : dt(locale, "roomsCheckInNone"),
    dt(locale, "roomsNoShows", { count: formatCount(s.noShows, locale) }),
    dt(locale, "roomsGivenBack", { duration: formatDuration(s.secondsGivenBack, locale) }),
  ];
  const lines = [figures.join(" · ")];
  if (s.busiestRooms.length > 0) {
    const rooms = s.busiestRooms
      .map((room) => dt(locale, "roomsBusiestRoom", { room: escapeMarkdown(room.room, MAX.room), duration: formatDuration(room.seconds, locale) }))
      .join(dt(locale, "listSep"));
    lines.push(dt(locale, "roomsBusiest", { rooms }));
  }
  if (data.truncated) lines.push(dt(locale, "roomsTruncated", { count: formatCount(s.reservations, locale) }));
  return lines;
}

function roomsPeriodLines(data: Extract<RoomsDigest, { kind: "period" }>, locale: Locale): string[] {
  const t = data.totals;
  if (t.reservations === 0) return [dt(locale, "roomsPeriodNone", { days: formatCount(data.days, locale) })];
  const lines = [
    [
      dt(locale, "roomsUtilisation", { rate: formatRatio(t.bookedSeconds, t.availableSeconds, locale), booked: formatDuration(t.bookedSeconds, locale) }),
      dt(locale, "roomsCounts", { reservations: formatCount(t.reservations, locale), rooms: formatCount(t.roomsUsed, locale) }),
    ].join(" · "),
    [
      t.checkIn.due > 0
        ? dt(locale, "roomsCheckIn", { rate: formatRatio(t.checkIn.checkedIn, t.checkIn.due, locale), checkedIn: formatCount(t.checkIn.checkedIn, locale), due: formatCount(t.checkIn.due, locale) })
        : dt(locale, "roomsCheckInNone"),
      dt(locale, "roomsNoShows", { count: formatCount(t.noShows, locale) }),
      dt(locale, "roomsGivenBack", { duration: formatDuration(t.secondsGivenBack, locale) }),
    ].join(" · "),
  ];
  if (t.roomsUnused > 0) lines.push(dt(locale, "roomsUnused", { count: formatCount(t.roomsUnused, locale) }));
  if (data.truncated) lines.push(dt(locale, "roomsTruncated", { count: formatCount(t.reservations, locale) }));
  return lines;
}

function pushLine(data: PushDigest, locale: Locale): string {
  const r = data.result;
  if (r.kind === "pending") return dt(locale, "pushPending", { availableAt: r.availableAt });
  if (r.kind === "none") return dt(locale, "pushNone");
  return dt(locale, "pushFigures", {
    sent: formatCount(r.sent, locale),
    reached: formatCount(r.reached, locale),
    rate1h: formatPercent(r.rate1h, locale),
    rate12h: formatPercent(r.rate12h, locale),
  });
}

function meetingLines(data: MeetingDigest, view: DigestView, locale: Locale): string[] {
  if (data.count === 0) return [dt(locale, "meetingNone")];
  const duration = formatDuration(data.totalSeconds, locale);
  const count = formatCount(data.count, locale);
  let head = dt(locale, data.countCapped ? "meetingCountCapped" : "meetingCount", { count, duration });
  if (data.partlyMeasured) head += dt(locale, "meetingMeasured", { measured: formatCount(data.measured, locale) });
  const rows = data.latest.map((row) =>
    dt(locale, "meetingRow", {
      start: row.start === undefined ? NONE : formatShortDateTime(row.start, view.timeZone),
      topic: escapeMarkdown(row.topic, MAX.topic) || dt(locale, "noTopic"),
      duration:
        row.status === "in_progress"
          ? dt(locale, "meetingRunning")
          : row.durationSeconds !== undefined
            ? dt(locale, "meetingRowDuration", { duration: formatDuration(row.durationSeconds, locale) })
            : "",
    }),
  );
  return [head, ...rows];
}

/** "123456789" → "123 456 789", as invitations print it. */
function spacedNumber(meetingNo: string): string {
  return /^\d{9}$/.test(meetingNo) ? meetingNo.replace(/(\d{3})(\d{3})(\d{3})/, "$1 $2 $3") : escapeMarkdown(meetingNo, 20);
}
