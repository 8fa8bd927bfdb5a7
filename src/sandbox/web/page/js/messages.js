// The stream's entries into the chats: each new message appended to its chat's section, a card
// update replacing the card where it stands, the reader's scroll position kept.
import { botArticle, fileBubble, textBubble, userArticle } from "./articles.js";
import { drawCharts, releaseCharts } from "./charts.js";
import { currentChatId, markUnread, sectionFor } from "./chats.js";
import { els, element, isAtBottom, scrollToBottom } from "./dom.js";
import { cardTitleOf, fillWaitingQuotes } from "./quotes.js";
import { articles, state } from "./state.js";

export function applyEntry(entry) {
  if (!entry || typeof entry !== "object") return;
  if (typeof entry.seq === "number") {
    if (entry.seq <= state.lastSeq) return;
    state.lastSeq = entry.seq;
  }
  switch (entry.type) {
    case "typed":
      state.typedText.set(entry.messageId, entry.text);
      fillWaitingQuotes(entry.messageId, entry.text);
      // The person's own message never marks its chat unread.
      append(entry.chatId, userArticle(entry), true);
      break;
    case "card":
      showCard(entry);
      break;
    case "text":
      append(entry.chatId, botArticle(entry, textBubble(entry.text)));
      break;
    case "file":
      append(entry.chatId, botArticle(entry, fileBubble(entry)));
      break;
    default:
      console.warn("console: an entry of unknown type", entry);
  }
}

function showCard(entry) {
  const existing = articles.get(entry.messageId);
  if (existing) {
    replaceCard(existing, entry.html);
    return;
  }
  const body = element("div", "msg-card");
  body.innerHTML = entry.html;
  const article = botArticle(entry, body);
  if (entry.origin === "posted") article.classList.add("msg--posted");
  append(entry.chatId, article);
  fillWaitingQuotes(entry.messageId, cardTitleOf(entry.messageId));
  drawCharts(body);
}

/** A patched card (or the card a click answered with) replaces the old one where it stands. */
function replaceCard(article, html) {
  let body = article.querySelector(".msg-card");
  if (!body) {
    body = element("div", "msg-card");
    article.querySelector(".msg-main")?.lastElementChild?.replaceWith(body);
  }
  // A reader following the chat at its bottom stays there; one reading further up keeps their place.
  const following = isAtBottom();
  const scrollTop = els.messages.scrollTop;
  releaseCharts(body);
  body.innerHTML = html;
  if (following) scrollToBottom();
  else els.messages.scrollTop = scrollTop;
  article.dataset.version = String(Number(article.dataset.version ?? "1") + 1);
  article.classList.remove("msg--updated");
  // Reading offsetWidth restarts the highlight animation when updates come in quick succession.
  void article.offsetWidth;
  article.classList.add("msg--updated");
  drawCharts(body);
}

/**
 * A new message at the end of its chat. The chat follows it when the reader was at the bottom (or
 * typed it); a reader scrolled up to an older card keeps their place, as a digest arrives every minute.
 */
function append(chatId, article, own = false) {
  const current = chatId === currentChatId();
  const following = current && isAtBottom();
  sectionFor(chatId).append(article);
  articles.set(article.dataset.messageId, article);
  if (current && (own || following)) scrollToBottom();
  else if (!current && !own) markUnread(chatId);
}
