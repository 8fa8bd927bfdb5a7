/** DigestListView → the /digest card (cards/digest-list.json): each digest's schedule, next run and sections, with a preview button. */
import type { DigestListEntry, DigestListView } from "../../commands/digest/views.js";
import type { Locale } from "../../config/types.js";
import { escapeMarkdown, plainText } from "../escape.js";
import { formatCount } from "../format.js";
import { renderTemplate, type Card } from "../render.js";
import { dt } from "./digest.i18n.js";

const MAX = { name: 40, cron: 60 } as const;

export function renderDigestList(view: DigestListView, locale: Locale): Card {
  const { pager } = view;
  return renderTemplate("digest-list", {
    title: plainText(dt(locale, "listTitle")),
    summary: plainText(dt(locale, "listSummary", { count: formatCount(view.total, locale) })),
    empty: view.total === 0 ? escapeMarkdown(dt(locale, "listEmpty"), 300) : null,
    entries: view.entries.map((entry) => ({
      text: entryText(entry, locale),
      button: plainText(dt(locale, "listPreview", { name: plainText(entry.name, MAX.name) })),
      preview: entry.preview,
    })),
    pager:
      pager.pages > 1
        ? {
            prev: pager.prev ? { label: dt(locale, "prev"), value: pager.prev } : null,
            next: pager.next ? { label: dt(locale, "next"), value: pager.next } : null,
            indicator: dt(locale, "page", { page: pager.page, pages: pager.pages }),
          }
        : null,
    footnote: escapeMarkdown(dt(locale, "listFootnote"), 300),
  });
}

function entryText(entry: DigestListEntry, locale: Locale): string {
  const sections = entry.sections
    .map((s) =>
      s.kind === "meeting"
        ? dt(locale, "sectionMeeting", { meetingNo: escapeMarkdown(s.meetingNo ?? "", 20) })
        : dt(locale, s.kind === "report" ? "sectionReport" : s.kind === "rooms" ? "sectionRooms" : "sectionPushstats"),
    )
    .join(dt(locale, "listSep"));
  return dt(locale, "listEntry", {
    name: escapeMarkdown(entry.name, MAX.name),
    cron: escapeMarkdown(entry.cron, MAX.cron),
    zone: escapeMarkdown(entry.timeZone),
    next: entry.nextRun ?? dt(locale, "listNever"),
    chats: formatCount(entry.chats, locale),
    here: entry.here ? dt(locale, "listHere") : "",
    sections,
  });
}
