/**
 * The cards the console has printed, numbered in the order they first appeared. A card keeps its
 * number when it is changed in place (a working card patched with its answer, a page turned by a
 * click), so `:click 2.3` always means button 3 of the card labelled [card 2], and `:pick 2.1` its picker 1.
 */
import { cardToText, type TextOptions } from "../../cards/text.js";
import { cardPickers, pickerLine, type Picker } from "./pickers.js";

export interface Button {
  label: string;
  value: Record<string, unknown>;
}

export interface NumberedCard {
  number: number;
  messageId: string;
  chatId: string;
  buttons: Button[];
  /** Date pickers and selects, numbered on their own: `:pick 2.1 …` is picker 1 of card 2. */
  pickers: Picker[];
}

export class CardBook {
  private readonly byMessage = new Map<string, NumberedCard>();
  private readonly byNumber = new Map<number, NumberedCard>();
  /** The number of the card printed last in each chat, reprints included. */
  private readonly newestInChat = new Map<string, number>();

  /** Records a card as printed, new or changed in place (then it keeps its number). */
  show(messageId: string, chatId: string, card: unknown): NumberedCard {
    const known = this.byMessage.get(messageId);
    const entry = known ?? { number: this.byNumber.size + 1, messageId, chatId, buttons: [], pickers: [] };
    entry.buttons = callbackButtons(card);
    entry.pickers = cardPickers(card);
    this.byMessage.set(messageId, entry);
    this.byNumber.set(entry.number, entry);
    this.newestInChat.set(chatId, entry.number);
    return entry;
  }

  byMessageId(messageId: string): NumberedCard | undefined {
    return this.byMessage.get(messageId);
  }

  card(number: number): NumberedCard | undefined {
    return this.byNumber.get(number);
  }

  newest(chatId: string): NumberedCard | undefined {
    const number = this.newestInChat.get(chatId);
    return number === undefined ? undefined : this.byNumber.get(number);
  }
}

/** A card as the console prints it: its label line, its text, and its buttons with their numbers. */
export function cardBlock(label: string, entry: NumberedCard, card: unknown, text: TextOptions): string {
  const lines = [label];
  // Pickers stand at the top of a card, so they are listed first, with what each shows.
  entry.pickers.forEach((picker, i) => lines.push(`  pick ${pickerLine(`${entry.number}.${i + 1}`, picker)}`));
  lines.push(withHeatmaps(cardToText(card, text), card));
  if (entry.buttons.length > 0) {
    lines.push(`  buttons: ${entry.buttons.map((button, i) => `[${entry.number}.${i + 1}] ${button.label}`).join("  ")}`);
  }
  return lines.join("\n");
}

/** Every button whose click calls back to the bot, in the order a reader sees them. */
export function callbackButtons(card: unknown): Button[] {
  const found: Button[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== "object" || node === null) return;
    const record = node as Record<string, unknown>;
    if (record.tag === "button" && Array.isArray(record.behaviors)) {
      const callback = record.behaviors.find(
        (b): b is { type: string; value: Record<string, unknown> } =>
          typeof b === "object" && b !== null && (b as { type?: unknown }).type === "callback",
      );
      const label = (record.text as { content?: unknown } | undefined)?.content;
      if (callback && typeof callback.value === "object") found.push({ label: String(label ?? "…"), value: callback.value });
    }
    Object.values(record).forEach(visit);
  };
  visit(card);
  return found;
}

const SHADES = " ░▒▓█";

/** The card's text with each heatmap's one-line summary replaced by its title and grid. */
function withHeatmaps(text: string, card: unknown): string {
  const grids = heatmapGrids(card);
  if (grids.length === 0) return text;
  const lines = text.split("\n");
  for (const grid of grids) {
    const at = lines.findIndex((line) => grid.title !== "" && line.startsWith(grid.title));
    if (at >= 0) lines.splice(at, 1, grid.title, ...grid.lines);
    else lines.push(...grid.lines);
  }
  return lines.join("\n");
}

/**
 * Each heatmap chart of the card as a small grid of shade characters, a row per y value (weekday)
 * and a column per x value (hour), darkest at the chart's largest value: a terminal cannot draw the
 * chart, but can show where the busy hours are.
 */
export function heatmapGrids(card: unknown): Array<{ title: string; lines: string[] }> {
  const grids: Array<{ title: string; lines: string[] }> = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== "object" || node === null) return;
    const element = node as Record<string, unknown>;
    const spec = element.chart_spec as Record<string, unknown> | undefined;
    if (element.tag === "chart" && spec?.type === "heatmap") {
      const title = typeof spec.title === "object" && spec.title !== null ? String((spec.title as { text?: unknown }).text ?? "") : "";
      grids.push({ title, lines: heatmapGrid(spec) });
      return;
    }
    Object.values(element).forEach(visit);
  };
  visit(card);
  return grids;
}

function heatmapGrid(spec: Record<string, unknown>): string[] {
  const x = String(spec.xField);
  const y = String(spec.yField);
  const value = String(spec.valueField);
  const series = Array.isArray(spec.data) ? spec.data : [spec.data];
  const points = series.flatMap((s) => (typeof s === "object" && s !== null && Array.isArray((s as { values?: unknown }).values) ? (s as { values: Array<Record<string, unknown>> }).values : []));
  if (points.length === 0) return [];
  const xs = [...new Set(points.map((p) => String(p[x])))];
  const ys = [...new Set(points.map((p) => String(p[y])))];
  const cells = new Map(points.map((p) => [`${String(p[y])}|${String(p[x])}`, Number(p[value]) || 0]));
  const max = Math.max(...cells.values());
  const shade = (v: number) => (max <= 0 || v <= 0 ? "·" : SHADES[Math.max(1, Math.ceil((v / max) * (SHADES.length - 1)))]!);
  const width = Math.max(...ys.map(displayWidth));
  const pad = (label: string) => label + " ".repeat(Math.max(0, width - displayWidth(label)));
  // Hour labels every three columns, each column two characters wide.
  const header = xs.map((label, i) => (i % 3 === 0 ? label.padEnd(2).slice(0, 2) : "  ")).join(" ");
  const rows = ys.map((label) => `${pad(label)} ${xs.map((col) => shade(cells.get(`${label}|${col}`) ?? 0).repeat(2)).join(" ")}`);
  return [`${" ".repeat(width)} ${header}`, ...rows, `${" ".repeat(width)} · 0  ░▒▓█ up to ${max}`];
}

/** Columns a label takes in a terminal: CJK characters take two. */
function displayWidth(label: string): number {
  return [...label].reduce((sum, ch) => sum + ((ch.codePointAt(0) ?? 0) > 0xff ? 2 : 1), 0);
}
