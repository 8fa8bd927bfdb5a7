/**
 * `/pushstats [day|week|month] [YYYY-MM-DD] [department id]`: how far the bot's own messages
 * reached and were read (message_push_overview). A period with no data yet is answered from the
 * calendar alone, without calling Feishu.
 */
import { FeishuError } from "../../feishu/errors.js";
import { COMMAND_WORDS } from "../parse.js";
import type { CommandContext, CommandModule } from "../types.js";
import { parsePushArgs } from "./args.js";
import { buildPushStatsView, NO_PUSHES, planPush } from "./build.js";
import { latestDataDay } from "./period.js";
import type { PushStatsView } from "./types.js";

export type { PushStatsView };

export const pushstatsCommand: CommandModule = {
  name: "pushstats",
  aliases: COMMAND_WORDS.pushstats.filter((word) => word !== "pushstats"),
  usage: {
    zh: "/pushstats [day|week|month] [YYYY-MM-DD] [部门 ID]（默认：有数据的最近一天）",
    en: "/pushstats [day|week|month] [YYYY-MM-DD] [department id] (default: the latest day with data)",
  },
  summary: {
    zh: "机器人消息的推送、触达和阅读情况",
    en: "How far the bot's messages reach and how many are read",
  },
  examples: ["/pushstats", "/pushstats week", "/pushstats month 2024-05-01", "/推送 day 2024-06-10 od-4e6ac4d14bcd5071a37a39de902c7141"],
  run: runPushStats,
};

async function runPushStats(args: string[], ctx: CommandContext): Promise<PushStatsView> {
  const { gateway, config, now } = ctx.deps;
  const clock = { now: now(), timeZone: config.bot.timezone };
  const plan = planPush(parsePushArgs(args, clock), latestDataDay(clock.now, clock.timeZone));
  const overview = plan.hasData
    ? await gateway
        .getPushOverview({
          date: plan.start,
          cycle: plan.cycle,
          ...(plan.department ? { departmentId: plan.department.id, departmentIdType: plan.department.idType } : {}),
        })
        .catch(noDataAsNoPushes)
    : undefined;
  return buildPushStatsView(plan, overview, { timeZone: clock.timeZone, chatType: ctx.chatType });
}

/** "数据不存在…该应用在目标查询日期范围内没有数据" (seed 004): asked only once the data is due, it means nothing was pushed. */
const DATA_NOT_FOUND = 211011;

function noDataAsNoPushes(error: unknown): typeof NO_PUSHES {
  if (error instanceof FeishuError && error.code === DATA_NOT_FOUND) return NO_PUSHES;
  throw error;
}
