/**
 * The /meeting list card's range select: the meetings of the last 7, 14, 30 or 90 days under the
 * same number. A pick replaces the card with a fresh count over the new range (the list's sealed
 * header is dropped); the range then passes the same checks as a typed one (meetingRange).
 */
import { pickAction, type PickKind } from "../actions.js";
import type { TextClock } from "../define.js";
import { rangeOptionValue, rangePicker, unknownOption, type RangePicker } from "../pick-option.js";
import { REPORT_PICK_DAYS } from "../report/pick.js";
import type { MeetingArgs, MeetingNumberArgs } from "./args.js";
import { VC_LOOKBACK_DAYS } from "../args/dates.js";

/** The ranges offered, in days: those /report offers, the longest Feishu's 90 days. */
export const MEETING_PICK_DAYS = REPORT_PICK_DAYS;

/** The picked range on a list of the same number; a detail card has no picker. */
export function pickMeeting(args: MeetingArgs, pick: PickKind, option: string, _clock: TextClock): unknown {
  const days = pick === "range" ? MEETING_PICK_DAYS.find((d) => rangeOptionValue(d) === option) : undefined;
  if (days === undefined || args.kind !== "number") throw unknownOption("meeting", option);
  return { kind: "number", meetingNo: args.meetingNo, range: { days } };
}

/**
 * The select for a list asked with `args`: the range shown is known on the first page (no range:
 * Feishu's whole 90 days); the later pages carry the header, not the range, and show none chosen.
 */
export function meetingPicker(args: MeetingNumberArgs): RangePicker {
  const shown = args.list !== undefined ? undefined : args.range === undefined ? VC_LOOKBACK_DAYS : "days" in args.range ? args.range.days : undefined;
  return rangePicker(pickAction("meeting", { kind: "number", meetingNo: args.meetingNo }, "range"), MEETING_PICK_DAYS, shown);
}

