// The quote above a reply, as Feishu shows it: the typed text it answers, or the title of the
// bot's card it answers (a meeting's details answering the list's 详情, an export's file).
import { els, element } from "./dom.js";
import { articles, BOT_NAME, state } from "./state.js";

/** Shown while what was replied to is unknown (not arrived yet, or from before the page's history). */
const UNKNOWN = "an earlier message";

export function quoteOf(replyTo) {
  const text = state.typedText.get(replyTo) ?? cardTitleOf(replyTo);
  const quote = element("div", "msg-quote", text ?? UNKNOWN);
  // Filled in if what was replied to shows up after the answer.
  if (text === undefined) quote.dataset.replyTo = replyTo;
  return quote;
}

/** "会议助手: title" of a card already shown, or undefined. */
export function cardTitleOf(messageId) {
  const title = articles.get(messageId)?.querySelector(".msg-card .fc-title")?.textContent?.trim();
  return title ? `${BOT_NAME}: ${title}` : undefined;
}

/** Quotes still waiting for `messageId` now say `text`. */
export function fillWaitingQuotes(messageId, text) {
  if (text === undefined) return;
  for (const quote of els.messages.querySelectorAll(".msg-quote[data-reply-to]")) {
    if (quote.dataset.replyTo !== messageId) continue;
    quote.textContent = text;
    delete quote.dataset.replyTo;
  }
}
