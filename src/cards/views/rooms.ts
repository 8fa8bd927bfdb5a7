/** RoomsView → the /rooms card (cards/rooms.json): the day's summary, one page of reservations by room, a pager. */
import type { Locale } from "../../config/types.js";
import type { ReservationRow, RoomsSummary, RoomsView } from "../../commands/rooms/view.js";
import type { CheckInStatus, ReleaseKind, ReservationStatus } from "../../feishu/types.js";
import { escapeMarkdown, plainText } from "../escape.js";
import { renderTemplate, type Card } from "../render.js";
import { formatCount, formatDuration, formatRatio } from "../format.js";
import { pt } from "./pager.i18n.js";
import { roomsPickers } from "./pickers.js";
import { rt, type RoomsKey } from "./rooms.i18n.js";
import { exportButton } from "./export.i18n.js";

/** Longest user-written strings shown, in characters: enough to recognise, never a wall of text. */
const MAX = { title: 60, room: 40, person: 24, unknown: 30, filter: 40 } as const;

export function renderRooms(view: RoomsView, locale: Locale): Card {
  const titleKey: RoomsKey = view.relative === "today" ? "titleToday" : view.relative === "yesterday" ? "titleYesterday" : "title";
  const subtitle = [
    view.asOf ? rt(locale, "asOf", { time: view.asOf }) : undefined,
    view.filter !== undefined ? rt(locale, "filter", { filter: plainText(view.filter, MAX.filter) }) : undefined,
  ].filter((part): part is string => part !== undefined);
  const pages = view.pager.pages;
  return renderTemplate("rooms", {
    pickers: view.picker ? roomsPickers(view.picker, view.date, view.filter, locale) : null,
    exportButton: exportButton(view.exportValue, locale),
    title: plainText(rt(locale, titleKey, { date: view.date })),
    subtitle: subtitle.length > 0 ? plainText(subtitle.join(" · ")) : null,
    summary: plainText(rt(locale, "summaryLine", { date: view.date, count: view.total })),
    overview: overview(view.summary, locale),
    truncated: view.truncated ? escapeMarkdown(rt(locale, "truncated", { count: view.total })) : null,
    heading: view.total > 0 ? rt(locale, "details", { page: view.pager.page, pages, total: view.total }) : null,
    empty: view.total === 0 ? emptyText(view, locale) : null,
    groups: view.groups.map((group) =>
      [`**${escapeMarkdown(group.room, MAX.room)}**`, ...group.rows.map((row) => rowLine(row, locale))].join("\n"),
    ),
    pager:
      pages > 1
        ? {
            first: view.pager.first ? { label: pt(locale, "first"), value: view.pager.first } : null,
            prev: view.pager.prev ? { label: rt(locale, "prev"), value: view.pager.prev } : null,
            next: view.pager.next ? { label: rt(locale, "next"), value: view.pager.next } : null,
            last: view.pager.last ? { label: pt(locale, "last"), value: view.pager.last } : null,
            indicator: rt(locale, "page", { page: view.pager.page, pages }),
          }
        : null,
  });
}

function overview(s: RoomsSummary, locale: Locale): string {
  const lines = [
    rt(locale, "overview"),
    rt(locale, "counts", { reservations: formatCount(s.reservations, locale), rooms: formatCount(s.roomsUsed, locale) }),
    groupsLine(s, locale),
    s.checkIn.due > 0
      ? rt(locale, "checkInRate", {
          rate: formatRatio(s.checkIn.checkedIn, s.checkIn.due, locale),
          checkedIn: formatCount(s.checkIn.checkedIn, locale),
          due: formatCount(s.checkIn.due, locale),
        })
      : rt(locale, "checkInNone"),
    rt(locale, "released", { count: formatCount(s.releasedEarly, locale), duration: formatDuration(s.secondsGivenBack, locale) }),
    s.invitations.invited > 0
      ? rt(locale, "invitations", {
          accepted: formatCount(s.invitations.accepted, locale),
          invited: formatCount(s.invitations.invited, locale),
          rate: formatRatio(s.invitations.accepted, s.invitations.invited, locale),
        })
      : rt(locale, "invitationsNone"),
  ];
  if (s.busiestRooms.length > 0) {
    const rooms = s.busiestRooms
      .map((room) => rt(locale, "busiestRoom", { room: escapeMarkdown(room.room, MAX.room), duration: formatDuration(room.seconds, locale) }))
      .join(rt(locale, "listSep"));
    lines.push(rt(locale, "busiest", { rooms }));
  }
  return lines.join("\n");
}

