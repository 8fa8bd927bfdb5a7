/** `/rooms`: the words that run it and what /help says of it. */
import type { CommandHelp, CommandWords } from "../define.js";
import { daysAgo } from "../examples.js";

export const ROOMS_WORDS: CommandWords = { en: ["rooms"], zh: ["会议室"] };

export const ROOMS_HELP: CommandHelp = {
  usage: {
    zh: "/rooms [today|yesterday|今天|昨天|前天|MM-DD|YYYY-MM-DD] [会议室名称]",
    en: "/rooms [today|yesterday|the day before yesterday|MM-DD|YYYY-MM-DD] [room name]",
  },
  summary: {
    zh: "某一天的会议室预定：签到率、未到场、提前释放和最忙的会议室",
    en: "One day's room reservations: check-ins, no-shows, early releases and the busiest rooms",
  },
  // A recent day (in the sandbox its busiest), and a room word that matches some rooms there.
  examples: (at) => {
    const room = at.samples?.roomWord || "3F";
    return ["/rooms", "/rooms yesterday", `/会议室 昨天 ${room}`, `/rooms ${at.samples?.busyDay ?? daysAgo(at, 3)} ${room}`];
  },
};
