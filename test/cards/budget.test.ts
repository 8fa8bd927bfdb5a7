import { describe, expect, it } from "vitest";
import { CardBudgetError, checkCardBudget, MAX_CARD_BYTES, MAX_CARD_ELEMENTS, renderView } from "../../src/cards/index.js";

function cardWith(elements: unknown[]) {
  return { schema: "2.0", header: { title: { tag: "plain_text", content: "t" } }, body: { elements } };
}

describe("checkCardBudget", () => {
  it("measures UTF-8 bytes of the JSON and counts every tagged object, nested ones and the header's included", () => {
    const card = cardWith([
      { tag: "markdown", content: "会议" },
      { tag: "column_set", columns: [{ tag: "column", elements: [{ tag: "markdown", content: "x" }, { tag: "hr" }] }] },
      { tag: "button", text: { tag: "plain_text", content: "Next" }, behaviors: [{ type: "callback", value: { tag: 1 } }] },
    ]);
    expect(checkCardBudget(card)).toEqual({ bytes: Buffer.byteLength(JSON.stringify(card)), elements: 8 });
  });

  it("throws for a card over 30 KB", () => {
    const big = cardWith([{ tag: "markdown", content: "会".repeat(MAX_CARD_BYTES / 3) }]);
    expect(() => checkCardBudget(big)).toThrow(CardBudgetError);
    expect(() => checkCardBudget(big)).toThrow(/bytes, over the 30720-byte limit/);
  });

  it("throws for a card over 200 elements, and accepts exactly 200", () => {
    const markdown = (n: number) => Array.from({ length: n }, () => ({ tag: "hr" }));
    expect(checkCardBudget(cardWith(markdown(MAX_CARD_ELEMENTS - 1))).elements).toBe(MAX_CARD_ELEMENTS);
    expect(() => checkCardBudget(cardWith(markdown(MAX_CARD_ELEMENTS)))).toThrow(/201 elements/);
  });

  it("is applied by renderView", () => {
    const huge = {
      kind: "help" as const,
      commands: Array.from({ length: MAX_CARD_ELEMENTS }, (_, i) => ({ name: `c${i}`, aliases: [], usage: `/c${i}`, summary: "s" })),
    };
    expect(() => renderView(huge, "zh")).toThrow(CardBudgetError);
  });
});
