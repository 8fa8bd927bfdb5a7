/** The card header (card-v2-header.md): template colour, title, subtitle and up to three tags. */
import { headerClass, tagClass } from "./colors.js";
import { textObjectHtml } from "./content.js";
import type { RenderContext } from "./context.js";
import { arrayOf, contentOf, isNode, type Node } from "./node.js";

const MAX_TAGS = 3;

export function headerHtml(header: unknown, ctx: RenderContext): string {
  if (!isNode(header)) return "";
  let title = header.title;
  let subtitle = header.subtitle;
  // "If only a subtitle is set, it is shown as the title."
  if (contentOf(title) === "") [title, subtitle] = [subtitle, undefined];
  const tags = tagList(header)
    .slice(0, MAX_TAGS)
    .map((tag) => `<span class="fc-text-tag ${tagClass(tag.color)}">${textObjectHtml(tag.text, ctx)}</span>`)
    .join("");
  const parts = [
    `<div class="fc-title">${textObjectHtml(title, ctx)}</div>`,
    contentOf(subtitle) === "" ? "" : `<div class="fc-subtitle">${textObjectHtml(subtitle, ctx)}</div>`,
    tags === "" ? "" : `<div class="fc-header-tags">${tags}</div>`,
  ];
  return `<div class="fc-header ${headerClass(header.template)}">${parts.join("")}</div>`;
}

/** text_tag_list, or the i18n list (which wins when both are set), zh_cn first. */
function tagList(header: Node): Node[] {
  const i18n = isNode(header.i18n_text_tag_list) ? header.i18n_text_tag_list : undefined;
  const localised = i18n ? (i18n.zh_cn ?? Object.values(i18n).find(Array.isArray)) : undefined;
  return arrayOf(localised ?? header.text_tag_list).filter(isNode);
}
