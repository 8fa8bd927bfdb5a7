/** Layout components: `hr`, `column_set` and its columns (card-v2-column-set.md), panels and containers. */
import { textObjectHtml } from "./content.js";
import type { RenderContext } from "./context.js";
import { classAttr } from "./html.js";
import { arrayOf, clampInt, isNode, oneOf, type Node } from "./node.js";

const FLEX_MODES = ["none", "stretch", "flow", "bisect", "trisect"] as const;
const VERTICAL_ALIGNS = ["top", "center", "bottom"] as const;

export function hrHtml(): string {
  return `<hr class="fc-hr">`;
}

export function columnSetHtml(element: Node, ctx: RenderContext): string {
  const mode = oneOf(element.flex_mode, FLEX_MODES) ?? "none";
  const columns = arrayOf(element.columns)
    .filter(isNode)
    .map((column) => columnHtml(column, ctx))
    .join("");
  return `<div class="fc-columns fc-columns--${mode}">${columns}</div>`;
}

/**
 * A column's width becomes a style only as numbers this code computed: a weight of 1–5
 * (`flex: N 1 0`) or a pixel width; `auto` (the default) is a class.
 */
function columnHtml(column: Node, ctx: RenderContext): string {
  const valign = oneOf(column.vertical_align, VERTICAL_ALIGNS);
  const valignClass = valign === undefined ? undefined : `fc-valign--${valign}`;
  const pixels = typeof column.width === "string" ? /^(\d{1,4})px$/.exec(column.width) : null;
  let sizing: string;
  if (column.width === "weighted") {
    sizing = `${classAttr("fc-column", valignClass)} style="flex: ${clampInt(column.weight, 1, 5, 1)} 1 0"`;
  } else if (pixels !== null) {
    sizing = `${classAttr("fc-column", valignClass)} style="flex: 0 0 ${clampInt(pixels[1], 0, 9999, 0)}px"`;
  } else {
    sizing = classAttr("fc-column", "fc-column--auto", valignClass);
  }
  return `<div${sizing}>${ctx.children(column.elements)}</div>`;
}

/** collapsible_panel: a `<details>` the page needs no code for. */
export function panelHtml(element: Node, ctx: RenderContext): string {
  const header = isNode(element.header) ? element.header : {};
  const open = element.expanded === true ? " open" : "";
  return `<details class="fc-panel"${open}><summary class="fc-panel-title">${textObjectHtml(header.title, ctx)}</summary>${ctx.children(element.elements)}</details>`;
}

/** form, interactive_container: their elements, in a box. */
export function containerHtml(element: Node, ctx: RenderContext): string {
  return `<div class="fc-container">${ctx.children(element.elements)}</div>`;
}
