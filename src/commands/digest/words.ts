/** `/digest`: the words that run it and what /help says of it. */
import type { CommandHelp, CommandWords } from "../define.js";

export const DIGEST_WORDS: CommandWords = { en: ["digest"], zh: [] };

export const DIGEST_HELP: CommandHelp = {
  usage: {
    zh: "/digest 列出定时摘要；/digest run <名称> 在本群预览一次（仅管理员）",
    en: "/digest lists the scheduled digests; /digest run <name> previews one here (admins only)",
  },
  summary: {
    zh: "定时摘要：每个摘要的时间和内容，以及预览",
    en: "Scheduled digests: when each runs and what it holds, and a preview",
  },
  // A preview of a digest app.yaml configures, when there is one.
  examples: (at) => ["/digest", ...at.digests.slice(0, 1).map((name) => `/digest run ${name}`)],
};
