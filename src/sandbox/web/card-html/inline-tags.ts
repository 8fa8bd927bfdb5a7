/**
 * The HTML-like tags card markdown understands (card-v2-markdown.md): found in one line and paired
 * open-to-close with a stack, so nesting (`<font>` in `<font>`) is right and the work stays linear.
 */

export const PAIRED_TAGS = ["font", "text_tag", "a", "link", "at", "person", "raw", "number_tag", "local_datetime"] as const;
export type PairedTag = (typeof PAIRED_TAGS)[number];

export interface TagPair {
  name: PairedTag;
  attrs: Readonly<Record<string, string>>;
  /** Just after the opening tag's `>`. */
  innerStart: number;
  /** Where the closing tag starts. */
  innerEnd: number;
  /** Just after the closing tag's `>`. */
  end: number;
}

// Quoted values may hold `>`. Each alternative starts with a different character (no backtracking
// blow-up) and the attributes are bounded, so a line of unclosed `<font color='` stays linear.
const TAG = /<(\/?)(font|text_tag|a|link|at|person|raw|number_tag|local_datetime)\b((?:[^>'"]|'[^']{0,2000}'|"[^"]{0,2000}"){0,2000})>/gi;
const ATTRIBUTE = /([A-Za-z_][\w-]*)\s*=\s*(?:'([^']*)'|"([^"]*)"|([^\s'">]+))/g;

/** Opening-tag position → its pair, for the tags of one line that are closed. */
export function pairTags(line: string): Map<number, TagPair> {
  const pairs = new Map<number, TagPair>();
  const open: { name: PairedTag; start: number; innerStart: number; attrs: Record<string, string> }[] = [];
  for (const match of line.matchAll(TAG)) {
    const name = match[2]!.toLowerCase() as PairedTag;
    const start = match.index;
    if (match[1] === "") {
      open.push({ name, start, innerStart: start + match[0].length, attrs: parseAttributes(match[3] ?? "") });
      continue;
    }
    let at = open.length - 1;
    while (at >= 0 && open[at]!.name !== name) at--;
    if (at < 0) continue;
    const tag = open[at]!;
    // Tags opened inside it and never closed stay unpaired (shown as text).
    open.length = at;
    pairs.set(tag.start, { name, attrs: tag.attrs, innerStart: tag.innerStart, innerEnd: start, end: start + match[0].length });
  }
  return pairs;
}

export function parseAttributes(source: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const match of source.matchAll(ATTRIBUTE)) {
    attrs[match[1]!.toLowerCase()] = match[2] ?? match[3] ?? match[4] ?? "";
  }
  return attrs;
}
