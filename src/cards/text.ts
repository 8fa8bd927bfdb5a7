/** A card as plain text, for the terminal console: readable, never exact, and never throwing. */
import { decodeEntities } from "./escape.js";

const RULE = "─".repeat(32);
/** Deeper than Feishu allows (nesting ≤ 5); stops runaway recursion on hostile input. */
const MAX_DEPTH = 12;

type Node = Record<string, unknown>;

/**
 * How a card's text is shown. The defaults keep markdown emphasis as written and summarise charts,
 * which is what tests read; a terminal wants the marks gone (or ANSI) and the chart's shape.
 */
export interface TextOptions {
  /** `marks`: `**bold**` as written (default); `plain`: the marks dropped, links as "text (url)"; `ansi`: as plain, with ANSI bold, italics and strike-through. */
  emphasis?: "marks" | "plain" | "ansi";
  /** `summary`: "[chart: line, 7 points]" (default); `sparkline`: one line of ▁▂▃▄▅▆▇█ with its min and max. */
  charts?: "summary" | "sparkline";
}

type Options = Required<TextOptions>;

/** What a card that cannot be walked (a throwing getter, say) shows; the walkers below handle every JSON shape. */
export const UNREADABLE_CARD = "[card could not be shown as text]";

export function cardToText(card: unknown, options: TextOptions = {}): string {
  const opts: Options = { emphasis: options.emphasis ?? "marks", charts: options.charts ?? "summary" };
  try {
    const lines: string[] = [];
    if (isNode(card)) {
      lines.push(...headerLines(card.header, opts));
      const body = isNode(card.body) ? card.body : card;
      lines.push(...elementsLines(body.elements, 0, opts));
    }
    return lines.join("\n").replace(/\n{3,}/g, "\n\n").trim();
  } catch {
    return UNREADABLE_CARD;
  }
}

function headerLines(header: unknown, opts: Options): string[] {
  if (!isNode(header)) return [];
  const title = textOf(header.title, opts);
  const subtitle = textOf(header.subtitle, opts);
  const lines: string[] = [];
  if (title !== "") lines.push(opts.emphasis === "ansi" ? ansiBold(`【${title}】`) : `【${title}】`);
  if (subtitle !== "") lines.push(subtitle);
  if (lines.length > 0) lines.push("");
  return lines;
}

function elementsLines(elements: unknown, depth: number, opts: Options): string[] {
  if (!Array.isArray(elements) || depth > MAX_DEPTH) return [];
  const lines: string[] = [];
  let buttons: string[] = [];
  const flushButtons = () => {
    if (buttons.length > 0) lines.push(buttons.join(" "));
    buttons = [];
  };
  for (const element of elements) {
    if (isNode(element) && element.tag === "button") {
      buttons.push(buttonText(element, opts));
      continue;
    }
    flushButtons();
    lines.push(...elementLines(element, depth, opts));
  }
  flushButtons();
  return lines;
}

function elementLines(element: unknown, depth: number, opts: Options): string[] {
  if (!isNode(element) || depth > MAX_DEPTH) return [];
  switch (element.tag) {
    case "markdown":
    case "lark_md":
    case "plain_text":
      return splitLines(textOf(element, opts));
    case "div":
      return [...splitLines(textOf(element.text, opts)), ...fieldsLines(element.fields, opts)];
    case "hr":
      return [RULE];
    case "button":
      return [buttonText(element, opts)];
    case "column_set":
      return columnSetLines(element, depth, opts);
    case "table":
      return tableLines(element, opts);
    case "chart":
      return [opts.charts === "sparkline" ? chartSparkline(element) : chartSummary(element)];
    case "person":
      return [`@${stringOf(element.user_id) || "?"}`];
    case "person_list":
      return [personList(element.persons)];
    case "img":
      return [`[image${textOf(element.alt, opts) ? `: ${textOf(element.alt, opts)}` : ""}]`];
    case "collapsible_panel": {
      const title = isNode(element.header) ? textOf(element.header.title, opts) : "";
      return [`▸ ${title}`.trimEnd(), ...elementsLines(element.elements, depth + 1, opts).map((line) => `  ${line}`)];
    }
    case "select_static":
    case "date_picker": {
      // What the person sees in the box: the current choice when there is one, else the placeholder.
      const shown = element.tag === "date_picker" ? stringOf(element.initial_date) : chosenOption(element, opts);
      return [`[ ${shown || textOf(element.placeholder, opts) || stringOf(element.tag)} ▾ ]`];
    }
    case "multi_select_static":
    case "select_person":
    case "multi_select_person":
    case "picker_time":
    case "picker_datetime":
    case "input":
    case "overflow":
      return [`[ ${textOf(element.placeholder, opts) || stringOf(element.tag)} ▾ ]`];
    default:
      if (Array.isArray(element.elements)) return elementsLines(element.elements, depth + 1, opts);
      if (Array.isArray(element.columns)) return columnSetLines(element, depth, opts);
      return splitLines(textOf(element.text, opts) || textOf(element, opts));
  }
}

