// Feishu's toasts: a short note over the chat that goes away by itself.
import { els, element } from "./dom.js";

const TOAST_MS = 3000;
// The type comes from the bot's callback answer; an unknown one must not invent a class name.
const TOAST_TYPES = new Set(["info", "success", "warning", "error"]);

export function toast(type, text) {
  const kind = TOAST_TYPES.has(type) ? type : "info";
  const note = element("div", `toast toast--${kind}`, text);
  note.setAttribute("role", "status");
  els.toasts.append(note);
  setTimeout(() => note.remove(), TOAST_MS);
}

export function errorText(error) {
  return error instanceof Error ? error.message : String(error);
}
