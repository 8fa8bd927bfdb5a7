/** What every component renderer is handed: the people's names, the nesting depth and the budget. */

/** Deeper than Feishu allows (nesting ≤ 5): deeper input is hostile or broken, not a card. */
export const MAX_DEPTH = 12;
/** Work units (elements, table cells, markdown characters) one card may cost; Feishu caps a card at 30 KB. */
export const MAX_BUDGET = 2_000_000;

/** Thrown inside the renderer to give up on a card; cardToHtml turns it into the broken-card block. */
export class CardNotDrawable extends Error {}

export interface RenderContext {
  /** open_id → display name. */
  readonly names: ReadonlyMap<string, string>;
  /** The zone dates are shown in (IANA). */
  readonly timeZone: string;
  readonly depth: number;
  /** Charge work to the card's budget; throws CardNotDrawable when it runs out. */
  spend(units: number): void;
  /** The HTML of nested elements (a column's, a panel's), one level deeper. */
  children(elements: unknown): string;
}
