/**
 * The /report card's range select: the last 7, 14, 30 or 90 whole days. A pick replaces the card;
 * the range then passes the same checks as a typed one (reportRange, in the query).
 */
import { pickAction, type PickKind } from "../actions.js";
import type { TextClock } from "../define.js";
import { rangeOptionValue, rangePicker, unknownOption, type RangePicker } from "../pick-option.js";
import type { ReportArgs } from "./args.js";

/** The ranges offered, in days: all `Nd` that /report accepts within Feishu's 90 days. */
export const REPORT_PICK_DAYS = [7, 14, 30, 90] as const;

/** The picked range, one of those offered; anything else is refused as typed garbage is. */
export function pickReport(_args: ReportArgs, pick: PickKind, option: string, _clock: TextClock): unknown {
  const days = pick === "range" ? REPORT_PICK_DAYS.find((d) => rangeOptionValue(d) === option) : undefined;
  if (days === undefined) throw unknownOption("report", option);
  return { range: { days } };
}

/** The select for a report whose range is the last `shown` days (undefined: another range). */
export function reportPicker(shown: number | undefined): RangePicker {
  return rangePicker(pickAction("report", {}, "range"), REPORT_PICK_DAYS, shown);
}
