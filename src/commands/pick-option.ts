/** What the pick hooks share: how a client-sent option is quoted back when refused, and the range select. */
import type { ButtonAction, CommandName } from "./actions.js";
import { UsageError } from "./usage.js";

/** Longest stretch of a refused option quoted in the message: enough to recognise it. */
const QUOTED = 40;

/** The option as a refusal quotes it: one line, cut short. */
export function quoted(option: string): string {
  const line = option.replace(/\s+/gu, " ").trim();
  const chars = [...line];
  return chars.length > QUOTED ? `${chars.slice(0, QUOTED).join("")}…` : line;
}

/** A picked option the command does not offer (a client's altered callback, an older card's). */
export function unknownOption(command: CommandName, option: string): UsageError {
  return new UsageError(command, {
    zh: `卡片上没有这个选项：「${quoted(option)}」`,
    en: `The card offers no such option: "${quoted(option)}"`,
  });
}

/** A range option's value: "30d". */
export const rangeOptionValue = (days: number): string => `${days}d`;

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
