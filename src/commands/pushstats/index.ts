/**
 * `/pushstats [day|week|month] [YYYY-MM-DD] [department id | name]`: how far the bot's own messages
 * reached and were read (message_push_overview). A period with no data yet is answered from the
 * calendar alone, without calling Feishu. A department given by name is looked up in the directory
 * first; a name that means no one department is answered with the candidates instead of figures.
 */
import { FeishuError, PUSH_DATA_NOT_FOUND_CODE, SCOPE_MISSING_CODE } from "../../feishu/errors.js";
import type { FeishuGateway } from "../../feishu/gateway.js";
import type { PushOverview } from "../../feishu/types.js";
import { defineCommand } from "../define.js";
import type { CommandContext } from "../types.js";
import { pushStatsArgs, pushStatsFromText, type PushStatsArgs } from "./args.js";
import { buildPushStatsView, NO_PUSHES, planPush, type NameLookup, type PushPlan } from "./build.js";
import { loadDirectory } from "./directory.js";
import { findDepartment } from "./find-department.js";
import { latestDataDay } from "./period.js";
import type { DepartmentShown, PushStatsView } from "./types.js";
import { PUSHSTATS_HELP, PUSHSTATS_WORDS } from "./words.js";

export type { PushStatsView };

/** What the query found: the period to show, and Feishu's figures for it when they were due. */
export interface PushStatsData {
  plan: PushPlan;
  /** Undefined: not asked (the period has no data yet). */
  overview: PushOverview | typeof NO_PUSHES | undefined;
  /** The department asked about, named when the contact API allows. */
  department?: DepartmentShown;
  /** Set when a typed name meant no one department: then there is no overview. */
  lookup?: NameLookup;
}

export const pushstatsCommand = defineCommand({
  name: "pushstats",
  words: PUSHSTATS_WORDS,
  help: PUSHSTATS_HELP,
  access: { audience: "configured" },
  args: pushStatsArgs,
  fromText: pushStatsFromText,
  query: queryPushStats,
  view: (data: PushStatsData, ctx: CommandContext): PushStatsView =>
    buildPushStatsView(data.plan, data.overview, {
      timeZone: ctx.deps.config.bot.timezone,
      ...(data.department ? { department: data.department } : {}),
      ...(data.lookup ? { lookup: data.lookup } : {}),
    }),
});

async function queryPushStats(typed: PushStatsArgs, ctx: CommandContext): Promise<PushStatsData> {
  const { gateway, config, now } = ctx.deps;
  const latest = latestDataDay(now(), config.bot.timezone);
  const { departmentName, ...args } = typed;
  if (departmentName !== undefined) {
    const byName = await departmentByName(gateway, departmentName);
    if ("lookup" in byName) return { plan: planPush(args, latest), overview: undefined, lookup: byName.lookup };
    return queryFigures({ ...args, department: { id: byName.id, idType: byName.idType } }, latest, ctx, byName);
  }
  return queryFigures(args, latest, ctx, undefined);
}

/** The figures of the plan's period; the department's name is looked up unless already known. */
async function queryFigures(args: PushStatsArgs, latest: string, ctx: CommandContext, named: DepartmentShown | undefined): Promise<PushStatsData> {
  const { gateway } = ctx.deps;
  const plan = planPush(args, latest);
  const department = named ? Promise.resolve(named) : plan.department ? departmentShown(gateway, plan.department) : undefined;
  const overview = plan.hasData
    ? await gateway
        .getPushOverview({
          date: plan.start,
          cycle: plan.cycle,
          ...(plan.department ? { departmentId: plan.department.id, departmentIdType: plan.department.idType } : {}),
        })
        .catch(noDataAsNoPushes)
    : undefined;
  return { plan, overview, ...(department ? { department: await department } : {}) };
}

/** A name → the one department it names (with its name, so none is looked up again), or why not. */
async function departmentByName(gateway: FeishuGateway, name: string): Promise<DepartmentShown | { lookup: NameLookup }> {
  const directory = await loadDirectory(gateway);
  if (directory.kind !== "listed") return { lookup: { name, outcome: directory } };
  const match = findDepartment(name, directory.departments);
  if (match.kind !== "one") return { lookup: { name, outcome: match } };
  return { id: match.department.openDepartmentId, idType: "open_department_id", name: match.department.name };
}

/**
 * The department with its name (contact/v3/departments/:id). A name is a nicety: without a
 * contact scope, or for a department Feishu will not describe, the card shows the id and says why.
 */
async function departmentShown(gateway: FeishuGateway, department: DepartmentShown): Promise<DepartmentShown> {
  const { id, idType } = department;
  try {
    const found = await gateway.getDepartment({ departmentId: id, departmentIdType: idType });
    return found.name !== "" ? { id, idType, name: found.name } : { id, idType, nameMissing: "unknown" };
  } catch (error) {
    const scope = error instanceof FeishuError && error.code === SCOPE_MISSING_CODE;
    return { id, idType, nameMissing: scope ? "scope" : "unknown" };
  }
}

/** "数据不存在…该应用在目标查询日期范围内没有数据" (seed 004): asked only once the data is due, it means nothing was pushed. */
function noDataAsNoPushes(error: unknown): typeof NO_PUSHES {
  if (error instanceof FeishuError && error.code === PUSH_DATA_NOT_FOUND_CODE) return NO_PUSHES;
  throw error;
}
