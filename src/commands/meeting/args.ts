/**
 * `/meeting` arguments: a 9-digit meeting number (spaces or dashes tolerated, as people copy it
 * from invitations: `123 456 789`, `123-456-789`) with an optional range, or a longer all-digit
 * meeting id. The list card's buttons add the list's state (`list`), which typed text never carries:
 * the text parser cannot produce it, so no one can type a header into a card.
 */
import * as z from "zod";
import { parseRange, readDay, VC_LOOKBACK_DAYS, type DayRange } from "../args/dates.js";
import { isRange, rangeArg, rangeText, readRangeWords, type RangeArg } from "../args/range.js";
import type { TextClock } from "../define.js";
import { UsageError } from "../usage.js";

export const MEETING_NO_DIGITS = 9;
/** Meeting ids are 19 digits today; the API accepts up to 20. */
const MIN_ID_DIGITS = MEETING_NO_DIGITS + 1;
const MAX_ID_DIGITS = 20;

/** Unix seconds up to twelve digits: far past any window the bot counts. */
const MAX_SECONDS = 999_999_999_999;
/** Far more meetings than the header's walk ever counts (summary.ts MAX_COUNTED); a larger count is not ours. */
const MAX_COUNT = 1_000_000;

const seconds = z.number().int().min(0).max(MAX_SECONDS);

/**
 * What the first list page computed, carried by the list's buttons so that a click neither
 * re-counts the range nor sees a different window: the exact query window (unix seconds, both ends
 * included), the header figures, and when the oldest counted meeting started (so a click can tell
 * whether any counted meeting has since left Feishu's 90 days; absent when unknown).
 */
export const listState = z
  .object({
    startSec: seconds,
    endSec: seconds,
    count: z.number().int().min(0).max(MAX_COUNT),
    countCapped: z.boolean(),
    totalSeconds: seconds,
    measured: z.number().int().min(0).max(MAX_COUNT),
    oldestSec: seconds.optional(),
  })
  .strict()
  .refine((s) => s.endSec >= s.startSec, { path: ["endSec"], message: "the window ends before it starts" })
  .refine((s) => s.measured <= s.count, { path: ["measured"], message: "more meetings measured than counted" })
  .refine((s) => s.oldestSec === undefined || (s.oldestSec >= s.startSec && s.oldestSec <= s.endSec), {
    path: ["oldestSec"],
    message: "the oldest counted meeting lies outside the window",
  });
export type ListState = z.infer<typeof listState>;

export const meetingArgs = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("number"),
      meetingNo: z.string().regex(new RegExp(`^\\d{${MEETING_NO_DIGITS}}$`)),
      range: rangeArg.optional(),
      /** Buttons only: the first page's window and header figures. */
      list: listState.optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal("detail"),
      meetingId: z.string().regex(new RegExp(`^\\d{${MIN_ID_DIGITS},${MAX_ID_DIGITS}}$`)),
    })
    .strict(),
]);
export type MeetingArgs = z.infer<typeof meetingArgs>;
/** A list of the meetings under one number. */
export type MeetingNumberArgs = Extract<MeetingArgs, { kind: "number" }>;

/**
 * Typed words → the arguments. The number comes first as documented (a range typed before it is
 * accepted too): the digit words at the start (else at the end) are the number, the rest is the
 * range, read as one (`2026-11-01 .. 2026-11-30`, `last week`, `yesterday`). A valid number with
 * words that are no range gets the range's message, not the number's. Never yields `list`: a word
 * that is neither digits nor a range (`@list:…` included) is a usage mistake like any other.
 * Relative ranges (`上周`, `昨天`) are resolved on `clock`; the range is checked against the clock
 * again when the command runs.
 */
export function meetingFromText(args: readonly string[], clock: TextClock): MeetingArgs {
  const words = args.map((a) => a.trim()).filter((a) => a !== "");
  // Digits and dashes, but not a date (2026-11-20, 12-01): `123 456-789` is one number.
  const isNumberWord = (word: string) => /^[\d\s-]+$/.test(word) && readDay(word, clock) === undefined;
  let lead = 0;
  while (lead < words.length && isNumberWord(words[lead]!)) lead++;
  let trail = 0;
  if (lead === 0) while (trail < words.length && isNumberWord(words[words.length - 1 - trail]!)) trail++;
  const numberWords = lead > 0 ? words.slice(0, lead) : words.slice(words.length - trail);
  const rangeWords = lead > 0 ? words.slice(lead) : words.slice(0, words.length - trail);

  if (numberWords.length === 0) {
    if (rangeWords.length === 0 || isRange(rangeWords.join(" "), clock)) {
      throw new UsageError("meeting", {
        zh: "请给出 9 位会议号或会议 ID",
        en: "Give a 9-digit meeting number or a meeting id",
      });
    }
    const joined = rangeWords.join(" ");
    throw new UsageError("meeting", {
      zh: `「${joined}」不是会议号或会议 ID：会议号是 9 位数字，会议 ID 是更长的一串数字`,
      en: `"${joined}" is neither a meeting number (9 digits) nor a meeting id (a longer run of digits)`,
    });
  }
  const joined = numberWords.join(" ");
  const digits = joined.replace(/[\s-]/g, "");

  if (digits.length === MEETING_NO_DIGITS) {
    const range = rangeWords.length === 0 ? undefined : readRangeWords(rangeWords, "meeting", clock);
    // Checked now too, so a range in the future or past Feishu's window is refused in the words typed.
    if (range) meetingRange(range, clock, rangeWords.join(" "));
    return { kind: "number", meetingNo: digits, ...(range ? { range } : {}) };
  }
  if (digits.length >= MIN_ID_DIGITS && digits.length <= MAX_ID_DIGITS) {
    if (rangeWords.length > 0) {
      throw new UsageError("meeting", {
        zh: "时间范围只用于会议号（9 位）；会议 ID 指的是一场会议，不需要时间范围",
        en: "A range applies to a meeting number (9 digits); a meeting id names one meeting and takes none",
      });
    }
    return { kind: "detail", meetingId: digits };
  }
  throw new UsageError("meeting", {
    zh: `「${joined}」有 ${digits.length} 位数字：会议号是 9 位，会议 ID 是 10 到 20 位`,
    en: `"${joined}" has ${digits.length} digits: a meeting number has 9, a meeting id 10 to 20`,
  });
}

/**
 * The days of a range at `clock`, or a UsageError quoting `typed` (the words as typed, when there
 * are some). `Nd` is the N whole days ending yesterday, as in /report: up to `90d` it may start 90
 * days back, one day further than an explicit range, because the list starts where Feishu's window
 * does when that is later (list.ts rangeWindow).
 */
export function meetingRange(arg: RangeArg, clock: TextClock, typed?: string): DayRange {
  const maxDays = "days" in arg && arg.days <= VC_LOOKBACK_DAYS ? VC_LOOKBACK_DAYS + 1 : VC_LOOKBACK_DAYS;
  return parseRange(rangeText(arg), { command: "meeting", ...clock, defaultDays: VC_LOOKBACK_DAYS, maxDays, ...(typed !== undefined ? { typed } : {}) });
}
