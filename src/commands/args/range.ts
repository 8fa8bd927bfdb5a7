/**
 * A range argument as typed data: `{days}` for `Nd`/`N天` (the last N days, counted when the command
 * runs) or `{from, to}` for `YYYY-MM-DD..YYYY-MM-DD`. Commands keep it in their arguments (and so in
 * their buttons) and resolve it against the clock with parseRange when they run.
 */
import * as z from "zod";
import type { CommandName } from "../actions.js";
import { UsageError } from "../usage.js";
import { lastDaysOf, readIsoDay } from "./dates.js";

export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const rangeArg = z.union([
  z.object({ days: z.number().int().min(1).max(9999) }).strict(),
  z.object({ from: isoDate, to: isoDate }).strict(),
]);
export type RangeArg = z.infer<typeof rangeArg>;

/** A typed range word as data; a word of neither form is a usage mistake. */
export function rangeArgOf(word: string, command: CommandName): RangeArg {
  const days = lastDaysOf(word);
  if (days !== undefined) return { days };
  const parts = word.trim().split("..");
  // Any zone tells a real calendar date from a false one.
  const from = parts.length === 2 ? readIsoDay(parts[0]!.trim(), "UTC") : undefined;
  const to = parts.length === 2 ? readIsoDay(parts[1]!.trim(), "UTC") : undefined;
  if (from && to) return { from: from.date, to: to.date };
  throw new UsageError(command, {
    zh: `「${word}」不是有效的时间范围，请用 7d、30d、90d 或 YYYY-MM-DD..YYYY-MM-DD`,
    en: `"${word}" is not a valid range; use 7d, 30d, 90d or YYYY-MM-DD..YYYY-MM-DD`,
  });
}

/** The words parseRange reads for a range argument. */
export function rangeText(arg: RangeArg): string {
  return "days" in arg ? `${arg.days}d` : `${arg.from}..${arg.to}`;
}
