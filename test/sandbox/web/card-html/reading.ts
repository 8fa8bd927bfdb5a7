/**
 * Reading the renderer's HTML back in tests, without a DOM: the renderer escapes every `<`, `>` and
 * `"` of the card's text, so each `<` in its output starts a tag and each attribute is `name="value"`.
 */

/** A tag as the renderer writes it: a name, then `name` or `name="value"` attributes with no raw `"`. */
export const STRICT_TAG = /<(\/?)([a-z][a-z0-9]*)((?:\s+[a-z][a-z-]*(?:="[^"<>]*")?)*)\s*>/g;
const ATTRIBUTE = /\s+([a-z][a-z-]*)(?:="([^"]*)")?/g;

export interface Tag {
  name: string;
  closing: boolean;
  attrs: Record<string, string>;
}

export function decodeHtml(text: string): string {
  return text.replace(/&(?:#(\d+)|#x([0-9a-f]+)|(amp|lt|gt|quot));/gi, (_whole, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (dec !== undefined) return String.fromCodePoint(Number(dec));
    if (hex !== undefined) return String.fromCodePoint(Number.parseInt(hex, 16));
    return { amp: "&", lt: "<", gt: ">", quot: '"' }[name!.toLowerCase() as "amp"];
  });
}

export function tagsOf(html: string): Tag[] {
  return [...html.matchAll(STRICT_TAG)].map((match) => ({
    closing: match[1] === "/",
    name: match[2]!,
    attrs: Object.fromEntries([...match[3]!.matchAll(ATTRIBUTE)].map((a) => [a[1]!, decodeHtml(a[2] ?? "")])),
  }));
}

/** The tags having this class. */
export function withClass(html: string, className: string): Tag[] {
  return tagsOf(html).filter((tag) => (tag.attrs.class ?? "").split(" ").includes(className));
}

/** The text the browser would show, tags dropped and entities decoded. */
export function textOf(html: string): string {
  return decodeHtml(html.replace(STRICT_TAG, ""));
}

const TAG_NAMES = new Set([
  "div", "span", "strong", "em", "del", "code", "pre", "br", "hr", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6",
  "blockquote", "a", "button", "input", "select", "option", "table", "thead", "tbody", "tr", "th", "td", "details", "summary",
]);
const ATTRIBUTE_NAMES = new Set([
  "class", "href", "target", "rel", "type", "value", "placeholder", "style", "hidden", "disabled", "selected", "open", "start",
  "data-fc-callback", "data-fc-confirm", "data-fc-chart", "data-page-size", "data-page", "aria-current",
]);
/** The only styles the renderer writes, all numbers it computed. */
const STYLE = /^(?:flex: \d 1 0|flex: 0 0 \d+px|aspect-ratio: \d+ \/ \d+|height: \d+px)$/;

/**
 * Why the HTML could run something or break out of its markup, or [] when it cannot: every `<` starts
 * a well-formed tag from the allow-list, the text holds no raw `<` `>` `"`, no attribute is an event
 * handler, every href is http(s), every class an fc- name and every style one the renderer computes.
 */
export function dangers(html: string): string[] {
  const found: string[] = [];
  const rest = html.replace(STRICT_TAG, "");
  if (/[<>"]/.test(rest)) found.push(`raw markup character outside a tag: …${rest.slice(Math.max(0, rest.search(/[<>"]/) - 40), rest.search(/[<>"]/) + 40)}…`);
  if (/<script/i.test(html)) found.push("<script");
  if (/<[^>]*\son\w+\s*=/i.test(html.replace(/"[^"]*"/g, '""'))) found.push("an on… attribute");
  for (const tag of tagsOf(html)) {
    if (!TAG_NAMES.has(tag.name)) found.push(`tag <${tag.name}>`);
    for (const [name, value] of Object.entries(tag.attrs)) {
      if (!ATTRIBUTE_NAMES.has(name)) found.push(`attribute ${name} on <${tag.name}>`);
      if (name === "href" && !/^https?:\/\//i.test(value)) found.push(`href ${value}`);
      if (name === "style" && !STYLE.test(value)) found.push(`style ${value}`);
      if (name === "class" && !value.split(" ").every((c) => /^fc-[a-z0-9_-]+$/.test(c))) found.push(`class ${value}`);
    }
  }
  return found;
}
