/** `/pushstats`: the words that run it and what /help says of it. */
import type { CommandHelp, CommandWords } from "../define.js";

export const PUSHSTATS_WORDS: CommandWords = { en: ["pushstats"], zh: ["推送"] };

export const PUSHSTATS_HELP: CommandHelp = {
  usage: {
    zh: "/pushstats [day|week|month] [YYYY-MM-DD] [部门 ID]（默认：有数据的最近一天）",
    en: "/pushstats [day|week|month] [YYYY-MM-DD] [department id] (default: the latest day with data)",
  },
  summary: {
    zh: "机器人消息的推送、触达和阅读情况",
    en: "How far the bot's messages reach and how many are read",
  },
  examples: ["/pushstats", "/pushstats week", "/pushstats month 2024-05-01", "/推送 day 2024-06-10 od-4e6ac4d14bcd5071a37a39de902c7141"],
};
