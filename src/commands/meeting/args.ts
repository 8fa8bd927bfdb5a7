/**
 * `/meeting` arguments: a 9-digit meeting number (spaces or dashes tolerated, as people copy it
 * from invitations: `123 456 789`, `123-456-789`) with an optional range, or a longer all-digit
 * meeting id. Buttons of the list card add one more argument, the list's state, which typed text
 * never carries.
 */
import { looksLikeRange } from "../args/dates.js";
import { UsageError } from "../usage.js";

export const MEETING_NO_DIGITS = 9;
/** Meeting ids are 19 digits today; the API accepts up to 20. */
const MAX_ID_DIGITS = 20;

/**
 * What the first list page computed, carried by the list's buttons so that a click neither
 * re-counts the range nor sees a different window: the exact query window (unix seconds), the
 * header figures, and when the oldest counted meeting started (so a click can tell whether any
 * counted meeting has since left Feishu's 90 days; absent when unknown).
 */
export interface ListState {
  startSec: number;
  endSec: number;
  count: number;
  countCapped: boolean;
  totalSeconds: number;
  measured: number;
  oldestSec?: number;
}

export type MeetingArgs =
  | { kind: "number"; meetingNo: string; rangeArg?: string; state?: ListState }
  | { kind: "detail"; meetingId: string };

const STATE_PREFIX = "@list:";
/** The seventh field (the oldest start) came later: cards sent before it still page. */
const STATE_FORM = /^@list:(\d{1,12}):(\d{1,12}):(\d{1,7}):([01]):(\d{1,12}):(\d{1,7})(?::(\d{1,12}))?$/;

export function encodeListState(s: ListState): string {
  const capped = s.countCapped ? 1 : 0;
  const oldest = s.oldestSec !== undefined ? `:${s.oldestSec}` : "";
  return `${STATE_PREFIX}${s.startSec}:${s.endSec}:${s.count}:${capped}:${s.totalSeconds}:${s.measured}${oldest}`;
}

/** The state argument of a button, or undefined when it is malformed. */
export function decodeListState(arg: string): ListState | undefined {
  const m = STATE_FORM.exec(arg);
  if (!m) return undefined;
  const [startSec, endSec, count, capped, totalSeconds, measured] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (endSec < startSec || measured > count) return undefined;
  const state: ListState = { startSec, endSec, count, countCapped: capped === 1, totalSeconds, measured };
  const oldest = m[7] === undefined ? undefined : Number(m[7]);
  // An oldest start outside the window says nothing true: it is dropped, not trusted.
  if (oldest !== undefined && oldest >= startSec && oldest <= endSec) state.oldestSec = oldest;
  return state;
}

/**
 * Reads the arguments. `fromButton` is true for a click (the context has a cursor): only then is a
 * state argument accepted, so a typed one is a usage mistake rather than a way to forge a header.
 */
export function parseMeetingArgs(args: readonly string[], fromButton: boolean): MeetingArgs {
  const words = args.map((a) => a.trim()).filter((a) => a !== "");
  const stateArgs = words.filter((w) => w.startsWith(STATE_PREFIX));
  const rangeArgs = words.filter((w) => !w.startsWith(STATE_PREFIX) && looksLikeRange(w));
  const rest = words.filter((w) => !w.startsWith(STATE_PREFIX) && !looksLikeRange(w));

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
  if (rangeArgs.length > 1) {
    throw new UsageError("meeting", { zh: "只能给一个时间范围", en: "Give at most one range" });
  }
  if (stateArgs.length > 0 && (!fromButton || stateArgs.length > 1)) {
    throw new UsageError("meeting", { zh: `看不懂「${stateArgs[0]}」`, en: `"${stateArgs[0]}" is not understood` });
  }

  if (digits.length === MEETING_NO_DIGITS) {
    const result: MeetingArgs = { kind: "number", meetingNo: digits };
    if (rangeArgs[0] !== undefined) result.rangeArg = rangeArgs[0];
    if (stateArgs[0] !== undefined) {
      const state = decodeListState(stateArgs[0]);
      // A damaged button value: start over from the first page rather than fail.
      if (state) result.state = state;
    }
    return result;
  }
  if (digits.length > MEETING_NO_DIGITS && digits.length <= MAX_ID_DIGITS) {
    if (rangeArgs.length > 0) {
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
