/** UsageView → the usage card (cards/usage.json): what was wrong, how the command is used, examples. */
import type { Locale } from "../../config/types.js";
import type { UsageView } from "../../commands/usage.js";
import { escapeMarkdown, plainText } from "../escape.js";
import { t } from "../i18n.js";
import { renderTemplate, type Card } from "../render.js";

export function renderUsage(view: UsageView, locale: Locale): Card {
  return renderTemplate("usage", {
    title: plainText(t(locale, "usage.title", { command: `/${view.command}` })),
    problem: escapeMarkdown(view.problem, 300),
    usageLabel: escapeMarkdown(t(locale, "usage.label")),
    usage: escapeMarkdown(view.usage, 300),
    examplesLabel: escapeMarkdown(t(locale, "usage.examples")),
    examples: view.examples.map((example) => `- ${escapeMarkdown(example, 120)}`).join("\n"),
  });
}
