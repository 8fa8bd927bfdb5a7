/** DigestListView → the /digest card (cards/digest-list.json): each digest's schedule, next run and sections, with a preview button. */
import type { DigestListEntry, DigestListView, DigestNotice, DigestSectionLabel } from "../../commands/digest/views.js";
import type { Locale } from "../../config/types.js";
import { escapeMarkdown, plainText } from "../escape.js";
import { formatCount } from "../format.js";
import { renderTemplate, type Card } from "../render.js";
import { dt } from "./digest.i18n.js";

const MAX = { name: 40, cron: 60, schedule: 100, chat: 80 } as const;

export function renderDigestList(view: DigestListView, locale: Locale): Card {
  const { pager } = view;
  return renderTemplate("digest-list", {
    title: plainText(dt(locale, "listTitle")),
    summary: plainText(dt(locale, "listSummary", { count: formatCount(view.total, locale) })),
    notice: view.notice ? noticeText(view.notice, locale) : null,
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
  const cron = escapeMarkdown(entry.cron, MAX.cron);
  return dt(locale, "listEntry", {
    name: escapeMarkdown(entry.name, MAX.name),
    cron: entry.schedule === undefined ? cron : dt(locale, "listSchedule", { schedule: escapeMarkdown(entry.schedule, MAX.schedule), cron }),
    zone: escapeMarkdown(entry.timeZone),
    paused: entry.paused ? dt(locale, "listPaused") : "",
    origin: dt(locale, entry.origin === "app.yaml" ? "originYaml" : "originChat"),
    next: entry.paused ? dt(locale, "listPausedNext") : (entry.nextRun ?? dt(locale, "listNever")),
    chats: formatCount(entry.chats, locale),
    here: entry.here ? dt(locale, "listHere") : "",
    sections: sectionsText(entry.sections, locale),
  });
}

function sectionsText(sections: readonly DigestSectionLabel[], locale: Locale): string {
  return sections
    .map((s) => {
      if (s.kind === "meeting") return dt(locale, "sectionMeeting", { meetingNo: escapeMarkdown(s.meetingNo ?? "", 20) });
      const section = dt(locale, s.kind === "report" ? "sectionReport" : s.kind === "rooms" ? "sectionRooms" : "sectionPushstats");
      return s.days === undefined ? section : dt(locale, "sectionDays", { section, days: formatCount(s.days, locale) });
    })
    .join(dt(locale, "listSep"));
}

/** What /digest add, pause, resume or remove just did, above the list. */
function noticeText(notice: DigestNotice, locale: Locale): string {
  const name = escapeMarkdown(notice.name, MAX.name);
  switch (notice.kind) {
    case "added":
      return dt(locale, "noticeAdded", {
        name,
        schedule: escapeMarkdown(notice.schedule, MAX.schedule),
        cron: escapeMarkdown(notice.cron, MAX.cron),
        zone: escapeMarkdown(notice.timeZone),
        runs: notice.nextRuns.length === 0 ? dt(locale, "noticeNoRuns") : notice.nextRuns.join(dt(locale, "listSep")),
        chat: escapeMarkdown(notice.chatId, MAX.chat),
        sections: sectionsText(notice.sections, locale),
      });
    case "paused":
      return dt(locale, "noticePaused", { name });
    case "resumed":
      return dt(locale, "noticeResumed", { name, next: notice.nextRun ?? dt(locale, "noticeNoRuns") });
    case "removed":
      return dt(locale, "noticeRemoved", { name });
  }
}
