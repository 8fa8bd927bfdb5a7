/** `/pushstats`: the words that run it and what /help says of it. */
import type { CommandHelp, CommandWords } from "../define.js";
import { daysAgo, lastMonthStart } from "../examples.js";

export const PUSHSTATS_WORDS: CommandWords = { en: ["pushstats"], zh: ["推送"] };

export const PUSHSTATS_HELP: CommandHelp = {
  usage: {
    zh: "/pushstats [day|week|month] [YYYY-MM-DD] [部门 ID 或名称]（默认：有数据的最近一天）",
    en: "/pushstats [day|week|month] [YYYY-MM-DD] [department id or name] (default: the latest day with data)",
  },
  summary: {
    zh: "机器人消息的推送、触达和阅读情况",
    en: "How far the bot's messages reach and how many are read",
  },
  // Days whose data Feishu has produced (two days later, at 10:00); in the sandbox, a real department.
  examples: (at) => [
    "/pushstats",
    "/pushstats week",
    `/pushstats month ${lastMonthStart(at)}`,
    `/推送 day ${daysAgo(at, 3)} ${at.samples?.departmentId || "od-4e6ac4d14bcd5071a37a39de902c7141"}`,
  ],
};
