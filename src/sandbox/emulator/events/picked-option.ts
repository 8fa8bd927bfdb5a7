/**
 * What Feishu's client lets a person pick: an `option` goes out only from a picker on the card
 * clicked — a select_static's, one of the option values it offers; a date picker's, a calendar day
 * as "yyyy-MM-dd ±hhmm" (card-v2-date-picker.md: "2025-06-10 +0800"). Buttons send none. The
 * component is found by its callback value, as the client sends the value of what was used.
 */
import { isDeepStrictEqual } from "node:util";
import { isCalendarDay } from "../messaging/card-schema.js";

/** Tags whose pick sends an `option` when outside a form (card-action-trigger-callback.md). */
const OPTION_TAGS = new Set(["select_static", "date_picker", "select_person", "picker_time", "picker_datetime", "overflow"]);

export type OptionCheck = { ok: true; tag: string } | { ok: false; why: string };

/** Whether `option` could come from the component whose callback value is `value` on `card`. */
export function checkPickedOption(card: unknown, value: Record<string, unknown>, option: string): OptionCheck {
  const component = findByValue(card, value);
  if (!component) return { ok: false, why: "no component on the card has this callback value" };
  const tag = String(component["tag"]);
  if (!OPTION_TAGS.has(tag)) return { ok: false, why: `a ${tag} sends no option` };
  if (tag === "select_static") {
    const offered = Array.isArray(component["options"]) ? (component["options"] as Array<Record<string, unknown>>).map((o) => o["value"]) : [];
    return offered.includes(option) ? { ok: true, tag } : { ok: false, why: `the select offers no option ${JSON.stringify(option)}` };
  }
  if (tag === "date_picker") {
    const match = /^(\d{4}-\d{2}-\d{2}) [+-](?:0\d|1[0-4])[0-5]\d$/.exec(option);
    return match && isCalendarDay(match[1]!)
      ? { ok: true, tag }
      : { ok: false, why: `a date picker sends a day as "yyyy-MM-dd +hhmm" (e.g. "2025-06-10 +0800"), not ${JSON.stringify(option)}` };
  }
  return { ok: true, tag };
}

/** The first component whose callback behaviour carries exactly `value`. */
function findByValue(node: unknown, value: Record<string, unknown>): Record<string, unknown> | undefined {
  if (Array.isArray(node)) {
    for (const item of node) {
      const found = findByValue(item, value);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof node !== "object" || node === null) return undefined;
  const record = node as Record<string, unknown>;
  const behaviors = record["behaviors"];
  if (typeof record["tag"] === "string" && Array.isArray(behaviors)) {
    const carries = behaviors.some((b) => typeof b === "object" && b !== null && (b as Record<string, unknown>)["type"] === "callback" && isDeepStrictEqual((b as Record<string, unknown>)["value"], value));
    if (carries) return record;
  }
  for (const [key, child] of Object.entries(record)) {
    if (key === "behaviors") continue;
    const found = findByValue(child, value);
    if (found) return found;
  }
  return undefined;
}
