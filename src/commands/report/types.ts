/** The /report view model: plain figures, no card JSON. */
import type { DataUnit } from "../../config/types.js";
import type { ButtonAction } from "../actions.js";
import type { RangePicker } from "../range-pick.js";

export interface ReportFigures {
  meetings: number;
  durationSeconds: number;
  participants: number;
}

export interface ReportDay extends ReportFigures {
  /** YYYY-MM-DD in the bot's time zone. */
  date: string;
  /** 0 Sunday … 6 Saturday. */
  weekday: number;
}

/** Relative change against the previous period (0.12 = +12 %); null when the previous figure was 0. */
export type Change = number | null;

export type PreviousPeriod =
  | {
      available: true;
      from: string;
      to: string;
      totals: ReportFigures;
      change: { meetings: Change; durationSeconds: Change; participants: Change };
    }
  | {
      /** The previous period reaches past the API's look-back, so it was not fetched. */
      available: false;
      from: string;
      to: string;
      /** The oldest day the API still serves, and how many days back that is. */
      oldest: string;
      lookbackDays: number;
    }
  | {
      /** Its query failed (rate limit, outage): the report stands without the comparison. */
      available: false;
      failed: true;
      from: string;
      to: string;
    };

export interface RangeSwitch {
  days: number;
  /** True when the card shows exactly this range. */
  current: boolean;
  value: ButtonAction;
}

export interface ReportView {
  kind: "report";
  /** First and last day, inclusive, YYYY-MM-DD. */
  from: string;
  to: string;
  days: number;
  /** The data residency asked for; absent when app.yaml sets none (the tenant's own). */
  unit?: DataUnit;
  totals: ReportFigures;
  /** Totals divided by the calendar days of the range. */
  perDay: ReportFigures;
  /** Meeting time ÷ meetings; undefined when there were no meetings. */
  averageMeetingSeconds: number | undefined;
  previous: PreviousPeriod;
  /** One entry per calendar day of the range, oldest first (days Feishu did not list count as 0). */
  daily: ReportDay[];
  /** The weekday with the most meetings per occurrence in the range; undefined without meetings. */
  busiestWeekday: { weekday: number; averageMeetings: number } | undefined;
  ranges: RangeSwitch[];
  /** The range select at the top of the card. */
  picker?: RangePicker;
  /**
   * Set when `Nd` asked for more whole days than Feishu still serves (its window is 90 × 24 hours
   * back from now, so the 90th day back has partly left it): the range holds fewer days than asked.
   */
  shortened?: { askedDays: number; lookbackDays: number };
}
