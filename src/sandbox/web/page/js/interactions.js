// What a person does on a card: a button click, a date or option picked, a table page turned.
// Each callback goes to /console/api/action as Feishu would deliver it; the card the bot answers
// with arrives on the event stream, and only the toast (or a refusal) is shown from here.
import { postJson } from "./api.js";
import { ask } from "./confirm.js";
import { state } from "./state.js";
import { showTablePage } from "./table-pager.js";
import { errorText, toast } from "./toasts.js";

function parseData(text) {
  try {
    return JSON.parse(text ?? "");
  } catch {
    return undefined;
  }
}

/** The control stays disabled until the bot has answered, so a double click sends one callback. */
function setBusy(control, busy) {
  control.disabled = busy;
  control.classList.toggle("is-busy", busy);
  if (busy) control.setAttribute("aria-busy", "true");
  else control.removeAttribute("aria-busy");
}

/** Sends the control's callback; true when the bot took it (no refusal, no error). */
async function sendAction(control, pick) {
  const value = parseData(control.dataset.fcCallback);
  const messageId = control.closest("article.msg")?.dataset.messageId;
  if (value === undefined || !messageId) {
    toast("error", "This control has no usable callback");
    return;
  }
  const body = { messageId, value, role: state.role };
  if (pick) body.pick = pick;
  setBusy(control, true);
  try {
    return showActionResult(await postJson("action", body));
  } catch (error) {
    toast("error", `The action failed: ${errorText(error)}`);
    return false;
  } finally {
    setBusy(control, false);
  }
}

/** Shows what the callback was answered with; false when the answer refused it. */
function showActionResult(result) {
  if (result.toast) {
    const content = result.toast.content;
    toast(result.toast.type, typeof content === "string" ? content : JSON.stringify(content));
  }
  if (result.clientError) {
    toast("error", `${result.clientError.msg} (code ${result.clientError.code})`);
  }
  const failedStatus = typeof result.status === "number" && result.status >= 400;
  if (!result.toast && !result.clientError && failedStatus) {
    toast("error", `The bot answered the callback with HTTP ${result.status}`);
  }
  return !result.clientError && !failedStatus && !["error", "warning"].includes(result.toast?.type);
}

async function clickButton(button) {
  const confirmation = parseData(button.dataset.fcConfirm);
  if (confirmation && !(await ask(confirmation))) return;
  await sendAction(button);
}

async function pick(control, chosen) {
  const confirmation = parseData(control.dataset.fcConfirm);
  if (confirmation && !(await ask(confirmation))) {
    restoreChoice(control);
    return;
  }
  // A pick the bot refused (a day in the future) leaves the card as it was: so does the picker.
  if (!(await sendAction(control, chosen))) restoreChoice(control);
}

/** A pick not confirmed, or refused, goes back to what the card showed. */
function restoreChoice(control) {
  if (control.matches("select")) {
    const shown = [...control.options].findIndex((option) => option.defaultSelected);
    control.selectedIndex = Math.max(0, shown);
  } else {
    control.value = control.defaultValue;
  }
}

/** Clicks anywhere in the chats: cards come and go, so one listener on #messages serves them all. */
export function onMessagesClick(event) {
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

export function onMessagesChange(event) {
  const target = event.target;
  if (!(target instanceof Element) || !target.matches("[data-fc-callback]")) return;
  if (target.matches(".fc-date-picker")) {
    // A date picker fires change while a date is half typed; only a whole date is sent.
    if (/^\d{4}-\d{2}-\d{2}$/.test(target.value)) void pick(target, { kind: "date", value: target.value });
  } else if (target.matches(".fc-select")) {
    void pick(target, { kind: "select", value: target.value });
  }
}
