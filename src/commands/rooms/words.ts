/** `/rooms`: the words that run it and what /help says of it. */
import type { CommandHelp, CommandWords } from "../define.js";
import { daysAgo } from "../examples.js";

export const ROOMS_WORDS: CommandWords = { en: ["rooms"], zh: ["会议室"] };

export const ROOMS_HELP: CommandHelp = {
  usage: {
    zh: "/rooms [today|yesterday|今天|昨天|前天|MM-DD|YYYY-MM-DD | 7d|30d|week|month|本周|本月|上周|上个月|YYYY-MM-DD..YYYY-MM-DD] [会议室名称]",
    en: "/rooms [today|yesterday|the day before yesterday|MM-DD|YYYY-MM-DD | 7d|30d|week|month|last week|last month|YYYY-MM-DD..YYYY-MM-DD] [room name]",
  },
  summary: {
    zh: "某一天的会议室预定：签到率、未到场、提前释放和最忙的会议室；给一段时间（7d、30d 为截至昨天的整天，week/month 为本周/本月至今，最长 90 天）则看各会议室的使用率、没人订的会议室和最忙的时段",
    en: "One day's room reservations: check-ins, no-shows, early releases and the busiest rooms; over a period (7d, 30d: whole days to yesterday; week, month: this calendar week or month so far; 90 days at most) each room's utilisation, the rooms nobody booked and the busiest hours",
  },
  // A recent day (in the sandbox its busiest), and a room word that matches some rooms there.
  examples: (at) => {
    const room = at.samples?.roomWord || "3F";
    return ["/rooms", "/rooms yesterday", `/会议室 昨天 ${room}`, `/rooms ${at.samples?.busyDay ?? daysAgo(at, 3)} ${room}`, "/rooms 30d", `/会议室 本月 ${room}`];
  },
};
