/**
 * The usage cards' examples, made when shown: dates relative to the bot's today (Feishu keeps 90
 * days, so a fixed date soon stops working), digest names from the config, and in sandbox mode
 * meeting numbers, ids and days the emulator's tenant holds. Each command's words.ts says which.
 */
import dayjs from "dayjs";
import timezone from "dayjs/plugin/timezone.js";
import utc from "dayjs/plugin/utc.js";
import type { CommandDeps } from "./types.js";
import type { CommandHelp, ExampleContext } from "./define.js";

dayjs.extend(utc);
dayjs.extend(timezone);

const DAY = "YYYY-MM-DD";

/** The context examples are made for, from what a command may use. */
export function exampleContext(deps: Pick<CommandDeps, "config" | "now">): ExampleContext {
  const { config } = deps;
  return {
    now: deps.now(),
    timeZone: config.bot.timezone,
    digests: config.digests.map((digest) => digest.name),
    ...(config.sandbox ? { samples: config.sandbox } : {}),
  };
}

/** A command's usage line and its examples for `at`, as the usage card shows them. */
export function usageInfo(help: CommandHelp, at: ExampleContext): { usage: CommandHelp["usage"]; examples: readonly string[] } {
  return { usage: help.usage, examples: help.examples(at) };
}

function today(at: ExampleContext): dayjs.Dayjs {
  return dayjs(at.now).tz(at.timeZone).startOf("day");
}

/** The calendar day `days` before today, YYYY-MM-DD. */
export function daysAgo(at: ExampleContext, days: number): string {
  return today(at).subtract(days, "day").format(DAY);
}

/**
 * Last calendar month, `YYYY-MM-01..YYYY-MM-DD`: always over before today and never more than 62
 * days back, so inside Feishu's 90 days on any day.
 */
export function lastMonthRange(at: ExampleContext): string {
  const first = today(at).startOf("month").subtract(1, "month");
  return `${first.format(DAY)}..${first.endOf("month").format(DAY)}`;
}

/** The first day of last month, YYYY-MM-DD. */
export function lastMonthStart(at: ExampleContext): string {
  return today(at).startOf("month").subtract(1, "month").format(DAY);
}

/** A 9-digit meeting number as people copy it from invitations: `123 456 789`, `123-456-789`. */
export function spacedNumber(meetingNo: string, separator: " " | "-"): string {
  return meetingNo.replace(/^(\d{3})(\d{3})(\d{3})$/, `$1${separator}$2${separator}$3`);
}
