/** Text components: `markdown`, the plain-text `div`, a bare `plain_text`, and `text_tag`. */
import { fontClasses, tagClass } from "./colors.js";
import type { RenderContext } from "./context.js";
import { classAttr, escapeLines } from "./html.js";
import { inlineHtml } from "./inline.js";
import { markdownHtml } from "./markdown.js";
import { contentOf, isNode, oneOf, type Node } from "./node.js";

/** card-v2-markdown.md, text_size; a custom size name from config.style is drawn as normal. */
const TEXT_SIZES = [
  "heading-0", "heading-1", "heading-2", "heading-3", "heading-4", "heading", "normal", "notation",
  "xxxx-large", "xxx-large", "xx-large", "x-large", "large", "medium", "small", "x-small",
] as const;
const ALIGNS = ["left", "center", "right"] as const;

function sizeClass(size: unknown): string | undefined {
  const known = oneOf(size, TEXT_SIZES);
  return known === undefined ? undefined : `fc-text--${known}`;
}

function alignClass(align: unknown): string | undefined {
  const known = oneOf(align, ALIGNS);
  return known === undefined ? undefined : `fc-align--${known}`;
}

export function markdownElement(element: Node, ctx: RenderContext): string {
  const body = markdownHtml(contentOf(element), ctx);
  return `<div${classAttr("fc-markdown", sizeClass(element.text_size), alignClass(element.text_align))}>${body}</div>`;
}

/** A text object (plain_text shown as written, lark_md as markdown) inside a `div` or on its own. */
export function textObjectHtml(text: unknown, ctx: RenderContext): string {
  const content = contentOf(text);
  ctx.spend(content.length);
  if (isNode(text) && text.tag === "lark_md") return content.split(/\r?\n/).map((line) => inlineHtml(line, ctx)).join("<br>");
  return escapeLines(content);
}

export function plainElement(element: Node, ctx: RenderContext): string {
  const text = element.tag === "plain_text" ? element : element.text;
  const style = isNode(text) ? text : {};
  const color = style.text_color === undefined ? undefined : fontClasses(style.text_color);
  const classes = classAttr("fc-plain", sizeClass(style.text_size), alignClass(style.text_align ?? element.text_align), color);
  return `<div${classes}>${textObjectHtml(text, ctx)}</div>`;
}

export function textTagElement(element: Node, ctx: RenderContext): string {
  return `<span class="fc-text-tag ${tagClass(element.color)}">${textObjectHtml(element.text, ctx)}</span>`;
}
