/** `/digest`: the words that run it and what /help says of it. */
import type { CommandHelp, CommandWords } from "../define.js";

export const DIGEST_WORDS: CommandWords = { en: ["digest"], zh: [] };

export const DIGEST_HELP: CommandHelp = {
  usage: {
    zh: '/digest 列出定时摘要；以下仅管理员：/digest run <名称> 在本群预览一次；/digest add <名称> "<时间>" <内容> 添加一个发到本群的摘要（时间如“每周一 9:00”“工作日 8:30”或 cron；内容用逗号分隔：report [N天]、rooms [N天]、pushstats、meeting <会议号>）；/digest pause|resume|remove <名称> 暂停、恢复、删除本群的摘要',
    en: '/digest lists the scheduled digests; admins only: /digest run <name> previews one here; /digest add <name> "<schedule>" <sections> adds one posting here (schedule like "every monday 09:00", "weekdays 08:30" or cron; sections comma-separated: report [Nd], rooms [Nd], pushstats, meeting <number>); /digest pause|resume|remove <name> manage this chat\'s digests',
  },
  summary: {
    zh: "定时摘要：查看、预览，管理员可在群里添加、暂停、恢复、删除",
    en: "Scheduled digests: list and preview; admins add, pause, resume and remove them from chat",
  },
  // A preview of a digest app.yaml configures, when there is one. Examples are run through the
  // command by test/commands/examples.test.ts, so none adds a digest; the usage line shows how.
  examples: (at) => ["/digest", ...at.digests.slice(0, 1).map((name) => `/digest run ${name}`)],
};
