// The two chats (the group, and the current role's direct chat with the bot): one section of
// messages each, the one shown, the rail's buttons, and which chats have unread messages.
import { drawCharts } from "./charts.js";
import { els, element, scrollToBottom } from "./dom.js";
import { BOT_NAME, state } from "./state.js";

function chatIdOf(chat, role) {
  const chats = state.session?.chats;
  if (!chats) return null;
  return chat === "group" ? chats.group.chatId : chats.p2p[role];
}

export function currentChatId() {
  return chatIdOf(state.chat, state.role);
}

/** The chat's section of messages, made (hidden unless current) the first time something arrives in it. */
export function sectionFor(chatId) {
  for (const section of els.messages.querySelectorAll("section.chat")) {
    if (section.dataset.chatId === chatId) return section;
  }
  const section = element("section", "chat");
  section.dataset.chatId = chatId;
  section.hidden = chatId !== currentChatId();
  els.messages.append(section);
  return section;
}

export function showCurrentChat() {
  const chatId = currentChatId();
  if (!chatId) return;
  const current = sectionFor(chatId);
  for (const section of els.messages.querySelectorAll("section.chat")) {
    section.hidden = section !== current;
  }
  for (const button of els.chats.querySelectorAll("button[data-chat]")) {
    button.setAttribute("aria-pressed", String(button.dataset.chat === state.chat));
  }
  const session = state.session;
  const person = session.roles[state.role].name;
  els.chatTitle.textContent = state.chat === "group" ? session.chats.group.name : `${BOT_NAME} · ${person}`;
  els.message.placeholder = `Message ${state.chat === "group" ? session.chats.group.name : BOT_NAME} as ${person}`;
  state.unread.delete(chatId);
  renderUnread();
  // Charts in a hidden chat have no size, so they are drawn when their chat is first shown.
  drawCharts(current);
  scrollToBottom();
}

export function markUnread(chatId) {
  if (!state.caughtUp) return;
  state.unread.add(chatId);
  renderUnread();
}

function renderUnread() {
  for (const button of els.chats.querySelectorAll("button[data-chat]")) {
    const unread = state.unread.has(chatIdOf(button.dataset.chat, state.role));
    button.classList.toggle("rail-chat--unread", unread);
    const dot = button.querySelector(".unread-dot");
    if (dot) dot.hidden = !unread;
  }
}

/** Names the roles and the group as the sandbox's tenant has them, then shows the current chat. */
export function applySession(session) {
  state.session = session;
  for (const option of els.role.options) {
    const person = session.roles[option.value];
    if (person) option.textContent = `${option.value} · ${person.name}`;
  }
  state.role = els.role.value;
  const groupName = els.chats.querySelector('button[data-chat="group"] .rail-name');
  if (groupName) groupName.textContent = session.chats.group.name;
  showCurrentChat();
}
