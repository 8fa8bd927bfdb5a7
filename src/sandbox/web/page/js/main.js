// The sandbox web console: a Feishu-like chat page over its API (/console/api), in plain browser
// modules (no framework, no build step). This one only wires the page's controls to the others.
import { connect, loadSession } from "./api.js";
import { applySession, showCurrentChat } from "./chats.js";
import { sendTyped } from "./composer.js";
import { els } from "./dom.js";
import { onMessagesChange, onMessagesClick } from "./interactions.js";
import { applyEntry } from "./messages.js";
import { state } from "./state.js";

els.chats.addEventListener("click", (event) => {
  const button = event.target instanceof Element ? event.target.closest("button[data-chat]") : null;
  if (!button || !state.session) return;
  state.chat = button.dataset.chat;
  showCurrentChat();
  els.message.focus();
});
els.role.addEventListener("change", () => {
  state.role = els.role.value;
  if (state.session) showCurrentChat();
});
els.composer.addEventListener("submit", (event) => void sendTyped(event));
els.messages.addEventListener("click", onMessagesClick);
els.messages.addEventListener("change", onMessagesChange);

// The stream opens only once the session names the chats its entries belong to.
void loadSession().then((session) => {
  applySession(session);
  connect(applyEntry);
});
