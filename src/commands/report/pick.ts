/**
 * The /report card's range select (range-pick.ts): the last 7, 14, 30 or 90 whole days. A pick
 * replaces the card; the range then passes the same checks as a typed one (reportRange, in the query).
 */
import { pickAction, type PickKind } from "../actions.js";
import type { TextClock } from "../define.js";
import { pickedDays, rangePicker, type RangePicker } from "../range-pick.js";
import type { ReportArgs } from "./args.js";

/** The picked range, one of those offered. */
export function pickReport(_args: ReportArgs, pick: PickKind, option: string, _clock: TextClock): unknown {
  return { range: { days: pickedDays("report", pick, option) } };
}

/** The select for a report whose range is the last `shown` days (undefined: another range). */
export function reportPicker(shown: number | undefined): RangePicker {
  return rangePicker(pickAction("report", {}, "range"), shown);
}
