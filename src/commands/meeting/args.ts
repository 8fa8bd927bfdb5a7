/**
 * `/meeting` arguments: a 9-digit meeting number (spaces or dashes tolerated, as people copy it
 * from invitations: `123 456 789`, `123-456-789`) with an optional range, or a longer all-digit
 * meeting id. The list card's buttons add the list's state (`list`), which typed text never carries:
 * the text parser cannot produce it, so no one can type a header into a card.
 */
import * as z from "zod";
import { looksLikeRange } from "../args/dates.js";
import { rangeArg, rangeArgOf, type RangeArg } from "../args/range.js";
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
 * Typed words → the arguments. Never yields `list`: a word that is neither digits nor a range
 * (`@list:…` included) is a usage mistake like any other. Nothing here depends on the clock: the
 * range is checked against it when the command runs.
 */
export function meetingFromText(args: readonly string[], _clock: TextClock): MeetingArgs {
  const words = args.map((a) => a.trim()).filter((a) => a !== "");
  const rangeWords = words.filter((w) => looksLikeRange(w));
  const rest = words.filter((w) => !looksLikeRange(w));

  if (rest.length === 0) {
    throw new UsageError("meeting", {
      zh: "请给出 9 位会议号或会议 ID",
      en: "Give a 9-digit meeting number or a meeting id",
    });
  }
  const joined = rest.join(" ");
  if (!/^[\d\s-]+$/.test(joined)) {
    throw new UsageError("meeting", {
      zh: `「${joined}」不是会议号或会议 ID：会议号是 9 位数字，会议 ID 是更长的一串数字`,
      en: `"${joined}" is neither a meeting number (9 digits) nor a meeting id (a longer run of digits)`,
    });
  }
  const digits = joined.replace(/[\s-]/g, "");
  if (rangeWords.length > 1) {
    throw new UsageError("meeting", { zh: "只能给一个时间范围", en: "Give at most one range" });
  }

  if (digits.length === MEETING_NO_DIGITS) {
    const range = rangeWords[0] === undefined ? undefined : rangeOf(rangeWords[0]);
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

/** A typed range word as data; `0d` gets the words parseRange has for it rather than the schema's. */
function rangeOf(word: string): RangeArg {
  const range = rangeArgOf(word, "meeting");
  if ("days" in range && range.days < 1) {
    throw new UsageError("meeting", { zh: `「${word}」至少要 1 天`, en: `"${word}" must be at least 1 day` });
  }
  return range;
}
