/** A table cell's content by its column's data_type (card-v2-table.md). */
import { tagClass } from "./colors.js";
import type { RenderContext } from "./context.js";
import { formatDateTime, rfc3339 } from "./dates.js";
import { escapeHtml, escapeLines } from "./html.js";
import { markdownHtml } from "./markdown.js";
import { clampInt, isNode, stringOf, type Node } from "./node.js";
import { personChip } from "./person.js";

export function cellHtml(value: unknown, column: Node, ctx: RenderContext): string {
  if (value === undefined || value === null) return "";
  switch (column.data_type) {
    case "lark_md":
    case "markdown":
      return markdownHtml(stringOf(value), ctx);
    case "number":
      return escapeHtml(formatNumber(value, isNode(column.format) ? column.format : {}));
    case "options":
      return (Array.isArray(value) ? value : [value])
        .map((option): Node => (isNode(option) ? option : { text: option }))
        .map((option) => `<span class="fc-text-tag ${tagClass(option.color)}">${escapeHtml(stringOf(option.text))}</span>`)
        .join("");
    case "persons":
      return (Array.isArray(value) ? value : [value]).map((id) => personChip(stringOf(id), ctx.names)).join("");
    case "date":
      return escapeHtml(formatDate(value, column.date_format, ctx.timeZone));
    default:
      return escapeLines(stringOf(value));
  }
}

/** precision (0–10 places), separator (thousands commas), symbol (one character before). */
export function formatNumber(value: unknown, format: Node): string {
  const number = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : Number.NaN;
  if (!Number.isFinite(number)) return stringOf(value);
  let text = format.precision === undefined ? String(number) : number.toFixed(clampInt(format.precision, 0, 10, 0));
  if (format.separator === true) {
    const [whole = "", fraction] = text.split(".");
    text = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",") + (fraction === undefined ? "" : `.${fraction}`);
  }
  const symbol = [...stringOf(format.symbol)][0] ?? "";
  return text.startsWith("-") ? `-${symbol}${text.slice(1)}` : `${symbol}${text}`;
}

function formatDate(value: unknown, format: unknown, timeZone: string): string {
  const ms = typeof value === "number" ? value : Number(value);
  if (!Number.isFinite(ms)) return stringOf(value);
  return typeof format === "string" && format !== "" ? formatDateTime(ms, format, timeZone) : rfc3339(ms, timeZone);
}

