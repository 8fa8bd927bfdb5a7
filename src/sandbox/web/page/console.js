// The sandbox web console: a Feishu-like chat page over the lead's /console/api.
// Plain browser JavaScript (an ES module), no framework and no build step.
// Card HTML comes from the server's renderer, which escapes every text and attribute, so it is
// inserted with innerHTML; everything else the page writes goes through textContent.

const API = "/console/api";
const BOT_NAME = "会议助手";
const TOAST_MS = 3000;
const RECONNECT_MS = 2000;
const TOAST_TYPES = new Set(["info", "success", "warning", "error"]);

// Close to the colours Feishu's client draws charts in (light theme).
const FEISHU_THEME = {
  type: "light",
  fontFamily: "system-ui, -apple-system, 'PingFang SC', 'Microsoft YaHei', sans-serif",
  colorScheme: {
    default: {
      dataScheme: [
        "#3370ff", "#34c724", "#ff8800", "#f54a45", "#7f3bf5",
        "#14c0ff", "#ffc60a", "#dc55bd", "#2bc6c6", "#8f959e",
      ],
    },
  },
};

const els = {
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

const state = {
  /** GET /console/api/session */
  session: null,
  /** "group" | "p2p" */
  chat: "group",
  /** "admin" | "member" */
  role: "admin",
  /** The last entry shown: entries come in seq order, and a reconnect may replay some. */
  lastSeq: 0,
  /** messageId → text of each typed message, for reply quotes */
  typedText: new Map(),
  /** chat ids with messages that arrived while another chat was shown */
  unread: new Set(),
};

/** messageId → its article, for updates in place and reply quotes. */
const articles = new Map();

/** VChart instance of each drawn chart element, released when its card is replaced. */
const charts = new WeakMap();

function byId(id) {
  const found = document.getElementById(id);
  if (!found) throw new Error(`the page lacks #${id}`);
  return found;
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// ---- chats and roles ----

function chatIdOf(chat, role) {
  const chats = state.session?.chats;
  if (!chats) return null;
  return chat === "group" ? chats.group.chatId : chats.p2p[role];
}

function currentChatId() {
  return chatIdOf(state.chat, state.role);
}

function chatKindOf(chatId) {
  return chatId === state.session?.chats.group.chatId ? "group" : "p2p";
}

function sectionFor(chatId) {
  for (const section of els.messages.querySelectorAll("section.chat")) {
    if (section.dataset.chatId === chatId) return section;
  }
  const section = element("section", "chat");
  section.dataset.chatId = chatId;
  section.hidden = chatId !== currentChatId();
  els.messages.append(section);
  return section;
}

function showCurrentChat() {
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
  els.chatTitle.textContent = state.chat === "group" ? session.chats.group.name : `${BOT_NAME} · ${session.roles[state.role].name}`;
  els.message.placeholder = `Message ${state.chat === "group" ? session.chats.group.name : BOT_NAME} as ${session.roles[state.role].name}`;
  state.unread.delete(chatId);
  renderUnread();
  // Charts in a hidden chat have no size, so they are drawn when their chat is first shown.
  drawCharts(current);
  scrollToBottom();
}

function renderUnread() {
  for (const button of els.chats.querySelectorAll("button[data-chat]")) {
    const unread = state.unread.has(chatIdOf(button.dataset.chat, state.role));
    button.classList.toggle("rail-chat--unread", unread);
    const dot = button.querySelector(".unread-dot");
    if (dot) dot.hidden = !unread;
  }
}

function applySession(session) {
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

// ---- entries ----

function findArticle(messageId) {
  return articles.get(messageId) ?? null;
}

function applyEntry(entry) {
  if (!entry || typeof entry !== "object") return;
  if (typeof entry.seq === "number") {
    if (entry.seq <= state.lastSeq) return;
    state.lastSeq = entry.seq;
  }
  switch (entry.type) {
    case "typed":
      state.typedText.set(entry.messageId, entry.text);
      fillWaitingQuotes(entry.messageId, entry.text);
      append(entry.chatId, userArticle(entry), false);
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
  const existing = findArticle(entry.messageId);
  if (existing) {
    replaceCard(existing, entry.html);
    return;
  }
  const body = element("div", "msg-card");
  body.innerHTML = entry.html;
  const article = botArticle(entry, body);
  if (entry.origin === "posted") article.classList.add("msg--posted");
  append(entry.chatId, article);
  drawCharts(body);
}

/** A patched card (or the card a click answered with) replaces the old one where it stands. */
function replaceCard(article, html) {
  let body = article.querySelector(".msg-card");
  if (!body) {
    // The content is always the last child of .msg-main (after the name and the quote).
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

function append(chatId, article, marksUnread = true) {
  const section = sectionFor(chatId);
  section.append(article);
  articles.set(article.dataset.messageId, article);
  if (chatId === currentChatId()) {
    scrollToBottom();
  } else if (marksUnread) {
    state.unread.add(chatId);
    renderUnread();
  }
}

function isAtBottom() {
  const m = els.messages;
  return m.scrollHeight - m.scrollTop - m.clientHeight < 24;
}

function scrollToBottom() {
  els.messages.scrollTop = els.messages.scrollHeight;
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

function userArticle(entry) {
  const name = entry.sender?.name ?? "someone";
  const article = element("article", "msg msg--user");
  article.dataset.messageId = entry.messageId;
  article.append(element("div", "msg-avatar msg-avatar--user", initialOf(name)));
  const main = element("div", "msg-main");
  main.append(meta(name, entry.at), element("div", "msg-bubble", entry.text));
  article.append(main);
  return article;
}

function botArticle(entry, content) {
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

function quoteOf(replyTo) {
  const text = state.typedText.get(replyTo) ?? cardTitleOf(replyTo);
  const quote = element("div", "msg-quote", text ?? "reply");
  // Filled in if the typed message shows up after the answer.
  if (text === undefined) quote.dataset.replyTo = replyTo;
  return quote;
}

/** A reply to one of the bot's cards (an export's file) quotes the card's title, as Feishu does. */
function cardTitleOf(messageId) {
  const title = findArticle(messageId)?.querySelector(".msg-card .fc-title")?.textContent?.trim();
  return title ? `${BOT_NAME}: ${title}` : undefined;
}

function fillWaitingQuotes(messageId, text) {
  for (const quote of els.messages.querySelectorAll(".msg-quote[data-reply-to]")) {
    if (quote.dataset.replyTo !== messageId) continue;
    quote.textContent = text;
    delete quote.dataset.replyTo;
  }
}

function textBubble(text) {
  return element("div", "msg-bubble msg-bubble--text", text);
}

function fileBubble(entry) {
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

function initialOf(name) {
  return [...String(name).trim()][0]?.toUpperCase() ?? "?";
}

// ---- charts ----

function vchartModule() {
  const g = globalThis.VChart;
  if (!g) return null;
  return g.VChart ? g : g.default ?? g;
}

function vchartClass() {
  const m = vchartModule();
  if (!m) return null;
  if (typeof m.VChart === "function") return m.VChart;
  return typeof m === "function" ? m : null;
}

let themeSet = false;
function useFeishuTheme() {
  if (themeSet) return;
  const manager = vchartModule()?.ThemeManager;
  if (!manager) return;
  manager.registerTheme("feishu", FEISHU_THEME);
  manager.setCurrentTheme("feishu");
  themeSet = true;
}

function drawCharts(root) {
  for (const chart of root.querySelectorAll(".fc-chart[data-fc-chart]")) {
    if (chart.dataset.state || chart.closest("section.chat")?.hidden) continue;
    void drawChart(chart);
  }
}

async function drawChart(target) {
  target.dataset.state = "drawing";
  try {
    const Chart = vchartClass();
    if (!Chart) throw new Error("VChart did not load");
    useFeishuTheme();
    const spec = JSON.parse(target.dataset.fcChart ?? "");
    const chart = new Chart(spec, { dom: target, animation: false });
    charts.set(target, chart);
    await chart.renderAsync();
    if (target.isConnected) target.dataset.state = "drawn";
  } catch (error) {
    releaseChart(target);
    target.dataset.state = "failed";
    target.textContent = `The chart could not be drawn: ${error instanceof Error ? error.message : String(error)}`;
  }
}

function releaseChart(target) {
  const chart = charts.get(target);
  if (!chart) return;
  charts.delete(target);
  try {
    chart.release();
  } catch (error) {
    console.warn("console: releasing a chart failed", error);
  }
}

function releaseCharts(root) {
  for (const chart of root.querySelectorAll(".fc-chart")) releaseChart(chart);
}

// ---- talking to the server ----

async function postJson(path, body) {
  const response = await fetch(`${API}/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  if (!response.ok) {
    const reason = data && typeof data.error === "string" ? data.error : response.statusText;
    throw new Error(`HTTP ${response.status}${reason ? `: ${reason}` : ""}`);
  }
  return data ?? {};
}

function toast(type, text) {
  const kind = TOAST_TYPES.has(type) ? type : "info";
  const note = element("div", `toast toast--${kind}`, text);
  note.setAttribute("role", "status");
  els.toasts.append(note);
  setTimeout(() => note.remove(), TOAST_MS);
}

function setStatus(kind) {
  els.status.dataset.state = kind;
  els.status.textContent = kind === "live" ? "live" : kind === "reconnecting" ? "reconnecting…" : "connecting…";
}

function connect() {
  // A stream the browser gave up on is opened again by hand, asking only for what came after.
  const after = state.lastSeq;
  const events = new EventSource(after > 0 ? `${API}/events?after=${after}` : `${API}/events`);
  events.addEventListener("open", () => setStatus("live"));
  events.addEventListener("error", () => {
    setStatus("reconnecting");
    // The browser retries by itself unless the server refused the stream outright.
    if (events.readyState === EventSource.CLOSED) {
      events.close();
      setTimeout(connect, RECONNECT_MS);
    }
  });
  events.addEventListener("entry", (event) => {
    let entry;
    try {
      entry = JSON.parse(event.data);
    } catch {
      console.warn("console: an event that is not JSON", event.data);
      return;
    }
    applyEntry(entry);
  });
}

async function loadSession() {
  for (;;) {
    try {
      const response = await fetch(`${API}/session`);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return await response.json();
    } catch (error) {
      setStatus("reconnecting");
      console.warn("console: no session yet", error);
      await new Promise((resolve) => setTimeout(resolve, RECONNECT_MS));
    }
  }
}

// ---- composer ----

async function sendTyped(event) {
  event.preventDefault();
  const text = els.message.value.trim();
  if (!text || !state.session) return;
  try {
    const result = await postJson("message", { text, chat: state.chat, role: state.role });
    if (els.message.value.trim() === text) els.message.value = "";
    if (typeof result.status === "number" && result.status >= 400) {
      toast("error", `The bot answered the delivery with HTTP ${result.status}`);
    }
  } catch (error) {
    toast("error", `Not sent: ${error instanceof Error ? error.message : String(error)}`);
  }
  els.message.focus();
}

// ---- card interactions ----

function parseData(text) {
  try {
    return JSON.parse(text ?? "");
  } catch {
    return undefined;
  }
}

async function sendAction(control, pick) {
  const value = parseData(control.dataset.fcCallback);
  const messageId = control.closest("article.msg")?.dataset.messageId;
  const chatId = control.closest("section.chat")?.dataset.chatId;
  if (value === undefined || !messageId || !chatId) {
    toast("error", "This control has no usable callback");
    return;
  }
  const body = { messageId, value, role: state.role, chat: chatKindOf(chatId) };
  if (pick) body.pick = pick;
  setBusy(control, true);
  try {
    showActionResult(await postJson("action", body));
  } catch (error) {
    toast("error", `The action failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    setBusy(control, false);
  }
}

function showActionResult(result) {
  if (result.toast) {
    const content = result.toast.content;
    toast(result.toast.type, typeof content === "string" ? content : JSON.stringify(content));
  }
  if (result.clientError) {
    toast("error", `${result.clientError.msg} (code ${result.clientError.code})`);
  }
  if (!result.toast && !result.clientError && typeof result.status === "number" && result.status >= 400) {
    toast("error", `The bot answered the callback with HTTP ${result.status}`);
  }
}

function setBusy(control, busy) {
  control.disabled = busy;
  control.classList.toggle("is-busy", busy);
  if (busy) control.setAttribute("aria-busy", "true");
  else control.removeAttribute("aria-busy");
}

async function clickButton(button) {
  const confirmation = parseData(button.dataset.fcConfirm);
  if (confirmation && !(await ask(confirmation))) return;
  await sendAction(button);
}

/** Feishu asks in a small dialog before a button with `confirm` sends its callback. */
function ask(confirmation) {
  const dialog = els.confirm;
  if (typeof dialog.showModal !== "function") {
    return Promise.resolve(window.confirm(`${confirmation.title ?? ""}\n${confirmation.text ?? ""}`));
  }
  dialog.querySelector(".confirm-title").textContent = String(confirmation.title ?? "");
  dialog.querySelector(".confirm-text").textContent = String(confirmation.text ?? "");
  dialog.returnValue = "";
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => resolve(dialog.returnValue === "ok"), { once: true });
    dialog.showModal();
  });
}

/** Tables page on the client, as in Feishu: every row is in the markup, later pages hidden. */
function showTablePage(pageButton) {
  const table = pageButton.closest(".fc-table");
  if (!table) return;
  const size = Number(table.dataset.pageSize);
  const pages = [...table.querySelectorAll(".fc-table-page")].filter((b) => b.closest(".fc-table") === table);
  // Pages may be numbered from 0 or 1; the first button says which.
  const first = Number(pages[0]?.dataset.page);
  const index = Number(pageButton.dataset.page) - (Number.isFinite(first) ? first : 1);
  if (!(size > 0) || !Number.isInteger(index) || index < 0) return;
  const rows = [...table.querySelectorAll(".fc-row")].filter((row) => row.closest(".fc-table") === table);
  rows.forEach((row, i) => {
    row.hidden = Math.floor(i / size) !== index;
  });
  for (const button of pages) {
    if (button === pageButton) button.setAttribute("aria-current", "page");
    else button.removeAttribute("aria-current");
  }
}

function onMessagesClick(event) {
  const target = event.target;
  if (!(target instanceof Element)) return;
  const pageButton = target.closest(".fc-table-page");
  if (pageButton) {
    showTablePage(pageButton);
    return;
  }
  const button = target.closest("button.fc-button[data-fc-callback]");
  if (button && !button.disabled) void clickButton(button);
}

function onMessagesChange(event) {
  const target = event.target;
  if (!(target instanceof Element) || !target.matches("[data-fc-callback]")) return;
  if (target.matches(".fc-date-picker")) {
    // A date picker fires change while a date is half typed; only a whole date is sent.
    if (/^\d{4}-\d{2}-\d{2}$/.test(target.value)) void pick(target, { kind: "date", value: target.value });
  } else if (target.matches(".fc-select")) {
    void pick(target, { kind: "select", value: target.value });
  }
}

async function pick(control, chosen) {
  const confirmation = parseData(control.dataset.fcConfirm);
  if (confirmation && !(await ask(confirmation))) {
    restoreChoice(control);
    return;
  }
  await sendAction(control, chosen);
}

/** A pick the person did not confirm goes back to what the card showed. */
function restoreChoice(control) {
  if (control.matches("select")) {
    const shown = [...control.options].findIndex((option) => option.defaultSelected);
    control.selectedIndex = Math.max(0, shown);
  } else {
    control.value = control.defaultValue;
  }
}

// ---- start ----

function start() {
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
  void loadSession().then((session) => {
    applySession(session);
    connect();
  });
}

start();
