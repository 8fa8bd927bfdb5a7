/**
 * RoomsPeriodView → the /rooms period card (cards/rooms-period.json): the period's overview, a table
 * of rooms by utilisation, the rooms nobody booked, a weekday × hour heatmap (a VChart heatmap in a
 * `chart` element), repeat no-show bookers for admins, and the Export button. While days are still
 * arriving the card says how many are in.
 */
import type { Locale } from "../../config/types.js";
import type { RoomsPeriodView } from "../../commands/rooms/period-view.js";
import { escapeMarkdown, plainText } from "../escape.js";
import { formatCount, formatDuration, formatRatio } from "../format.js";
import { renderTemplate, type Card } from "../render.js";
import { exportButton } from "./export.i18n.js";
import { rangeSelect } from "./pickers.js";
import { PERIOD_WEEKDAYS, rpt } from "./rooms-period.i18n.js";

/** Longest user-written strings shown, in characters. */
const MAX = { room: 40, person: 24, filter: 40 } as const;

export function renderRoomsPeriod(view: RoomsPeriodView, locale: Locale): Card {
  const t = (key: Parameters<typeof rpt>[1], params?: Record<string, string | number>) => rpt(locale, key, params);
  const count = (n: number) => formatCount(n, locale);
  const subtitle = [
    t("subtitleDays", { days: view.days }),
    view.asOf !== undefined ? t("asOf", { time: view.asOf }) : undefined,
    view.filter !== undefined ? t("filter", { filter: plainText(view.filter, MAX.filter) }) : undefined,
  ].filter((part): part is string => part !== undefined);
  const s = view.totals;
  const overview = [
    t("overview"),
    t("rooms", { rooms: count(s.rooms), used: count(s.roomsUsed), reservations: count(s.reservations) }),
    t("utilisation", {
      rate: formatRatio(s.bookedSeconds, s.availableSeconds, locale),
      booked: formatDuration(s.bookedSeconds, locale),
      available: formatDuration(s.availableSeconds, locale),
    }),
    t("checkIn", {
      rate: formatRatio(s.checkIn.checkedIn, s.checkIn.due, locale),
      noShowRate: formatRatio(s.noShows, s.checkIn.due, locale),
      noShows: count(s.noShows),
    }),
    t("released", { count: count(s.releasedEarly), duration: formatDuration(s.secondsGivenBack, locale) }),
  ].join("\n");
  const weekdays = PERIOD_WEEKDAYS[locale];
  const hasHeat = view.heatmap.cells.some((cell) => cell.hours > 0);
  return renderTemplate("rooms-period", {
    title: plainText(t("title", { from: view.from, to: view.to })),
    subtitle: plainText(subtitle.join(" · ")),
    summary: plainText(t("summaryLine", { from: view.from, to: view.to })),
    progress: view.progress ? escapeMarkdown(t("progress", { loaded: view.progress.loaded, total: view.progress.total })) : null,
    overview,
    truncated: view.truncated ? escapeMarkdown(t("truncated")) : null,
    roomsHeading: t("roomsHeading"),
    columns: {
      room: plainText(t("column.room")),
      utilisation: plainText(t("column.utilisation")),
      booked: plainText(t("column.booked")),
      checkIn: plainText(t("column.checkIn")),
      noShow: plainText(t("column.noShow")),
      givenBack: plainText(t("column.givenBack")),
    },
    rows:
      view.rooms.length > 0
        ? view.rooms.map((room) => ({
            room: plainText(room.room, MAX.room),
            utilisation: formatRatio(room.bookedSeconds, room.availableSeconds, locale),
            booked: formatDuration(room.bookedSeconds, locale),
            check_in: formatRatio(room.checkIn.checkedIn, room.checkIn.due, locale),
            no_show: formatRatio(room.noShows, room.checkIn.due, locale),
            given_back: formatDuration(room.secondsGivenBack, locale),
          }))
        : null,
    moreRooms: view.moreRooms > 0 ? escapeMarkdown(t("moreRooms", { count: view.moreRooms })) : null,
    unused: unusedLine(view, locale),
    chart: hasHeat
      ? {
          title: plainText(t("chartTitle")),
          hourAxis: plainText(t("hourAxis")),
          values: view.heatmap.cells.map((cell) => ({
            hour: String(cell.hour).padStart(2, "0"),
            weekday: weekdays[cell.weekday] ?? String(cell.weekday),
            hours: cell.hours,
          })),
        }
      : null,
    bookers: bookersLine(view, locale),
    footnote: escapeMarkdown(
      t("footnote", {
        days: view.workingHours.weekdays.map((d) => weekdays[d] ?? String(d)).join(t("weekdaySep")),
        start: view.workingHours.start,
        end: view.workingHours.end,
      }),
    ),
    exportButton: exportButton(view.exportAction, locale),
    picker: view.picker ? rangeSelect(view.picker, locale) : null,
  });
}

function unusedLine(view: RoomsPeriodView, locale: Locale): string | null {
  if (view.progress) return null;
  const total = view.totals.roomsUnused;
  if (total === 0) return rpt(locale, "unusedNone");
  const names = view.unused.map((room) => escapeMarkdown(room, MAX.room)).join(rpt(locale, "listSep"));
  const more = view.moreUnused > 0 ? rpt(locale, "unusedMore", { count: view.moreUnused }) : "";
  return rpt(locale, "unused", { count: formatCount(total, locale), rooms: `${names}${more}` });
}

function bookersLine(view: RoomsPeriodView, locale: Locale): string | null {
  if (view.noShowBookers === undefined || view.progress) return null;
  if (view.noShowBookers.length === 0) return rpt(locale, "bookersNone");
  const people = view.noShowBookers
    .map((b) => rpt(locale, "booker", { name: escapeMarkdown(b.name, MAX.person), noShows: b.noShows, reservations: b.reservations }))
    .join(rpt(locale, "listSep"));
  const more = view.moreNoShowBookers ? rpt(locale, "bookersMore", { count: view.moreNoShowBookers }) : "";
  return rpt(locale, "bookers", { people: `${people}${more}` });
}
