/** Arguments + clock (+ the API's answer) → the /pushstats view model. Pure. */
import type { PushCycle, PushOverview } from "../../feishu/types.js";
import { buttonAction, type ButtonAction } from "../actions.js";
import type { Department, PushStatsArgs } from "./args.js";
import { availableAt, DATA_READY_HOUR, earlier, periodEnd, periodStart, shiftPeriod } from "./period.js";
import type { FoundDepartment, NameMatch } from "./find-department.js";
import type { CycleSwitch, DepartmentChoice, DepartmentLookup, DepartmentShown, PushMetrics, PushResult, PushStatsView } from "./types.js";

const CYCLES: readonly PushCycle[] = ["day", "week", "month"];

/** Which period to show and whether it has data yet: decided before any API call. */
export interface PushPlan {
  cycle: PushCycle;
  start: string;
  end: string;
  dataThrough: string;
  latest: string;
  movedFrom: string | undefined;
  defaulted: boolean;
  department: Department | undefined;
  /** False when not even the period's first day has data: the API is not called. */
  hasData: boolean;
}

export function planPush(args: PushStatsArgs, latest: string): PushPlan {
  const cycle = args.cycle ?? "day";
  const anchor = args.date ?? latest;
  const start = periodStart(anchor, cycle);
  const end = periodEnd(start, cycle);
  return {
    cycle,
    start,
    end,
    dataThrough: earlier(end, latest),
    latest,
    movedFrom: args.date !== undefined && args.date !== start ? args.date : undefined,
    defaulted: args.date === undefined,
    department: args.department,
    hasData: start <= latest,
  };
}

/** A typed department name that did not lead to one department, and what the directory said. */
export interface NameLookup {
  name: string;
  outcome: Exclude<NameMatch, { kind: "one" }> | { kind: "no-scope" | "out-of-range" };
}

function resultOf(plan: PushPlan, overview: PushOverview | typeof NO_PUSHES | undefined): PushResult {
  if (overview === NO_PUSHES) return { kind: "none" };
  return overview ? { kind: "data", metrics: metricsOf(overview) } : { kind: "pending", availableAt: availableAt(plan.start) };
}

/** Each department the name may mean becomes a button showing its figures for the period asked about. */
function lookupOf(plan: PushPlan, lookup: NameLookup): DepartmentLookup {
  const choice = (d: FoundDepartment): DepartmentChoice => ({
    id: d.openDepartmentId,
    name: d.name,
    path: d.path,
    value: buttonAction("pushstats", {
      cycle: plan.cycle,
      date: plan.start,
      department: { id: d.openDepartmentId, idType: "open_department_id" },
    }),
  });
  const { name, outcome } = lookup;
  switch (outcome.kind) {
    case "several":
      return { problem: "several", name, choices: outcome.departments.map(choice) };
    case "none":
      return { problem: "none", name, choices: outcome.closest.map(choice) };
    default:
      return { problem: outcome.kind, name };
  }
}

/** Feishu answered 211011 ("data not found") for a period whose data is due: nothing was pushed. */
export const NO_PUSHES = "no-pushes";

export function metricsOf(overview: PushOverview): PushMetrics {
  const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : undefined);
  return {
    ...overview,
    rate1h: ratio(overview.readWithin1h, overview.sentMessages),
    rate12h: ratio(overview.readWithin12h, overview.sentMessages),
    perUser: ratio(overview.sentMessages, overview.reachedUsers),
  };
}

export function buildPushStatsView(
  plan: PushPlan,
  /** Undefined: not asked (the period has no data yet). */
  overview: PushOverview | typeof NO_PUSHES | undefined,
  opts: { timeZone: string; department?: DepartmentShown; lookup?: NameLookup },
): PushStatsView {
  // The resolved date, never "latest": a button shows the period its label names, whenever clicked.
  const value = (cycle: PushCycle, date: string): ButtonAction =>
    buttonAction("pushstats", { cycle, date, ...(plan.department ? { department: plan.department } : {}) });
  const next = shiftPeriod(plan.start, plan.cycle, 1);
  // Switching period keeps the last day shown (or the period's start, when nothing is shown yet).
  const anchor = overview ? plan.dataThrough : plan.start;
  const cycles: CycleSwitch[] = CYCLES.map((cycle) => ({
    cycle,
    current: cycle === plan.cycle,
    value: value(cycle, periodStart(anchor, cycle)),
  }));
  return {
    kind: "pushstats",
    cycle: plan.cycle,
    start: plan.start,
    end: plan.end,
    dataThrough: plan.dataThrough,
    latest: plan.latest,
    movedFrom: plan.movedFrom,
    defaulted: plan.defaulted,
    // The name is shown only; buttons carry the id alone (a name is looked up again on each click).
    department: plan.department ? { ...(opts.department ?? {}), ...plan.department } : undefined,
    readyHour: DATA_READY_HOUR,
    timeZone: opts.timeZone,
    result: opts.lookup ? { kind: "department", lookup: lookupOf(plan, opts.lookup) } : resultOf(plan, overview),
    nav: {
      prev: value(plan.cycle, shiftPeriod(plan.start, plan.cycle, -1)),
      next: next <= plan.latest ? value(plan.cycle, next) : undefined,
      latest: overview ? undefined : value(plan.cycle, periodStart(plan.latest, plan.cycle)),
      cycles,
    },
  };
}
