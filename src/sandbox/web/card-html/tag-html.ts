/** The HTML for one paired markdown tag (`<font>`, `<at>`, `<person>`, …); card-v2-markdown.md. */
import { decodeEntities } from "../../../cards/escape.js";
import { fontClasses, tagClass } from "./colors.js";
import type { RenderContext } from "./context.js";
import { escapeHtml } from "./html.js";
import type { TagPair } from "./inline-tags.js";
import { personChip, lookOf } from "./person.js";
import { formatDateTime } from "./dates.js";
import { safeHttpUrl } from "./url.js";

/** `inner()` renders the tag's content as markdown; `raw` is that content as written. */
export function renderTag(pair: TagPair, inner: () => string, raw: string, ctx: RenderContext): string {
  const { attrs } = pair;
  const text = () => escapeHtml(decodeEntities(raw));
  switch (pair.name) {
    case "font":
      return `<span class="fc-font ${fontClasses(attrs.color)}">${inner()}</span>`;
    case "text_tag":
      return `<span class="fc-text-tag ${tagClass(attrs.color)}">${text()}</span>`;
    case "a":
    case "link": {
      const href = safeHttpUrl(pair.name === "a" ? attrs.href : (attrs.url ?? attrs.pc_url));
      const label = inner();
      if (href === undefined) return label;
      return `<a class="fc-link" href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer">${label || escapeHtml(href)}</a>`;
    }
    case "at":
      return mentions(attrs, ctx);
    case "person":
      return personChip(decodeEntities(attrs.id ?? ""), ctx.names, lookOf(attrs));
    case "raw":
      return escapeHtml(raw);
    case "number_tag":
      return `<span class="fc-number-tag">${text()}</span>`;
    case "local_datetime": {
      const ms = Number(attrs.millisecond);
      const shown = attrs.millisecond !== undefined && attrs.millisecond !== "" && Number.isFinite(ms) ? formatDateTime(ms, "YYYY-MM-DD HH:mm", ctx.timeZone) : "";
      return `<span class="fc-datetime">${escapeHtml(shown)}</span>`;
    }
  }
}

/** `<at id=…>`, `<at ids=a,b>`, `<at email=…>`; `<at id=all>` is everyone. */
function mentions(attrs: Readonly<Record<string, string>>, ctx: RenderContext): string {
  const ids = (attrs.ids ?? attrs.id ?? attrs.user_id ?? attrs.email ?? "")
    .split(",")
    .map((id) => decodeEntities(id).trim())
    .filter((id) => id !== "");
  const names = ids.length === 0 ? ["?"] : ids.map((id) => (id === "all" ? "所有人" : (ctx.names.get(id) ?? id)));
  return names.map((name) => `<span class="fc-at">@${escapeHtml(name)}</span>`).join(" ");
}
