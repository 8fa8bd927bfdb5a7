/** `/report`: the words that run it and what /help says of it. */
import type { CommandHelp, CommandWords } from "../define.js";
import { lastMonthRange } from "../examples.js";

export const REPORT_WORDS: CommandWords = { en: ["report"], zh: ["报告"] };

export const REPORT_HELP: CommandHelp = {
  usage: {
    zh: "/report [7d|30d|90d|上周|本月|上个月|某一天|YYYY-MM-DD..YYYY-MM-DD]（默认 7d：截至昨天的 7 天）",
    en: "/report [7d|30d|90d|last week|this month|last month|one day|YYYY-MM-DD..YYYY-MM-DD] (default 7d: the 7 days up to yesterday)",
  },
  summary: {
    zh: "全公司的会议使用报告：会议数、时长、参会人次、趋势和环比",
    en: "The organisation's meeting usage: meetings, time, attendances, trend and change",
  },
  // Last month: over before today and inside Feishu's 90 days, whatever today is.
  examples: (at) => ["/report", "/report 30d", `/report ${lastMonthRange(at)}`, "/报告 90d"],
};
