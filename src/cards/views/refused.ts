/** RefusedView → the refusal card (cards/refused.json): who may run the command, or that the chat is not enabled. */
import type { Locale } from "../../config/types.js";
import type { RefusedView } from "../../commands/notices.js";
import { escapeMarkdown, plainText } from "../escape.js";
import { renderTemplate, type Card } from "../render.js";
import { at } from "./access.i18n.js";

/** Admins shown as people (no notification); the rest are counted, so the card stays small whatever the config. */
export const MAX_ADMINS_SHOWN = 20;

export function renderRefused(view: RefusedView, locale: Locale): Card {
  const shown = view.admins.slice(0, MAX_ADMINS_SHOWN);
  const more = view.admins.length - shown.length;
  const chat = view.reason === "chat";
  const title = plainText(at(locale, chat ? "refusedChatTitle" : "refusedTitle"));
  const parent = `/${view.command ?? "?"}`;
  const message = chat
    ? at(locale, "refusedChat")
    : view.sub !== undefined
      ? at(locale, "refusedAdminsSub", { command: `${parent} ${view.sub}`, parent })
      : at(locale, "refusedAdmins", { command: parent });
  // Who the admins are set by: so the asker knows whom to ask when none is listed, and where the list comes from when some are.
  const hint = chat
    ? at(locale, "refusedChatHint", { chatId: view.chatId ?? "" })
    : at(locale, view.admins.length === 0 ? "refusedNoAdmins" : "refusedAdminsConfigured");
  return renderTemplate("refused", {
    title,
    summary: plainText(chat ? title : at(locale, "refusedSummary")),
    message: escapeMarkdown(message),
    adminsLabel: escapeMarkdown(at(locale, "refusedAdminsLabel")),
    admins: shown.map((id) => ({ id: plainText(id, 64) })),
    moreAdmins: more > 0 ? escapeMarkdown(at(locale, "refusedMoreAdmins", { count: more })) : null,
    hint: hint === null ? null : escapeMarkdown(hint),
  });
}
