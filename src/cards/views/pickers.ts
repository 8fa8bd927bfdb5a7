/**
 * The pickers at the top of the /rooms, /report and /meeting list cards, as template context: a
 * date picker, a room select, a range select (card-v2-date-picker.md, card-v2-select-static.md).
 * Each stands outside a form, so a pick calls back at once with its `option`; its callback value is
 * sealed like a button's (renderView seals every callback behaviour).
 */
import type { Locale } from "../../config/types.js";
import type { RoomsPicker } from "../../commands/rooms/pick.js";
import type { RangePicker } from "../../commands/range-pick.js";
import { escapeMarkdown, plainText } from "../escape.js";
import { pk } from "./pickers.i18n.js";

/** A select_static option; `value` is what the client sends back as the callback's `option`. */
interface SelectOption {
  text: { tag: "plain_text"; content: string };
  value: string;
}

export interface SelectContext {
  value: unknown;
  placeholder: string;
  options: SelectOption[];
  /** The value of the option shown, or null for the placeholder. */
  initial: string | null;
}

export interface RoomsPickersContext {
  date: { value: unknown; placeholder: string; initial: string };
  room: SelectContext;
  /** Said under the pickers when rooms were left off the select. */
  capped: string | null;
}

/** Placeholders fit Feishu's 100 characters. */
const PLACEHOLDER_MAX = 100;

const option = (content: string, value: string): SelectOption => ({ text: { tag: "plain_text", content: plainText(content) }, value });

export function rangeSelect(picker: RangePicker, locale: Locale): SelectContext {
  return {
    value: picker.value,
    placeholder: plainText(pk(locale, "rangePlaceholder"), PLACEHOLDER_MAX),
    options: picker.options.map(({ days, option: value }) => option(pk(locale, "rangeDays", { days }), value)),
    initial: picker.current ?? null,
  };
}

export function roomsPickers(picker: RoomsPicker, date: string, filter: string | undefined, locale: Locale): RoomsPickersContext {
  const shownFilter = filter !== undefined && picker.current === undefined ? filter : undefined;
  return {
    date: { value: picker.date, placeholder: plainText(pk(locale, "datePlaceholder"), PLACEHOLDER_MAX), initial: date },
    room: {
      value: picker.room,
      // A filter that is no one room's whole name shows as the placeholder: the select has no option for it.
      placeholder: plainText(shownFilter !== undefined ? pk(locale, "roomFiltered", { filter: shownFilter }) : pk(locale, "roomPlaceholder"), PLACEHOLDER_MAX),
      options: [option(pk(locale, "allRooms"), picker.allRooms), ...picker.rooms.map((room) => option(room.name, room.option))],
      initial: picker.current ?? null,
    },
    capped: picker.roomsCapped ? escapeMarkdown(pk(locale, "roomsCapped", { count: picker.rooms.length, date })) : null,
  };
}
