/**
 * The /meeting list card's range select (range-pick.ts, as /report's): the meetings of the last 7,
 * 14, 30 or 90 days under the same number. A pick replaces the card with a fresh count over the new range (the list's sealed
 * header is dropped); the range then passes the same checks as a typed one (meetingRange).
 */
import { pickAction, type PickKind } from "../actions.js";
import type { TextClock } from "../define.js";
import { unknownOption } from "../pick-option.js";
import { pickedDays, rangePicker, type RangePicker } from "../range-pick.js";
import type { MeetingArgs, MeetingNumberArgs } from "./args.js";
import { VC_LOOKBACK_DAYS } from "../args/dates.js";

/** The picked range on a list of the same number; a detail card has no picker. */
export function pickMeeting(args: MeetingArgs, pick: PickKind, option: string, _clock: TextClock): unknown {
  if (args.kind !== "number") throw unknownOption("meeting", option);
  return { kind: "number", meetingNo: args.meetingNo, range: { days: pickedDays("meeting", pick, option) } };
}

/**
 * The select for a list asked with `args`: the range shown is known on the first page (no range:
 * Feishu's whole 90 days); the later pages carry the header, not the range, and show none chosen.
 */
export function meetingPicker(args: MeetingNumberArgs): RangePicker {
  const shown = args.list !== undefined ? undefined : args.range === undefined ? VC_LOOKBACK_DAYS : "days" in args.range ? args.range.days : undefined;
  return rangePicker(pickAction("meeting", { kind: "number", meetingNo: args.meetingNo }, "range"), shown);
}

