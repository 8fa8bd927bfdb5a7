/**
 * Card markdown → HTML, block by block: fenced code, headings, rules, quotes and (nested) lists;
 * other lines are joined with `<br>` as Feishu breaks them (card-v2-markdown.md). Inline syntax is
 * inline.ts's.
 */
import type { RenderContext } from "./context.js";
import { escapeHtml } from "./html.js";
import { inlineHtml } from "./inline.js";

const FENCE = /^\s{0,3}(```|~~~)/;
const RULE = /^\s{0,3}(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,}|<hr\s*\/?>)$/i;
const HEADING = /^\s{0,3}(#{1,6})\s+(.*)$/;
const QUOTE = /^\s{0,3}>\s?(.*)$/;
const ITEM = /^(\s*)(?:([-*+])|(\d{1,9})[.)])\s+(.*)$/;

interface Item {
  level: number;
  tag: "ul" | "ol";
  start: number;
  text: string;
}

export function markdownHtml(source: string, ctx: RenderContext): string {
  const lines = source.split(/\r?\n/);
  const parts: { html: string; inline: boolean }[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (FENCE.test(line)) {
      const fence = FENCE.exec(line)![1]!;
      let close = i + 1;
      while (close < lines.length && !lines[close]!.trimStart().startsWith(fence)) close++;
      const code = lines.slice(i + 1, close).join("\n");
      ctx.spend(code.length);
      parts.push({ html: `<pre class="fc-code"><code>${escapeHtml(code)}</code></pre>`, inline: false });
      i = close + 1;
      continue;
    }
    if (ITEM.test(line)) {
      const items: Item[] = [];
      for (let match = ITEM.exec(line); match !== null; match = ITEM.exec(lines[++i] ?? "\u0000")) {
        items.push({ level: Math.floor(match[1]!.replace(/\t/g, "    ").length / 4), tag: match[2] ? "ul" : "ol", start: Number(match[3] ?? 1), text: match[4]! });
      }
      parts.push({ html: listHtml(items, ctx), inline: false });
      continue;
    }
    parts.push(blockOf(line, ctx));
    i++;
  }
  let out = "";
  parts.forEach((part, at) => {
    out += part.html;
    if (part.inline && parts[at + 1]?.inline) out += "<br>";
  });
  return out;
}

function blockOf(line: string, ctx: RenderContext): { html: string; inline: boolean } {
  if (RULE.test(line)) return { html: "<hr>", inline: false };
  const heading = HEADING.exec(line);
  if (heading !== null) {
    const level = heading[1]!.length;
    const text = heading[2]!.trim();
    return { html: `<h${level}>${inlineHtml(text, ctx)}</h${level}>`, inline: false };
  }
  const quote = QUOTE.exec(line);
  if (quote !== null) return { html: `<blockquote class="fc-quote">${inlineHtml(quote[1]!, ctx)}</blockquote>`, inline: false };
  return { html: inlineHtml(line, ctx), inline: true };
}

/** Items with their indent level → nested `<ul>`/`<ol>`; a deeper item opens a list inside the item above. */
function listHtml(items: Item[], ctx: RenderContext): string {
  const open: { tag: "ul" | "ol"; level: number }[] = [];
  let out = "";
  const close = () => {
    out += `</li></${open.pop()!.tag}>`;
  };
  for (const item of items) {
    const top = () => open[open.length - 1];
    const level = Math.min(item.level, (top()?.level ?? -1) + 1);
    while ((top()?.level ?? -1) > level) close();
    if (top()?.level === level) {
      if (top()!.tag === item.tag) out += "</li>";
      else close();
    }
    if ((top()?.level ?? -1) < level) {
      out += item.tag === "ol" && item.start !== 1 ? `<ol start="${item.start}">` : `<${item.tag}>`;
      open.push({ tag: item.tag, level });
    }
    out += `<li>${inlineHtml(item.text, ctx)}`;
  }
  while (open.length > 0) close();
  return out;
}
