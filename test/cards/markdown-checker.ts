/**
 * An independent reading of card markdown (card-v2-markdown.md): which constructs in `source` Feishu
 * would act on. Used to prove escaped text has none; tested on raw text to prove it finds them.
 */
const RULES: ReadonlyArray<readonly [string, RegExp]> = [
  ["tag or autolink (<at>, <a>, <font>, <https://…>)", /<\s*[a-zA-Z/!?]/],
  ["link or image ([t](u), ![t](k))", /\]\s*\(/],
  ["bracket that may start a link", /\[/],
  ["bare URL", /\b(?:https?|ftp|mailto|tel|lark):/i],
  ["bare www domain", /\bwww\./i],
  ["e-mail autolink", /[\w.+-]+@[\w-]+\.[\w.-]+/],
  ["emphasis or strikethrough", /[*_]|~~/],
  ["code", /`/],
  ["heading, quote, list or fence at line start", /^\s*(?:#{1,6}(?:\s|$)|>|[-+*](?:\s|$)|\d{1,9}[.)](?:\s|$)|```|~~~)/m],
  ["table pipe", /\|/],
  ["Feishu emoji (:OK:)", /:[A-Za-z0-9_]+:/],
  ["$ link variable", /\$[A-Za-z_]/],
  ["backslash escape", /\\[!-/:-@[-`{-~]/],
  ["raw ampersand (a user-written entity)", /&(?!#\d+;)/],
  ["line break", /[\r\n\u2028\u2029]/],
];

export function activeConstructs(source: string): string[] {
  return RULES.filter(([, pattern]) => pattern.test(source)).map(([name]) => name);
}

/** Fragments of every dangerous construct from the doc; each alone must be flagged when not escaped. */
export const DANGEROUS_FRAGMENTS = [
  "<at id=all></at>",
  "<at user_id=ou_123></at>",
  "<at id=ou_449b53ad6aee526f7ed311b216aabcef></at>",
  "<at ids=ou_1,ou_2></at>",
  "<at email=test@email.com></at>",
  "<a href='https://evil.example'>x</a>",
  "<link url='https://evil.example'>x</link>",
  "<font color=red>x</font>",
  "</font>",
  "<text_tag color='red'>x</text_tag>",
  "<person id='ou_1'></person>",
  "<number_tag>1</number_tag>",
  "<local_datetime millisecond='1'></local_datetime>",
  "<raw>x</raw>",
  "<br>",
  "<hr/>",
  "<https://evil.example>",
  "[click](https://evil.example)",
  "[phone](tel://123)",
  "![hover](img_key)",
  "[jump]($urlVal)",
  "https://evil.example/x",
  "www.evil.example",
  "someone@evil.example",
  "**bold**",
  "__bold__",
  "*italic*",
  "~~strike~~",
  "`code`",
  "```js",
  "# heading",
  "> quote",
  "- item",
  "+ item",
  "1. item",
  "| a | b |",
  ":OK:",
  "\\*",
  "&lt;b&gt;",
  "line\nbreak",
];

/** Not active by themselves, but must still show as typed: a user-written entity is not decoded into a tag. */
export const LITERAL_TRICKS = ["&#60;at id=all&#62;&#60;/at&#62;", "&amp;", "&#x3c;a&#x3e;", "\\<at"];
