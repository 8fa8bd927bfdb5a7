// Feishu asks in a small dialog before a control with `confirm` sends its callback.
import { els } from "./dom.js";

/** Resolves true when the person chose OK. */
export function ask(confirmation) {
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
