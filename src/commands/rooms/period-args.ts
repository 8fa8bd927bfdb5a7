/**
 * `/rooms` over a period: `7d`, `30d`, `week`, `month`, `上周`, `本月`, `2026-11-01..2026-11-30`…,
 * read with range.ts as /report reads them. `week` and `month` (周, 月) mean this calendar week (from
 * Monday) and month so far, today included, as `本周` / `this month` do; `Nd` is the N whole days
 * ending yesterday, as everywhere in the bot. One day (`12-01`, `昨天`) is not a period: it keeps
 * the day card. A period is checked when typed and again when a sealed button runs it: nothing in
 * the future, nothing older than Feishu's 90 days, so never more than 90 days.
 */
import { looksLikeDay, parseRange, VC_LOOKBACK_DAYS, type DayRange } from "../args/dates.js";
import { rangeText, readRange, type RangeArg } from "../args/range.js";
import type { TextClock } from "../define.js";

/** Bare words for the current period, read as range.ts's `this week` / `this month`. */
const BARE_PERIODS: ReadonlyMap<string, string> = new Map([
  ["week", "this week"],
  ["month", "this month"],
  ["周", "本周"],
  ["月", "本月"],
]);

/** The most words a period takes (`2026-11-01 .. 2026-11-30`, `last 30 days`). */
const MAX_PERIOD_WORDS = 3;

/**
 * The text as a period, or undefined when it is none (a day, a room name, nonsense). `month` on the
 * 1st is a period of one day, still shown as a period.
 */
export function readPeriod(text: string, clock: TextClock): RangeArg | undefined {
  const word = text.normalize("NFKC").trim().toLowerCase().replace(/\s+/gu, " ");
  if (looksLikeDay(word)) return undefined;
  try {
    return readRange(BARE_PERIODS.get(word) ?? word, "rooms", clock);
  } catch {
    return undefined;
  }
}

/** Where a period is typed among `words`: the longest at the start, else at the end, as [start, end). */
export function findPeriodPhrase(words: readonly string[], clock: TextClock): { start: number; end: number; range: RangeArg } | undefined {
  const longest = Math.min(MAX_PERIOD_WORDS, words.length);
  for (let n = longest; n >= 1; n--) {
    const range = readPeriod(words.slice(0, n).join(" "), clock);
    if (range) return { start: 0, end: n, range };
  }
  for (let n = Math.min(longest, words.length - 1); n >= 1; n--) {
    const range = readPeriod(words.slice(words.length - n).join(" "), clock);
    if (range) return { start: words.length - n, end: words.length, range };
  }
  return undefined;
}

/** The days a period covers at `clock`, or a UsageError (future days, older than the look-back). */
export function roomsPeriod(range: RangeArg, clock: TextClock, typed?: string): DayRange {
  return parseRange(rangeText(range), {
    command: "rooms",
    ...clock,
    defaultDays: 7,
    maxDays: VC_LOOKBACK_DAYS,
    ...(typed !== undefined ? { typed } : {}),
  });
}
