/** The Export button's words, the same on every card that has one, and the toast its click answers with. */
import type { Locale } from "../../config/types.js";
import type { ButtonAction } from "../../commands/actions.js";

const LABEL: Record<Locale, string> = { zh: "导出 Excel", en: "Export" };

/** The template's `exportButton`: null when the view offers no export. */
export function exportButton(value: ButtonAction | undefined, locale: Locale): { label: string; value: ButtonAction } | null {
  return value ? { label: LABEL[locale], value } : null;
}

const EXPORTING: Record<Locale, string> = { zh: "正在生成表格…", en: "Preparing the spreadsheet…" };

/** The toast of an Export click: its file follows in the card's thread. */
export function exportingToast(locale: Locale): string {
  return EXPORTING[locale];
}
