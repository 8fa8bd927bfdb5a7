/** ErrorView → a red-header card (cards/error.json). The one place where errors become cards. */
import type { Locale } from "../config/types.js";
import type { ErrorView } from "../commands/types.js";
import { escapeMarkdown, plainText } from "./escape.js";
import { t } from "./i18n.js";
import { renderTemplate, type Card } from "./render.js";

/** Error texts may quote Feishu's `msg` or user input: everything is escaped like user text. */
const MESSAGE_MAX = 500;

export function renderError(view: ErrorView, locale: Locale): Card {
  const title = plainText(view.title) || t(locale, "error.title");
  return renderTemplate("error", {
    title,
    message: escapeMarkdown(view.message, MESSAGE_MAX),
    hint: view.hint ? escapeMarkdown(t(locale, "error.hint", { hint: view.hint }), MESSAGE_MAX) : null,
    // The hint, when there is one, is the advice (often "try again" in its own words): the generic
    // try-again line stands in only without one, so the card never says it twice.
    retry: view.retryable && !view.hint ? escapeMarkdown(t(locale, "error.retry")) : null,
  });
}