function buttonText(button: Node, opts: Options): string {
  return `[ ${textOf(button.text, opts) || "…"} ]`;
}

function fieldsLines(fields: unknown, opts: Options): string[] {
  if (!Array.isArray(fields)) return [];
  return fields.flatMap((field) => (isNode(field) ? splitLines(textOf(field.text, opts)) : []));
}

/** Columns side by side become "label: value": the first column names what the others show. */
function columnSetLines(columnSet: Node, depth: number, opts: Options): string[] {
  if (!Array.isArray(columnSet.columns)) return [];
  const cells = columnSet.columns
    .map((column) => (isNode(column) ? elementsLines(column.elements, depth + 1, opts).join(" ").trim() : ""))
    .filter((cell) => cell !== "");
  const [label, ...values] = cells;
  if (label === undefined) return [];
  // A row of buttons (a pager, a toolbar) has no label column: show the buttons side by side.
  const isButton = (cell: string) => /^\[ .* \]$/.test(cell);
  if (isButton(label) || values.length === 0) return [cells.join("  ")];
  return [`${label}: ${values.join("  ")}`];
}

function tableLines(table: Node, opts: Options): string[] {
  const columns = Array.isArray(table.columns) ? table.columns.filter(isNode) : [];
  const rows = Array.isArray(table.rows) ? table.rows.filter(isNode) : [];
  if (columns.length === 0) return [];
  const header = columns.map((column) => stringOf(column.display_name) || stringOf(column.name));
  const body = rows.map((row) => columns.map((column) => cellText(row[stringOf(column.name)], column, opts)));
  const widths = header.map((title, i) => Math.max(displayWidth(title), ...body.map((row) => displayWidth(row[i] ?? ""))));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => pad(cell, widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((width) => "-".repeat(width))), ...body.map(line)];
}

function cellText(value: unknown, column: Node, opts: Options): string {
  if (value === undefined || value === null) return "";
  switch (column.data_type) {
    case "persons":
      return (Array.isArray(value) ? value : [value]).map((id) => `@${stringOf(id)}`).join(", ");
    case "options":
      return (Array.isArray(value) ? value : [value]).map((option) => (isNode(option) ? stringOf(option.text) : stringOf(option))).join(", ");
    case "date": {
      const ms = typeof value === "number" ? value : Number(value);
      const date = new Date(ms);
      return Number.isFinite(ms) && !Number.isNaN(date.getTime()) ? date.toISOString().slice(0, 16).replace("T", " ") : stringOf(value);
    }
    case "lark_md":
    case "markdown":
      return markdownToText(stringOf(value), opts.emphasis).replace(/\s*\n\s*/g, " ");
    default:
      return stringOf(value).replace(/\s*\n\s*/g, " ");
  }
}

function chartSummary(chart: Node): string {
  const spec = isNode(chart.chart_spec) ? chart.chart_spec : {};
  const type = stringOf(spec.type) || "chart";
  const title = isNode(spec.title) ? stringOf(spec.title.text) : "";
  const data = Array.isArray(spec.data) ? spec.data : [spec.data];
  const points = data.reduce<number>((sum, series) => sum + (isNode(series) && Array.isArray(series.values) ? series.values.length : 0), 0);
  return `[chart: ${type}${title ? ` "${title}"` : ""}, ${points} points]`;
}

function personList(persons: unknown): string {
  if (!Array.isArray(persons)) return "";
  return persons.map((person) => `@${isNode(person) ? stringOf(person.id) : stringOf(person)}`).join(", ");
}

const SPARKS = "▁▂▃▄▅▆▇█";

/** The chart's series as one line of blocks, lowest to highest, with its min and max and the x range it spans. */
function chartSparkline(chart: Node): string {
  const spec = isNode(chart.chart_spec) ? chart.chart_spec : {};
  const title = (isNode(spec.title) ? stringOf(spec.title.text) : "") || stringOf(spec.type) || "chart";
  const data = Array.isArray(spec.data) ? spec.data : [spec.data];
  const points = data.flatMap((series) => (isNode(series) && Array.isArray(series.values) ? series.values.filter(isNode) : []));
  const xField = stringOf(spec.xField);
  const yField = stringOf(spec.yField) || Object.keys(points[0] ?? {}).find((key) => key !== xField && typeof points[0]?.[key] === "number") || "";
  const values = points.map((point) => Number(point[yField])).filter((value) => Number.isFinite(value));
  if (values.length === 0) return `${title}: (no data)`;
  const min = Math.min(...values);
  const max = Math.max(...values);
  const level = (value: number) => (max === min ? (max === 0 ? 0 : 3) : Math.round(((value - min) / (max - min)) * (SPARKS.length - 1)));
  const line = values.map((value) => SPARKS[level(value)]).join("");
  const first = xField ? stringOf(points[0]?.[xField]) : "";
  const last = xField ? stringOf(points[points.length - 1]?.[xField]) : "";
  const span = first !== "" && last !== "" ? ` (${first} … ${last})` : "";
  return `${title}: ${line}  min ${min} · max ${max}${span}`;
}

