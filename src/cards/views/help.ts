/** HelpView → the help card (cards/help.json). */
import type { Locale } from "../../config/types.js";
import type { HelpView } from "../../commands/help.js";
import { escapeMarkdown, plainText } from "../escape.js";
import { t } from "../i18n.js";
import { renderTemplate, type Card } from "../render.js";

const OWN_TEXT_MAX = 1_000;

export function renderHelp(view: HelpView, locale: Locale): Card {
  const title = plainText(t(locale, "help.title"));
  return renderTemplate("help", {
    title,
    summary: plainText(t(locale, "help.summary")),
    intro: escapeMarkdown(t(locale, "help.intro")),
    note: view.note ? escapeMarkdown(t(locale, "help.unknown", { text: view.note.unknownText })) : null,
    sandbox: view.sandbox
      ? [escapeMarkdown(t(locale, "help.sandbox")), ...view.sandbox.map((entry) => `- **${escapeMarkdown(entry.text)}** ${escapeMarkdown(entry.what)}`)].join("\n")
      : null,
    // The bot's own words, not a user's: shown whole (/digest's usage runs past the default cut).
    commands: view.commands.map((command) => ({
      usage: escapeMarkdown(command.usage, OWN_TEXT_MAX),
      aliases:
        command.aliases.length === 0
          ? ""
          : escapeMarkdown(t(locale, "help.aliases", { aliases: command.aliases.map((alias) => `/${alias}`).join(" ") })),
      summary: escapeMarkdown(command.summary, OWN_TEXT_MAX),
    })),
  });
}
