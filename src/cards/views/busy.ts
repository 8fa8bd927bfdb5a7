/** BusyView → the short "not handled, try again" card (cards/busy.json). */
import type { Locale } from "../../config/types.js";
import type { BusyView } from "../../commands/notices.js";
import { escapeMarkdown, plainText } from "../escape.js";
import { renderTemplate, type Card } from "../render.js";
import { at, type AccessKey } from "./access.i18n.js";

const WORDS: Record<BusyView["reason"], { title: AccessKey; message: AccessKey; hint?: AccessKey }> = {
  "queue-full": { title: "busyQueueTitle", message: "busyQueue", hint: "busyRetry" },
  delayed: { title: "busyQueueTitle", message: "busyDelayed" },
  working: { title: "busyWorkingTitle", message: "busyWorking" },
  "rate-limited": { title: "busyRateTitle", message: "busyRate" },
  "shutting-down": { title: "busyShutdownTitle", message: "busyShutdown", hint: "busyRetry" },
};

export function renderBusy(view: BusyView, locale: Locale): Card {
  const words = WORDS[view.reason];
  const params = { limit: view.limit ?? "", seconds: view.retryAfterSeconds ?? 60 };
  return renderTemplate("busy", {
    title: plainText(at(locale, words.title)),
    message: escapeMarkdown(at(locale, words.message, params)),
    hint: words.hint ? escapeMarkdown(at(locale, words.hint)) : null,
  });
}
