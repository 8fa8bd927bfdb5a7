/** ReportView → the /report card (cards/report.json): summary table, highlights, daily chart, range buttons. */
import type { Locale } from "../../config/types.js";
import type { Change, ReportView } from "../../commands/report/types.js";
import { escapeMarkdown, plainText } from "../escape.js";
import { renderTemplate, type Card } from "../render.js";
import { fill } from "../i18n.js";
import { formatChange, formatCount, formatDecimal, formatDuration } from "../format.js";
import { rangeSelect } from "./pickers.js";
import { REPORT_TEXT, UNITS, WEEKDAYS, type ReportTextKey } from "./report.i18n.js";

/** Up to this many days the trend is drawn as bars; longer ranges read better as a line. */
const BAR_CHART_MAX_DAYS = 14;

export function renderReport(view: ReportView, locale: Locale): Card {
  const text = (key: ReportTextKey, params?: Record<string, string | number>) => fill(REPORT_TEXT[locale][key], params);
  const dates = { from: view.from, to: view.to, days: view.days };
  const changeOf = (c: Change | undefined) => formatChange(c, locale);
  const change = view.previous.available ? view.previous.change : undefined;

  const rows = [
    {
      metric: text("meetings"),
      total: formatCount(view.totals.meetings, locale),
      per_day: formatDecimal(view.perDay.meetings, locale),
      change: changeOf(change?.meetings),
    },
    {
      metric: text("duration"),
      total: formatDuration(view.totals.durationSeconds, locale),
      per_day: formatDuration(view.perDay.durationSeconds, locale),
      change: changeOf(change?.durationSeconds),
    },
    {
      metric: text("participants"),
      total: formatCount(view.totals.participants, locale),
      per_day: formatDecimal(view.perDay.participants, locale),
      change: changeOf(change?.participants),
    },
  ].map((row) => mapValues(row, (cell) => plainText(cell)));

  return renderTemplate("report", {
    picker: view.picker ? rangeSelect(view.picker, locale) : null,
    title: plainText(text("title")),
    subtitle: plainText(text("subtitle", dates)),
    summary: plainText(text("summary", dates)),
    columns: {
      metric: plainText(text("metric")),
      total: plainText(text("total")),
      per_day: plainText(text("perDay")),
      change: plainText(text("change")),
    },
    rows,
    highlights: highlights(view, locale, text),
    previous: escapeMarkdown(previousNote(view, locale, text), 400),
    chart: {
      type: view.days <= BAR_CHART_MAX_DAYS ? "bar" : "line",
      title: plainText(text("chartTitle")),
      values: view.daily.map((day) => ({ date: day.date.slice(5), meetings: day.meetings })),
    },
    shortened: view.shortened
      ? escapeMarkdown(text("shortened", { ...dates, asked: view.shortened.askedDays, lookback: view.shortened.lookbackDays }), 400)
      : null,
    unit: view.unit === undefined || view.unit === 0 ? null : escapeMarkdown(text("unit", { unit: UNITS[locale][view.unit] ?? String(view.unit) })),
    footnote: escapeMarkdown(text("footnote"), 300),
    buttons: view.ranges.map((range) => ({
      label: plainText(text("range", { days: range.days })),
      type: range.current ? "primary_filled" : "default",
      value: range.value,
    })),
  });
}

/** Bold label, escaped value, one line each. */
function highlights(view: ReportView, locale: Locale, text: (key: ReportTextKey, params?: Record<string, string | number>) => string): string {
  if (view.totals.meetings === 0) return escapeMarkdown(text("noMeetings"));
  const line = (label: string, value: string) => `**${escapeMarkdown(label)}** ${escapeMarkdown(value)}`;
  const lines: string[] = [];
  if (view.averageMeetingSeconds !== undefined) {
    lines.push(line(text("averageLength"), formatDuration(view.averageMeetingSeconds, locale)));
  }
  if (view.busiestWeekday) {
    const weekday = WEEKDAYS[locale][view.busiestWeekday.weekday] ?? "";
    lines.push(line(text("busiestWeekday"), text("busiestValue", { weekday, meetings: formatDecimal(view.busiestWeekday.averageMeetings, locale) })));
  }
  return lines.join("\n");
}

function previousNote(view: ReportView, locale: Locale, text: (key: ReportTextKey, params?: Record<string, string | number>) => string): string {
  const p = view.previous;
  if (!p.available && "failed" in p) return text("previousFailed", { from: p.from, to: p.to });
  if (!p.available) return text("previousUnavailable", { from: p.from, to: p.to, oldest: p.oldest, lookback: p.lookbackDays });
  return text("previous", {
    from: p.from,
    to: p.to,
    meetings: formatCount(p.totals.meetings, locale),
    duration: formatDuration(p.totals.durationSeconds, locale),
    participants: formatCount(p.totals.participants, locale),
  });
}

function mapValues<T extends Record<string, string>>(row: T, f: (value: string) => string): T {
  return Object.fromEntries(Object.entries(row).map(([key, value]) => [key, f(value)])) as T;
}
