/**
 * User-written text (topics, names, titles, Feishu error messages) on its way into a card.
 *
 * Card markdown understands `<at id=all>`, `<a>`, `<font>`, `[t](u)`, `**`, `:EMOJI:`, lists,
 * headings, tables and more (card-v2-markdown.md). Its documented way to show such characters
 * literally is the numeric HTML entity `&#N;` ("特殊字符转义说明"), so every character that can
 * start or end a construct becomes one, and the text renders back exactly as typed.
 */

export const DEFAULT_MAX_LENGTH = 200;

/**
 * `& < >` open tags and entities; `[ ] ( ) !` links and images; `* _ ~ \`` emphasis and code;
 * `# + - . |` headings, lists and tables; `:` autolinks (`https:`) and Feishu emoji (`:OK:`);
 * `.` and `@` bare domains and e-mail autolinks; `$` the `$urlVal` link syntax; `\` backslash
 * escapes; quotes attribute values.
 */
const MARKDOWN_SPECIAL = /[&<>[\]()!*_~`#+\-.|:@$\\"']/g;

/**
 * Control and format characters other than whitespace and the emoji joiner: C0/C1 controls, bidi
 * overrides and isolates (they make text read backwards), zero-width spaces.
 */
const INVISIBLE_OR_CONTROL = /(?![\t\n\v\f\r\u200d])[\p{Cc}\p{Cf}]/gu;

/**
 * Text for a `markdown` / `lark_md` content: no mention, link, tag, emphasis, heading, list, code or
 * table can survive, and newlines are folded into spaces so the text stays inside the line the
 * template put it on. Longer than `maxLength` characters, it is cut with "…".
 */
export function escapeMarkdown(userText: unknown, maxLength: number = DEFAULT_MAX_LENGTH): string {
  return clean(userText, maxLength).replace(MARKDOWN_SPECIAL, (ch) => `&#${ch.charCodeAt(0)};`);
}

/**
 * Text for a `plain_text` content (header titles, button labels). Feishu shows it as is, so it only
 * loses control characters and newlines and is cut to `maxLength`.
 */
export function plainText(userText: unknown, maxLength: number = DEFAULT_MAX_LENGTH): string {
  return clean(userText, maxLength);
}

/** Cut to `maxLength` characters (code points, so no emoji is split), ending in "…" when cut. */
export function truncate(text: string, maxLength: number): string {
  const limit = Math.max(1, Math.floor(maxLength));
  const chars = [...text];
  return chars.length <= limit ? text : `${chars.slice(0, limit - 1).join("")}…`;
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  ensp: " ",
  emsp: " ",
  sim: "~",
};

/** The text Feishu shows for markdown entities: `&#60;` → `<`, `&lt;` → `<`. Unknown names stay as written. */
export function decodeEntities(text: string): string {
  return text.replace(/&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]+));/g, (whole, dec, hex, name) => {
    if (dec !== undefined || hex !== undefined) {
      const code = dec !== undefined ? Number.parseInt(dec as string, 10) : Number.parseInt(hex as string, 16);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[name as string] ?? whole;
  });
}

function clean(userText: unknown, maxLength: number): string {
  const text = typeof userText === "string" ? userText : userText === undefined || userText === null ? "" : String(userText);
  const flat = text.replace(INVISIBLE_OR_CONTROL, "").replace(/\s+/gu, " ").trim();
  return truncate(flat, maxLength);
}
