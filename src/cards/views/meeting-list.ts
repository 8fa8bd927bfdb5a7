/** MeetingListView → the card of the meetings under one number (cards/meeting-list.json). */
import type { Locale } from "../../config/types.js";
import type { MeetingListView, MeetingRow } from "../../commands/meeting/views.js";
import { escapeMarkdown, plainText } from "../escape.js";
import { renderTemplate, type Card } from "../render.js";
import { formatCount, formatDuration, formatShortDateTime } from "../format.js";
import { tm, type MeetingMessageKey } from "./meeting.i18n.js";
import { pagerContext } from "./meeting-pager.js";
import { rangeSelect } from "./pickers.js";
import { exportButton } from "./export.i18n.js";

/** A topic gets one line in a row; the detail card shows more of it. */
const ROW_TOPIC_MAX = 80;

export function renderMeetingList(view: MeetingListView, locale: Locale): Card {
  const title = plainText(tm(locale, "list.title", { no: spacedMeetingNo(view.meetingNo) }));
  return renderTemplate("meeting-list", {
    picker: view.picker ? rangeSelect(view.picker, locale) : null,
    exportButton: exportButton(view.exportValue, locale),
    title,
    summary: title,
    subtitle: plainText(tm(locale, "list.subtitle", { from: view.fromTime ? `${view.from} ${view.fromTime}` : view.from, to: view.to })),
    stats: statsLine(view, locale),
    partial: partialNote(view, locale),
    empty: escapeMarkdown(tm(locale, "list.empty")),
    rows: view.rows.map((row) => ({
      text: `**${topicText(row.topic, locale)}**\n${rowLine(row, view.timeZone, locale)}`,
      button: plainText(tm(locale, "list.details")),
      value: row.details,
    })),
    pager: pagerContext(view.pager, locale, "time"),
  });
}

/** "455 423 258", the way Feishu shows meeting numbers. */
export function spacedMeetingNo(meetingNo: string): string {
  return /^\d{9}$/.test(meetingNo) ? meetingNo.replace(/^(\d{3})(\d{3})(\d{3})$/, "$1 $2 $3") : meetingNo;
}

function statsLine(view: MeetingListView, locale: Locale): string {
  const { count, countCapped, totalSeconds, averageSeconds, counting } = view.summary;
  if (count === 0) return tm(locale, "list.statsNone");
  const shownCount = countCapped ? tm(locale, "list.countCapped", { count: formatCount(count, locale) }) : formatCount(count, locale);
  const none = tm(locale, "none");
  const pending = tm(locale, "list.counting");
  const stats = tm(locale, "list.stats", {
    count: escapeMarkdown(shownCount),
    total: escapeMarkdown(counting ? pending : averageSeconds === undefined ? none : formatDuration(totalSeconds, locale)),
    average: escapeMarkdown(counting ? pending : averageSeconds === undefined ? none : formatDuration(averageSeconds, locale)),
  });
  // Figures counted when the card was made, over meetings some of which have left the list since.
  return view.countedFrom !== undefined ? tm(locale, "list.statsAsOf", { stats }) : stats;
}

/**
 * What the header's figures cover, when not simply every meeting of the range: still being timed,
 * the count cut short, meetings whose details are gone, or figures that outlived the window.
 */
function partialNote(view: MeetingListView, locale: Locale): string | null {
  const { count, countCapped, measured, counting } = view.summary;
  const notes: string[] = [];
  if (counting) notes.push(tm(locale, "list.countingNote", { count, seconds: counting.seconds }));
  if (countCapped) notes.push(tm(locale, "list.stoppedEarly", { count }));
  if (view.countedFrom !== undefined) notes.push(tm(locale, "list.asOf", { from: view.countedFrom }));
  if (!counting && measured < count) notes.push(tm(locale, "list.partial", { missing: count - measured, measured }));
  return notes.length > 0 ? escapeMarkdown(notes.join(" "), 600) : null;
}

/** An empty (or all-invisible) topic would leave a bare `****`: a placeholder says there is none. */
function topicText(topic: string, locale: Locale): string {
  return escapeMarkdown(topic, ROW_TOPIC_MAX) || escapeMarkdown(tm(locale, "list.noTopic"));
}

function rowLine(row: MeetingRow, timeZone: string, locale: Locale): string {
  const status = tm(locale, `status.${row.status}` as MeetingMessageKey);
  if (row.status === "unavailable") return escapeMarkdown(tm(locale, "list.rowNoDetails", { status }));
  const none = tm(locale, "none");
  return escapeMarkdown(
    tm(locale, "list.row", {
      start: row.start !== undefined ? formatShortDateTime(row.start, timeZone) : none,
      duration: row.durationSeconds !== undefined ? formatDuration(row.durationSeconds, locale) : none,
      peak: row.peak ?? none,
      status,
    }),
    300,
  );
}
