// One article per message, laid out as Feishu's chat does: avatar, name and time, the quote of
// what it replies to, then the bubble (typed text, the bot's text, a file) or the card.
import { element } from "./dom.js";
import { quoteOf } from "./quotes.js";
import { BOT_NAME } from "./state.js";

function initialOf(name) {
  return [...String(name).trim()][0]?.toUpperCase() ?? "?";
}

function timeOf(at) {
  if (typeof at !== "number") return "";
  const date = new Date(at);
  return `${String(date.getHours()).padStart(2, "0")}:${String(date.getMinutes()).padStart(2, "0")}`;
}

function meta(name, at) {
  const line = element("div", "msg-meta");
  line.append(element("span", "msg-name", name));
  const time = timeOf(at);
  if (time) line.append(element("time", "msg-time", time));
  return line;
}

export function userArticle(entry) {
  const name = entry.sender?.name ?? "someone";
  const article = element("article", "msg msg--user");
  article.dataset.messageId = entry.messageId;
  article.append(element("div", "msg-avatar msg-avatar--user", initialOf(name)));
  const main = element("div", "msg-main");
  main.append(meta(name, entry.at), element("div", "msg-bubble", entry.text));
  article.append(main);
  return article;
}

/** The bot's message; `content` is always the last child of .msg-main (a card update replaces it there). */
export function botArticle(entry, content) {
  const article = element("article", "msg msg--bot");
  article.dataset.messageId = entry.messageId;
  article.append(element("div", "msg-avatar msg-avatar--bot", "Bot"));
  const main = element("div", "msg-main");
  main.append(meta(BOT_NAME, entry.at));
  if (entry.replyTo) main.append(quoteOf(entry.replyTo));
  main.append(content);
  article.append(main);
  return article;
}

export function textBubble(text) {
  return element("div", "msg-bubble msg-bubble--text", text);
}

/** An export's spreadsheet, as Feishu shows a file: its type, name, and what is in it. */
export function fileBubble(entry) {
  const bubble = element("div", "msg-bubble msg-file");
  const extension = /\.([a-z0-9]{1,4})$/i.exec(entry.fileName ?? "")?.[1] ?? "file";
  bubble.append(element("span", "msg-file-icon", extension.toUpperCase()));
  const info = element("div", "msg-file-info");
  info.append(element("div", "msg-file-name", entry.fileName));
  const details = [];
  if (typeof entry.sheets === "number") details.push(`${entry.sheets} ${entry.sheets === 1 ? "sheet" : "sheets"}`);
  if (typeof entry.rows === "number") details.push(`${entry.rows} ${entry.rows === 1 ? "row" : "rows"}`);
  if (details.length > 0) info.append(element("div", "msg-file-details", details.join(" · ")));
  bubble.append(info);
  return bubble;
}