/**
 * The reservations split into groups that add up to the count above: checked in and no-shows always
 * shown, the rest only when there are any.
 */
function groupsLine(s: RoomsSummary, locale: Locale): string {
  const groups: Array<[RoomsKey, number, boolean]> = [
    ["group.checkedIn", s.checkIn.checkedIn, true],
    ["group.noShows", s.noShows, true],
    ["group.missed", s.missed, false],
    ["group.notYetDue", s.notYetDue, false],
    ["group.noCheckIn", s.noCheckIn, false],
    ["group.approving", s.approving, false],
  ];
  const parts = groups
    .filter(([, count, always]) => always || count > 0)
    .map(([key, count]) => rt(locale, key, { count: formatCount(count, locale) }));
  return rt(locale, "groups", { groups: parts.join(rt(locale, "groupSep")) });
}

function emptyText(view: RoomsView, locale: Locale): string {
  if (view.filter !== undefined) return rt(locale, "emptyFilter", { filter: escapeMarkdown(view.filter, MAX.filter) });
  return rt(locale, view.relative === "today" ? "emptyToday" : "empty");
}

/** "09:00–10:00 title · reserver · accepted 3/5 · checked in 09:02 · released by hand 09:40 by X". */
function rowLine(row: ReservationRow, locale: Locale): string {
  const parts = [
    `${row.start ?? "?"}–${row.end ?? "?"} ${row.title.trim() === "" ? rt(locale, "noTitle") : escapeMarkdown(row.title, MAX.title)}`,
  ];
  if (row.reserver.trim() !== "") parts.push(escapeMarkdown(row.reserver, MAX.person));
  if (row.guests !== undefined && row.accepted !== undefined) {
    parts.push(rt(locale, "guests", { accepted: row.accepted, guests: row.guests }));
  } else if (row.guests !== undefined) {
    parts.push(rt(locale, "guestsOnly", { guests: row.guests }));
  }
  const status = statusText(row.status, locale);
  if (status) parts.push(status);
  const checkIn = checkInText(row.checkIn, row.checkInTime, locale);
  if (checkIn) parts.push(checkIn);
  const release = releaseText(row, locale);
  if (release) parts.push(release);
  return parts.join(" · ");
}

/** Only what the rest of the row does not already say: approval pending, or a value nobody knows. */
function statusText(status: ReservationStatus, locale: Locale): string | undefined {
  if (status.kind === "approving") return rt(locale, "status.approving");
  if (status.kind === "unknown") return raw(status.raw);
  return undefined;
}

function checkInText(status: CheckInStatus | undefined, time: string | undefined, locale: Locale): string | undefined {
  if (!status) return undefined;
  if (status.kind === "unknown") return raw(status.raw);
  const label = rt(locale, `checkIn.${status.kind}`);
  if (status.kind === "checked_in") return `<font color='green'>${label}${time ? ` ${time}` : ""}</font>`;
  if (status.kind === "missed") return `<font color='red'>${label}</font>`;
  return label;
}

function releaseText(row: ReservationRow, locale: Locale): string | undefined {
  const release: ReleaseKind = row.release;
  if (release.kind === "not_released") return undefined;
  const label = release.kind === "unknown" ? raw(release.raw) : rt(locale, `release.${release.kind}`);
  const time = row.releaseTime ? ` ${row.releaseTime}` : "";
  const by = row.releasedBy ? rt(locale, "releasedBy", { person: escapeMarkdown(row.releasedBy, MAX.person) }) : "";
  return `${label}${time}${by}`;
}

/** A display value the normaliser did not recognise: shown as Feishu sent it, escaped. */
function raw(text: string): string {
  return escapeMarkdown(text, MAX.unknown);
}