/** A text object's content (markdown made readable), or a string as is. */
function textOf(value: unknown, opts: Options): string {
  if (typeof value === "string") return value;
  if (!isNode(value)) return "";
  let content = value.content;
  if (typeof content !== "string") {
    const i18n = isNode(value.i18n_content) ? value.i18n_content : isNode(value.i18n) ? value.i18n : undefined;
    content = i18n ? Object.values(i18n).find((text) => typeof text === "string" && text !== "") : undefined;
  }
  if (typeof content !== "string") return "";
  return value.tag === "plain_text" ? content : markdownToText(content, opts.emphasis);
}

const ANSI_STYLE = new RegExp(`${String.fromCharCode(0x1b)}\\[[0-9;]*m`, "g");
const ansiBold = (text: string) => `\x1b[1m${text}\x1b[22m`;

/**
 * Emphasis and links, read from the markup before entities are decoded: an escaped `&#42;` is a
 * literal asterisk the writer typed, never a mark.
 */
function emphasisToText(markdown: string, emphasis: Options["emphasis"]): string {
  if (emphasis === "marks") return markdown;
  const ansi = emphasis === "ansi";
  const wrap = (on: string, off: string) => (_whole: string, inner: string) => (ansi ? `\x1b[${on}m${inner}\x1b[${off}m` : inner);
  return markdown
    .replace(/\[([^\]\n]*)\]\(([^)\s]*)\)/g, (_whole, text: string, url: string) => {
      const shown = ansi ? `\x1b[4m${text}\x1b[24m` : text;
      return text === "" || text === url ? url : `${shown} (${url})`;
    })
    .replace(/\*\*([^\n]+?)\*\*/g, wrap("1", "22"))
    .replace(/~~([^\n]+?)~~/g, wrap("9", "29"))
    .replace(/(?<![*\w])\*(?![\s*])([^*\n]+?)\*(?![*\w])/g, wrap("3", "23"));
}

/** Card markdown kept mostly as written: mentions and people as @id, tags reduced to their text, entities decoded last. */
export function markdownToText(markdown: string, emphasis: TextOptions["emphasis"] = "marks"): string {
  const attr = (tag: string, name: string) => {
    const match = new RegExp(`${name}\\s*=\\s*(?:'([^']*)'|"([^"]*)"|([^\\s>]+))`, "i").exec(tag);
    return match ? (match[1] ?? match[2] ?? match[3] ?? "") : "";
  };
  const text = markdown
    .replace(/<at\b([^>]*)>\s*<\/at>/gi, (_whole, attrs: string) => `@${attr(attrs, "id") || attr(attrs, "ids") || attr(attrs, "user_id") || attr(attrs, "email")}`)
    .replace(/<person\b([^>]*)>\s*<\/person>/gi, (_whole, attrs: string) => `@${attr(attrs, "id")}`)
    .replace(/<local_datetime\b([^>]*)>\s*<\/local_datetime>/gi, (_whole, attrs: string) => {
      const raw = attr(attrs, "millisecond");
      const date = new Date(Number(raw));
      return raw !== "" && !Number.isNaN(date.getTime()) ? date.toISOString().slice(0, 16).replace("T", " ") : "";
    })
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<hr\s*\/?>/gi, `\n${RULE}\n`)
    .replace(/<text_tag\b[^>]*>([\s\S]*?)<\/text_tag>/gi, "[$1]")
    .replace(/<number_tag\b[^>]*>([\s\S]*?)<\/number_tag>/gi, "($1)")
    .replace(/<\/?(?:font|a|link|raw)\b[^>]*>/gi, "");
  return decodeEntities(emphasisToText(text, emphasis));
}

function splitLines(text: string): string[] {
  return text === "" ? [] : text.split("\n");
}

/** The text of a select's initial option (named by its value), or "" when none is chosen. */
function chosenOption(element: Node, opts: Options): string {
  const initial = stringOf(element.initial_option);
  if (initial === "" || !Array.isArray(element.options)) return "";
  const option = element.options.find((o: unknown) => isNode(o) && o.value === initial);
  return isNode(option) ? textOf(option.text, opts) : "";
}

function stringOf(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  return "";
}

function isNode(value: unknown): value is Node {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Columns line up in a terminal only if CJK and emoji count as two cells. */
function displayWidth(text: string): number {
  let width = 0;
  // ANSI styles take no cells.
  for (const ch of text.replaceAll(ANSI_STYLE, "")) {
    const code = ch.codePointAt(0) ?? 0;
    width += isWide(code) ? 2 : 1;
  }
  return width;
}

function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1faff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  );
}

function pad(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - displayWidth(text)));
}
