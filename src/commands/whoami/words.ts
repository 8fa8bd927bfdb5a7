/** `/whoami`: the words that run it and what /help says of it. */
import type { CommandHelp, CommandWords } from "../define.js";

export const WHOAMI_WORDS: CommandWords = { en: ["whoami"], zh: ["我"] };

export const WHOAMI_HELP: CommandHelp = {
  usage: { zh: "/whoami", en: "/whoami" },
  summary: {
    zh: "显示本会话的 ID 和你的 open_id，以及把摘要发到这里、把你设为管理员要写进 app.yaml 的内容",
    en: "This chat's id and your open_id, with the app.yaml lines that post a digest here or make you an admin",
  },
  examples: () => ["/whoami", "/我"],
};
