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
  lines.push(cardToText(card, text));
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
