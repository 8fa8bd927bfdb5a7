/** The Previous / page / Next row shared by the `/meeting` cards, as template context. */
import type { Locale } from "../../config/types.js";
import type { PagerView } from "../../commands/meeting/views.js";
import { escapeMarkdown, plainText } from "../escape.js";
import { tm } from "./meeting.i18n.js";

export interface PagerContext {
  prev: { label: string; value: unknown } | null;
  next: { label: string; value: unknown } | null;
  indicator: string;
}

/** Null when everything fits one page: no row of dead buttons. */
export function pagerContext(pager: PagerView, locale: Locale): PagerContext | null {
  if (!pager.prev && !pager.next) return null;
  const indicator =
    pager.pages !== undefined
      ? tm(locale, "pager.pageOf", { page: pager.page, pages: pager.pages })
      : tm(locale, "pager.page", { page: pager.page });
  return {
    prev: pager.prev ? { label: plainText(tm(locale, "pager.prev")), value: pager.prev } : null,
    next: pager.next ? { label: plainText(tm(locale, "pager.next")), value: pager.next } : null,
    indicator: escapeMarkdown(indicator),
  };
}
