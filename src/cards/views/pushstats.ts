/**
 * PushStatsView → the /pushstats card: the metrics and read rates (cards/pushstats.json), or, for a
 * period with no data yet, when it will be available (cards/pushstats-pending.json).
 */
import type { Locale } from "../../config/types.js";
import type { PushMetrics, PushStatsView } from "../../commands/pushstats/types.js";
import type { ButtonAction } from "../../commands/actions.js";
import { escapeMarkdown, plainText } from "../escape.js";
import { renderTemplate, type Card } from "../render.js";
import { fill } from "../i18n.js";
import { formatCount, formatDecimal, formatPercent } from "../format.js";
import { renderDepartmentLookup } from "./pushstats-department.js";
import { PUSH_TEXT, type PushTextKey } from "./pushstats.i18n.js";

type Text = (key: PushTextKey, params?: Record<string, string | number>) => string;

const NO_METRICS: PushMetrics = {
  sentMessages: 0,
  reachedUsers: 0,
  readWithin1h: 0,
  readWithin12h: 0,
  rate1h: undefined,
  rate12h: undefined,
  perUser: undefined,
};

interface ButtonContext {
  label: string;
  type: string;
  value: ButtonAction;
}

export function renderPushStats(view: PushStatsView, locale: Locale): Card {
  if (view.result.kind === "department") return renderDepartmentLookup(view, view.result.lookup, locale);
  const text: Text = (key, params) => fill(PUSH_TEXT[locale][key], params);
  const period = text(`period.${view.cycle}`, { start: view.start, end: view.end, month: view.start.slice(0, 7) });
  const notes = noteLines(view, text).map((line) => escapeMarkdown(line, 300));
  const switches: ButtonContext[] = view.nav.cycles.map((c) => ({
    label: plainText(text(`switch.${c.cycle}`)),
    type: c.current ? "primary_filled" : "default",
    value: c.value,
  }));

  if (view.result.kind === "pending") {
    const latest = view.nav.latest;
    return renderTemplate("pushstats-pending", {
      title: plainText(text("pendingTitle")),
      subtitle: plainText(period),
      summary: plainText(text("summary", { period })),
      pending: escapeMarkdown(
        text("pending", { period, availableAt: view.result.availableAt, timeZone: view.timeZone, hour: view.readyHour }),
        400,
      ),
      latest: escapeMarkdown(text("latest", { latest: view.latest })),
      notes,
      buttons: [...(latest ? [{ label: plainText(text(`latest.${view.cycle}`)), type: "primary", value: latest }] : []), ...switches],
    });
  }

  // No pushes (211011 for a period whose data is due): the same card, every figure zero.
  const m = view.result.kind === "data" ? view.result.metrics : NO_METRICS;
    const rows = [
    { metric: text("sent"), value: formatCount(m.sentMessages, locale), rate: text("none") },
    { metric: text("reached"), value: formatCount(m.reachedUsers, locale), rate: text("none") },
    { metric: text("read1h"), value: formatCount(m.readWithin1h, locale), rate: formatPercent(m.rate1h, locale) },
    { metric: text("read12h"), value: formatCount(m.readWithin12h, locale), rate: formatPercent(m.rate12h, locale) },
  ].map((row) => ({ metric: plainText(row.metric), value: plainText(row.value), rate: plainText(row.rate) }));
  const nav: ButtonContext[] = [
    { label: plainText(text(`prev.${view.cycle}`)), type: "default", value: view.nav.prev },
    ...(view.nav.next ? [{ label: plainText(text(`next.${view.cycle}`)), type: "default", value: view.nav.next }] : []),
  ];
  return renderTemplate("pushstats", {
    title: plainText(text("title")),
    subtitle: plainText(period),
    summary: plainText(text("summary", { period })),
    notes,
    columns: { metric: plainText(text("metric")), value: plainText(text("value")), rate: plainText(text("rate")) },
    rows,
    perUser:
      m.perUser === undefined
        ? null
        : `**${escapeMarkdown(text("perUser"))}** ${escapeMarkdown(text("perUserValue", { perUser: formatDecimal(m.perUser, locale) }))}`,
    rateNote: escapeMarkdown(text("rateNote"), 400),
    buttons: [...nav, ...switches],
  });
}

/** The department by name when Feishu gave it; else its id, and why there is no name. */
function departmentLine(department: NonNullable<PushStatsView["department"]>, text: Text): string {
  if (department.name) return text("scopeDepartmentNamed", { name: department.name, id: department.id });
  const line = text("scopeDepartment", { id: department.id });
  if (department.nameMissing === "scope") return `${line} ${text("departmentNoScope", { scope: DEPARTMENT_SCOPE })}`;
  if (department.nameMissing === "unknown") return `${line} ${text("departmentUnknown")}`;
  return line;
}

/** The contact scope that lets the bot read a department's name (contact-v3/department/get). */
const DEPARTMENT_SCOPE = "contact:department.base:readonly";

/** Scope first, then why this period is shown (moved, defaulted) and whether it is complete. */
function noteLines(view: PushStatsView, text: Text): string[] {
  const lines = [view.department ? departmentLine(view.department, text) : text("scopeTenant")];
  if (view.movedFrom !== undefined && view.cycle !== "day") {
    lines.push(text(`moved.${view.cycle}`, { date: view.movedFrom, start: view.start }));
  }
  const shown = view.result.kind !== "pending";
  if (view.defaulted && shown) lines.push(text(`defaulted.${view.cycle}`, { latest: view.latest }));
  if (shown && view.cycle !== "day" && view.dataThrough < view.end) {
    lines.push(text(`partial.${view.cycle}`, { through: view.dataThrough }));
  }
  // The latest day may be due but not out yet (Feishu says "usually" 10:00): then "none" may not be final.
  if (view.result.kind === "none") {
    lines.push(view.dataThrough === view.latest ? text("noPushesRecent", { latest: view.latest }) : text("noPushes"));
  }
  return lines;
}
