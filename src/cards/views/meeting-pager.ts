/** The First / Previous / page / Next / Last row shared by the `/meeting` cards, as template context. */
import type { Locale } from "../../config/types.js";
import type { PagerView } from "../../commands/meeting/views.js";
import { escapeMarkdown, plainText } from "../escape.js";
import { tm } from "./meeting.i18n.js";
import { pt } from "./pager.i18n.js";

export interface PagerButton {
  label: string;
  value: unknown;
}

export interface PagerContext {
  first: PagerButton | null;
  prev: PagerButton | null;
  next: PagerButton | null;
  last: PagerButton | null;
  indicator: string;
}

/**
 * Null when everything fits one page: no row of dead buttons. `ends` names the jumps: a list in
 * time order ("time": newest, oldest) or any other ("pages": first, last).
 */
export function pagerContext(pager: PagerView, locale: Locale, ends: "pages" | "time" = "pages"): PagerContext | null {
  if (!pager.prev && !pager.next) return null;
  const indicator =
    pager.pages !== undefined
      ? tm(locale, "pager.pageOf", { page: pager.page, pages: pager.pages })
      : tm(locale, "pager.page", { page: pager.page });
  const button = (value: unknown, label: string): PagerButton | null => (value ? { label: plainText(label), value } : null);
  return {
    first: button(pager.first, pt(locale, ends === "time" ? "newest" : "first")),
    prev: button(pager.prev, tm(locale, "pager.prev")),
    next: button(pager.next, tm(locale, "pager.next")),
    last: button(pager.last, pt(locale, ends === "time" ? "oldest" : "last")),
    indicator: escapeMarkdown(indicator),
  };
}
