/**
 * One line of card markdown → HTML: emphasis, code, links and the HTML-like tags. Syntax is read
 * from the line as written; text runs are entity-decoded only when they are output, so `&#42;&#42;`
 * is two literal asterisks and never bold (card-v2-markdown.md, 特殊字符转义说明).
 */
import { decodeEntities } from "../../../cards/escape.js";
import type { RenderContext } from "./context.js";
import { escapeHtml } from "./html.js";
import { pairTags, type TagPair } from "./inline-tags.js";
import { renderTag } from "./tag-html.js";
import { safeHttpUrl } from "./url.js";

/** Emphasis inside emphasis inside…: beyond this the rest is shown as text. */
const MAX_NESTING = 16;
/** Bounded, so a line of many `[` costs linear time; real link texts and URLs are far shorter. */
const LINK = /\[([^\]\n]{0,1000})\]\(([^()\s]{0,4000})\)/y;
const VOID_TAG = /<(br|hr)\s*\/?>/iy;
const PUNCTUATION = /[!-/:-@[-`{-~]/;

export function inlineHtml(line: string, ctx: RenderContext): string {
  ctx.spend(line.length);
  return new InlineParser(line, ctx).render(0, line.length, 0);
}

/** Decoded and escaped: the only way text of a card reaches the HTML. */
export function textHtml(source: string): string {
  return escapeHtml(decodeEntities(source));
}

class InlineParser {
  private readonly pairs: Map<number, TagPair>;
  /** Delimiters with no closer anywhere after some position: never searched for again. */
  private readonly unclosed = new Set<string>();

  constructor(
    private readonly line: string,
    private readonly ctx: RenderContext,
  ) {
    this.pairs = pairTags(line);
  }

  render(start: number, end: number, nesting: number): string {
    const { line } = this;
    let out = "";
    let text = start;
    const flush = (upTo: number) => {
      out += textHtml(line.slice(text, upTo));
    };
    let i = start;
    while (i < end) {
      const made = nesting < MAX_NESTING ? this.construct(i, end, nesting) : undefined;
      if (made === undefined) {
        i++;
        continue;
      }
      flush(i);
      out += made.html;
      i = made.next;
      text = i;
    }
    flush(end);
    return out;
  }

  /** The construct starting at `i`, if any. */
  private construct(i: number, end: number, nesting: number): { html: string; next: number } | undefined {
    const { line } = this;
    switch (line[i]) {
      case "\\":
        return i + 1 < end && PUNCTUATION.test(line[i + 1]!) ? { html: escapeHtml(line[i + 1]!), next: i + 2 } : undefined;
      case "`":
        return this.code(i, end);
      case "*":
        return line[i + 1] === "*" ? this.wrapped(i, end, "**", "strong", nesting) : this.wrapped(i, end, "*", "em", nesting);
      case "~":
        return line[i + 1] === "~" ? this.wrapped(i, end, "~~", "del", nesting) : undefined;
      case "[":
        return this.link(i, end, nesting);
      case "<":
        return this.tag(i, end, nesting);
      default:
        return undefined;
    }
  }

  private closer(delimiter: string, from: number, end: number): number {
    if (this.unclosed.has(delimiter)) return -1;
    const at = this.line.indexOf(delimiter, from);
    if (at < 0) this.unclosed.add(delimiter);
    return at >= 0 && at < end ? at : -1;
  }

  private code(i: number, end: number) {
    const close = this.closer("`", i + 1, end);
    if (close <= i + 1) return undefined;
    // Code is literal: no entity decoding, no markup.
    return { html: `<code>${escapeHtml(this.line.slice(i + 1, close))}</code>`, next: close + 1 };
  }

  private wrapped(i: number, end: number, delimiter: string, element: string, nesting: number) {
    const from = i + delimiter.length;
    if (/\s/.test(this.line[from] ?? " ")) return undefined;
    const close = this.closer(delimiter, from, end);
    if (close <= from || /\s/.test(this.line[close - 1]!)) return undefined;
    const inner = this.render(from, close, nesting + 1);
    return { html: `<${element}>${inner}</${element}>`, next: close + delimiter.length };
  }

  private link(i: number, end: number, nesting: number) {
    LINK.lastIndex = i;
    const match = LINK.exec(this.line);
    if (match === null || i + match[0].length > end) return undefined;
    const href = safeHttpUrl(match[2]);
    // Not http(s): the whole construct stays visible as text.
    if (href === undefined) return undefined;
    const label = this.render(i + 1, i + 1 + match[1]!.length, nesting + 1);
    return { html: linkHtml(href, label || escapeHtml(href)), next: i + match[0].length };
  }

  private tag(i: number, end: number, nesting: number) {
    VOID_TAG.lastIndex = i;
    const empty = VOID_TAG.exec(this.line);
    if (empty !== null) return { html: empty[1]!.toLowerCase() === "br" ? "<br>" : "<hr>", next: i + empty[0].length };
    const pair = this.pairs.get(i);
    if (pair === undefined || pair.end > end) return undefined;
    const inner = () => this.render(pair.innerStart, pair.innerEnd, nesting + 1);
    const raw = this.line.slice(pair.innerStart, pair.innerEnd);
    return { html: renderTag(pair, inner, raw, this.ctx), next: pair.end };
  }
}

export function linkHtml(href: string, labelHtml: string): string {
  return `<a class="fc-link" href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer">${labelHtml}</a>`;
}
