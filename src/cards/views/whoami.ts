/** WhoamiView → the /whoami card (cards/whoami.json): the two ids, and the lines to paste as code blocks. */
import type { Locale } from "../../config/types.js";
import type { WhoamiView } from "../../commands/whoami/view.js";
import { escapeMarkdown, plainText } from "../escape.js";
import { renderTemplate, type Card } from "../render.js";
import { wt } from "./whoami.i18n.js";

/**
 * A fenced code block, copied with one tap in Feishu. Markdown escapes do not apply inside one, so
 * the view only ever puts Feishu-shaped ids in its lines; a fence or anything odd inside is dropped
 * here too, so nothing can end the block early.
 */
function codeBlock(language: string, text: string): string {
  const safe = text.replace(/`/g, "").replace(/[^\x20-\x7e\n…]/g, "");
  return `\`\`\`${language}\n${safe}\n\`\`\``;
}

export function renderWhoami(view: WhoamiView, locale: Locale): Card {
  const type = wt(locale, view.chatType === "p2p" ? "p2p" : "group");
  return renderTemplate("whoami", {
    title: plainText(wt(locale, "title")),
    summary: plainText(wt(locale, "summary")),
    ids: [
      wt(locale, "chat", { type: escapeMarkdown(type), chatId: escapeMarkdown(view.chatId, 100) }),
      wt(locale, "you", { openId: escapeMarkdown(view.openId, 100) }),
      escapeMarkdown(wt(locale, view.isAdmin ? "admin" : "notAdmin")),
    ].join("\n"),
    digestLabel: escapeMarkdown(wt(locale, "digest")),
    digestYaml: codeBlock("yaml", view.digestYaml),
    admin: view.admin
      ? {
          label: escapeMarkdown(wt(locale, "makeAdmin")),
          yaml: codeBlock("yaml", view.admin.yaml),
          envLabel: escapeMarkdown(wt(locale, "env")),
          env: codeBlock("bash", view.admin.env),
        }
      : null,
    restart: escapeMarkdown(wt(locale, "restart")),
  });
}
