/**
 * The pickers on a card as the console shows and uses them: a date picker (its day) and a
 * select_static (its options, the chosen one marked). `:pick C.N VALUE` picks on picker N of card C;
 * a select's VALUE is an option's value or its label, a date picker's a day YYYY-MM-DD, sent in
 * Feishu's form "YYYY-MM-DD +hhmm" for the tenant's time zone.
 */
import dayjs from "dayjs";
import timezone from "dayjs/plugin/timezone.js";
import utc from "dayjs/plugin/utc.js";

dayjs.extend(utc);
dayjs.extend(timezone);

export interface PickerOption {
  label: string;
  value: string;
}

export interface Picker {
  kind: "date" | "select";
  /** Its callback value: sent back with the option, as the client does. */
  value: Record<string, unknown>;
  /** The day shown, or the value of the option shown; undefined: the placeholder. */
  current: string | undefined;
  placeholder: string;
  options: PickerOption[];
}

/** Every picker that calls back to the bot, in the order a reader sees them. */
export function cardPickers(card: unknown): Picker[] {
  const found: Picker[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== "object" || node === null) return;
    const record = node as Record<string, unknown>;
    const picker = readPicker(record);
    if (picker) found.push(picker);
    Object.values(record).forEach(visit);
  };
  visit(card);
  return found;
}

function readPicker(record: Record<string, unknown>): Picker | undefined {
  if (record.tag !== "date_picker" && record.tag !== "select_static") return undefined;
  const callback = Array.isArray(record.behaviors)
    ? (record.behaviors as unknown[]).find((b): b is { value: Record<string, unknown> } => typeof b === "object" && b !== null && (b as { type?: unknown }).type === "callback")
    : undefined;
  if (!callback || typeof callback.value !== "object") return undefined;
  const placeholder = String((record.placeholder as { content?: unknown } | undefined)?.content ?? "");
  if (record.tag === "date_picker") {
    return { kind: "date", value: callback.value, current: typeof record.initial_date === "string" ? record.initial_date : undefined, placeholder, options: [] };
  }
  const options = (Array.isArray(record.options) ? (record.options as Array<Record<string, unknown>>) : []).map((o) => ({
    label: String((o.text as { content?: unknown } | undefined)?.content ?? o.value),
    value: String(o.value),
  }));
  return { kind: "select", value: callback.value, current: typeof record.initial_option === "string" ? record.initial_option : undefined, placeholder, options };
}

/** Options listed on a select's line; the rest are counted (a room select may offer 50). */
const LISTED_OPTIONS = 8;

/** One picker as a line under its card: "[2.1] date 2026-11-30" or "[2.2] All rooms ▾ *All rooms* | Room A | … (+40 more)". */
export function pickerLine(number: string, picker: Picker): string {
  if (picker.kind === "date") return `[${number}] date ${picker.current ?? `(${picker.placeholder})`}`;
  const shown = picker.options.find((o) => o.value === picker.current)?.label ?? `(${picker.placeholder})`;
  const listed = picker.options.filter((o, i) => i < LISTED_OPTIONS || o.value === picker.current);
  const more = picker.options.length - listed.length;
  const options = listed.map((o) => (o.value === picker.current ? `*${o.label}*` : o.label)).join(" | ");
  return `[${number}] ${shown} ▾ ${options}${more > 0 ? ` | … (+${more} more)` : ""}`;
}

/**
 * What the client would send for `typed` on `picker`, or why it cannot: a select's option by value
 * or label (case-insensitive), a date picker's day with the tenant's UTC offset.
 */
export function optionFor(picker: Picker, typed: string, timeZone: string): { option: string } | { error: string } {
  if (picker.kind === "date") return dateOption(typed, timeZone);
  const lower = typed.toLowerCase();
  const chosen = picker.options.find((o) => o.value === typed) ?? picker.options.find((o) => o.label.toLowerCase() === lower || o.value.toLowerCase() === lower);
  return chosen ? { option: chosen.value } : { error: `no option "${typed}"; the options are ${picker.options.map((o) => o.label).join(" | ")}` };
}

/** A day as a date picker's option: "YYYY-MM-DD +hhmm", the offset the tenant's zone has that day. */
export function dateOption(typed: string, timeZone: string): { option: string } | { error: string } {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(typed) || !dayjs(typed, "YYYY-MM-DD", true).isValid()) return { error: `a date picker takes a day as YYYY-MM-DD, not "${typed}"` };
  return { option: `${typed} ${dayjs.tz(typed, timeZone).format("ZZ")}` };
}
