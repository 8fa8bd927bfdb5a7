/**
 * The range select that /report, the /meeting list and a /rooms period share: by default the last
 * 7, 14, 30 or 90 days, each option's value "Nd". One reading of a picked option for all, so they
 * cannot drift apart.
 */
import type { ButtonAction, CommandName, PickKind } from "./actions.js";
import { unknownOption } from "./pick-option.js";

/** The ranges offered, in days: all `Nd` that /report accepts within Feishu's 90 days. */
export const RANGE_PICK_DAYS = [7, 14, 30, 90] as const;

/** A range option's value: "30d". */
export const rangeOptionValue = (days: number): string => `${days}d`;

/** The days of a picked range option, one of those offered; anything else is refused as typed garbage is. */
export function pickedDays(command: CommandName, pick: PickKind, option: string, choices: readonly number[] = RANGE_PICK_DAYS): number {
  const days = pick === "range" ? choices.find((d) => rangeOptionValue(d) === option) : undefined;
  if (days === undefined) throw unknownOption(command, option);
  return days;
}

/** A range select as the view model carries it: its sealed value, the ranges offered with their option values, the one shown. */
export interface RangePicker {
  value: ButtonAction;
  options: Array<{ days: number; option: string }>;
  /** The option value of the range shown, when it is one of those offered. */
  current?: string;
}

/** A range select with sealed `value`, `shown` the days the card shows when they are the last N (else undefined). */
export function rangePicker(value: ButtonAction, shown: number | undefined, choices: readonly number[] = RANGE_PICK_DAYS): RangePicker {
  return {
    value,
    options: choices.map((days) => ({ days, option: rangeOptionValue(days) })),
    ...(shown !== undefined && choices.includes(shown) ? { current: rangeOptionValue(shown) } : {}),
  };
}
