/** The /pushstats view model: the bot's message reach for one day, week or month. */
import type { PushCycle, PushOverview } from "../../feishu/types.js";
import type { ButtonAction } from "../actions.js";

export type DepartmentIdType = "department_id" | "open_department_id";

/**
 * The department asked about, with its name from the contact API when it could be read; otherwise
 * why not: the app lacks a contact scope (`scope`, the card names it), or Feishu refused this
 * department (`unknown`: not in the app's contact range, or no such department).
 */
export interface DepartmentShown {
  id: string;
  idType: DepartmentIdType;
  /** User-written: escaped on the card. */
  name?: string;
  nameMissing?: "scope" | "unknown";
}

export interface PushMetrics extends PushOverview {
  /** readWithin1h ÷ sentMessages; undefined when nothing was sent. */
  rate1h: number | undefined;
  /** readWithin12h ÷ sentMessages; undefined when nothing was sent. */
  rate12h: number | undefined;
  /** sentMessages ÷ reachedUsers; undefined when nobody was reached. */
  perUser: number | undefined;
}

/** One department a typed name may mean, with the button that shows its figures. */
export interface DepartmentChoice {
  /** open_department_id. */
  id: string;
  /** User-written, as the path's names: escaped on the card. */
  name: string;
  /** Names from the top level down to the department itself. */
  path: string[];
  value: ButtonAction;
}

/**
 * Why a department's name did not lead to one department: several have it, none has it (the
 * closest names instead), or the directory could not be read by name (no contact scope to list it,
 * listed without names, or the app's contact range is not the whole organisation).
 */
export type DepartmentLookup =
  | { problem: "several"; name: string; choices: DepartmentChoice[] }
  | { problem: "none"; name: string; choices: DepartmentChoice[] }
  | { problem: "no-scope" | "no-names" | "out-of-range"; name: string };

export type PushResult =
  | { kind: "data"; metrics: PushMetrics }
  /** The period has no data yet; the API was not called. */
  | { kind: "pending"; availableAt: string }
  /** The period's data is due, and Feishu has none for it (211011): no pushes. */
  | { kind: "none" }
  /** A department was given by a name that named no one department: Feishu's figures were not asked for. */
  | { kind: "department"; lookup: DepartmentLookup };

export interface CycleSwitch {
  cycle: PushCycle;
  current: boolean;
  value: ButtonAction;
}

export interface PushStatsView {
  kind: "pushstats";
  cycle: PushCycle;
  /** The natural period: a day, Monday–Sunday, or the 1st to the month's last day (YYYY-MM-DD). */
  start: string;
  end: string;
  /** The last day of the period with data: `end`, or the latest day produced so far. */
  dataThrough: string;
  /** The latest day Feishu has produced data for. */
  latest: string;
  /** The date the user gave, when it was moved to its week's Monday or month's 1st. */
  movedFrom: string | undefined;
  /** No date was given: the period holding the latest day with data. */
  defaulted: boolean;
  department: DepartmentShown | undefined;
  /** The hour (local) at which Feishu produces a day's data, two days later. */
  readyHour: number;
  timeZone: string;
  result: PushResult;
  nav: {
    prev: ButtonAction;
    /** Absent when the next period has no data yet. */
    next: ButtonAction | undefined;
    /** On the pending card: the latest period with data. */
    latest: ButtonAction | undefined;
    cycles: CycleSwitch[];
  };
}
