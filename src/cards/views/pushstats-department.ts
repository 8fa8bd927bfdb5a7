/**
 * The /pushstats card for a department name that named no one department (cards/pushstats-pending.json):
 * the departments of that name, or the closest names, each a button showing its figures; or why the
 * directory could not be searched by name and which scope to grant. Every way out also says where a
 * department's id is found, which always works.
 */
import type { Locale } from "../../config/types.js";
import type { DepartmentLookup, PushStatsView } from "../../commands/pushstats/types.js";
import { escapeMarkdown, plainText } from "../escape.js";
import { fill } from "../i18n.js";
import { renderTemplate, type Card } from "../render.js";
import { PUSH_TEXT, type PushTextKey } from "./pushstats.i18n.js";

type Text = (key: PushTextKey, params?: Record<string, string | number>) => string;

/** The contact scopes that let the bot list departments and read their names (contact-v3/department/children). */
const ORGANIZE_SCOPE = "contact:department.organize:readonly";
const BASE_SCOPE = "contact:department.base:readonly";
/** Department buttons at most: the card lists the rest in text. */
const MAX_BUTTONS = 5;
const LABEL_MAX = 40;

export function renderDepartmentLookup(view: PushStatsView, lookup: DepartmentLookup, locale: Locale): Card {
  const text: Text = (key, params) => fill(PUSH_TEXT[locale][key], params);
  const period = text(`period.${view.cycle}`, { start: view.start, end: view.end, month: view.start.slice(0, 7) });
  const { name } = lookup;
  const choices = lookup.problem === "several" || lookup.problem === "none" ? lookup.choices : [];
  const title =
    lookup.problem === "several"
      ? text("lookup.several.title", { count: choices.length, name })
      : lookup.problem === "none"
        ? text("lookup.none.title", { name })
        : text("lookup.unavailable.title", { name });
  return renderTemplate("pushstats-pending", {
    title: plainText(title, 80),
    subtitle: plainText(period),
    summary: plainText(title, 80),
    pending: escapeMarkdown(mainLine(lookup, period, text), 400),
    latest: escapeMarkdown(text("findId", { cycle: view.cycle }), 400),
    notes: choices.map((c) => escapeMarkdown(text("lookup.choice", { path: c.path.join(" / "), id: c.id }), 300)),
    buttons: choices.slice(0, MAX_BUTTONS).map((c, i) => ({
      label: plainText(c.path.join(" / "), LABEL_MAX),
      type: i === 0 && lookup.problem === "none" ? "primary" : "default",
      value: c.value,
    })),
  });
}

function mainLine(lookup: DepartmentLookup, period: string, text: Text): string {
  switch (lookup.problem) {
    case "several":
      return text("lookup.several", { period });
    case "none": {
      const none = text("lookup.none", { name: lookup.name });
      const next = lookup.choices.length > 0 ? text("lookup.none.closest", { period }) : text("lookup.none.nothingClose");
      return `${none} ${next}`;
    }
    default:
      return text(`lookup.${lookup.problem}`, { organize: ORGANIZE_SCOPE, base: BASE_SCOPE });
  }
}
