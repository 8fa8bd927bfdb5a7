/**
 * `table` (card-v2-table.md) with Feishu's client-side paging: every row is in the HTML, those
 * after the first page `hidden`, and a pager the page's script switches between.
 */
import { cellHtml } from "./cells.js";
import type { RenderContext } from "./context.js";
import { classAttr, escapeHtml } from "./html.js";
import { arrayOf, clampInt, isNode, oneOf, stringOf, type Node } from "./node.js";

/** "Supports 1–10; default 5." */
const DEFAULT_PAGE_SIZE = 5;
/** "At most 50 columns; more are not shown." */
const MAX_COLUMNS = 50;
const ALIGNS = ["left", "center", "right"] as const;

export function tableHtml(element: Node, ctx: RenderContext): string {
  const columns = arrayOf(element.columns).filter(isNode).slice(0, MAX_COLUMNS);
  const rows = arrayOf(element.rows).filter(isNode);
  const pageSize = clampInt(element.page_size, 1, 10, DEFAULT_PAGE_SIZE);
  ctx.spend(columns.length * (rows.length + 1));
  const aligns = columns.map(alignOf);
  const head = columns.map((column, i) => `<th${classAttr(aligns[i])}>${escapeHtml(stringOf(column.display_name))}</th>`).join("");
  const body = rows
    .map((row, r) => {
      const cells = columns.map((column, i) => `<td${classAttr(aligns[i])}>${cellHtml(row[stringOf(column.name)], column, ctx)}</td>`).join("");
      return `<tr class="fc-row"${r >= pageSize ? " hidden" : ""}>${cells}</tr>`;
    })
    .join("");
  const headerStyle = isNode(element.header_style) ? element.header_style : {};
  const classes = classAttr(
    "fc-table",
    headerStyle.background_style === "grey" && "fc-table--header-grey",
    element.freeze_first_column === true && "fc-table--freeze",
  );
  return `<div${classes} data-page-size="${pageSize}"><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>${pagerHtml(rows.length, pageSize)}</div>`;
}

/** Numbers default to the right, everything else to the left. */
function alignOf(column: Node): string {
  const align = oneOf(column.horizontal_align, ALIGNS) ?? (column.data_type === "number" ? "right" : "left");
  return `fc-align--${align}`;
}

function pagerHtml(rowCount: number, pageSize: number): string {
  const pages = Math.ceil(rowCount / pageSize);
  if (pages <= 1) return "";
  const buttons = Array.from({ length: pages }, (_, i) => {
    const current = i === 0 ? ` aria-current="page"` : "";
    return `<button type="button" class="fc-table-page" data-page="${i + 1}"${current}>${i + 1}</button>`;
  });
  return `<div class="fc-table-pager">${buttons.join("")}</div>`;
}
