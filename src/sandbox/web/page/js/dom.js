// The page's fixed elements and the two ways the page writes into it. Card HTML comes from the
// server's renderer, which escapes every text and attribute, so only card bodies use innerHTML;
// everything else goes through element(), which writes text with textContent.

function byId(id) {
  const found = document.getElementById(id);
  // A renamed element in index.html should fail at start-up, not at the first click.
  if (!found) throw new Error(`the page lacks #${id}`);
  return found;
}

export const els = {
  chats: byId("chats"),
  chatTitle: byId("chat-title"),
  role: /** @type {HTMLSelectElement} */ (byId("role")),
  status: byId("status"),
  messages: byId("messages"),
  composer: /** @type {HTMLFormElement} */ (byId("composer")),
  message: /** @type {HTMLInputElement} */ (byId("message")),
  toasts: byId("toasts"),
  confirm: /** @type {HTMLDialogElement} */ (byId("confirm")),
};

export function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Near enough to the bottom that the reader is following the chat as it grows. */
export function isAtBottom() {
  const m = els.messages;
  return m.scrollHeight - m.scrollTop - m.clientHeight < 24;
}

export function scrollToBottom() {
  els.messages.scrollTop = els.messages.scrollHeight;
}
