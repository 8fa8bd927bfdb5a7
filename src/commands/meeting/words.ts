/** `/meeting`: the words that run it and what /help says of it. */
import type { CommandHelp, CommandWords } from "../define.js";
import { lastMonthRange, spacedNumber } from "../examples.js";

export const MEETING_WORDS: CommandWords = { en: ["meeting"], zh: ["会议"] };

export const MEETING_HELP: CommandHelp = {
  usage: {
    zh: "/meeting <9位会议号> [7d|30d|90d|上周|本月|某一天|YYYY-MM-DD..YYYY-MM-DD]（7d：截至昨天的 7 天），或 /meeting <会议ID>",
    en: "/meeting <9-digit meeting number> [7d|30d|90d|last week|this month|one day|YYYY-MM-DD..YYYY-MM-DD] (7d: the 7 days up to yesterday), or /meeting <meeting id>",
  },
  summary: {
    zh: "按会议号列出会议，最新的在前（默认是飞书保留的全部：最近 90 天），或按会议 ID 查看一场会议的详情和参会人",
    en: "List the meetings held under a meeting number, newest first (by default all Feishu keeps: the last 90 days), or show one meeting's details and participants by its id",
  },
  // In the sandbox, a number and an id the emulator's tenant holds; a range inside Feishu's 90 days.
  examples: (at) => {
    const meetingNo = at.samples?.meetingNumbers[0] ?? "123456789";
    return [
      `/meeting ${meetingNo}`,
      `/meeting ${spacedNumber(meetingNo, " ")} 7d`,
      `/meeting ${spacedNumber(meetingNo, "-")} ${lastMonthRange(at)}`,
      `/meeting ${at.samples?.meetingId ?? "6911188411934433028"}`,
    ];
  },
};
