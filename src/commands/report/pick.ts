/**
 * The /report card's range select: the last 7, 14, 30 or 90 whole days. A pick replaces the card;
 * the range then passes the same checks as a typed one (reportRange, in the query).
 */
import { pickAction, type ButtonAction, type PickKind } from "../actions.js";
import type { TextClock } from "../define.js";
import { unknownOption } from "../pick-option.js";
import type { ReportArgs } from "./args.js";

/** The ranges offered, in days: all `Nd` that /report accepts within Feishu's 90 days. */
export const REPORT_PICK_DAYS = [7, 14, 30, 90] as const;

/** A range option's value: "30d". */
export const rangeOptionValue = (days: number): string => `${days}d`;

/** The picked range, one of those offered; anything else is refused as typed garbage is. */
export function pickReport(_args: ReportArgs, pick: PickKind, option: string, _clock: TextClock): unknown {
  const days = pick === "range" ? REPORT_PICK_DAYS.find((d) => rangeOptionValue(d) === option) : undefined;
  if (days === undefined) throw unknownOption("report", option);
  return { range: { days } };
}

/** A range select as the view model carries it: its sealed value, the ranges offered with their option values, the one shown. */
export interface RangePicker {
  value: ButtonAction;
  options: Array<{ days: number; option: string }>;
  /** The option value of the range shown, when it is one of those offered. */
  current?: string;
}

/** A range select offering `choices` days, `shown` the days the card shows when they are the last N (else undefined). */
export function rangePicker(value: ButtonAction, choices: readonly number[], shown: number | undefined): RangePicker {
  return {
    value,
    options: choices.map((days) => ({ days, option: rangeOptionValue(days) })),
    ...(shown !== undefined && choices.includes(shown) ? { current: rangeOptionValue(shown) } : {}),
  };
}

/** The select for a report whose range is the last `shown` days (undefined: another range). */
export function reportPicker(shown: number | undefined): RangePicker {
  return rangePicker(pickAction("report", {}, "range"), REPORT_PICK_DAYS, shown);
}
