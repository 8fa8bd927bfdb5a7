import { describe, expect, it } from "vitest";
import { mapCallbackValues } from "../../src/cards/button-values.js";

describe("mapCallbackValues", () => {
  it("rewrites every callback button's value, and nothing else", () => {
    const card = {
      schema: "2.0",
      body: {
        elements: [
          { tag: "markdown", content: "value: not a button", value: { cmd: "x" } },
          { tag: "button", behaviors: [{ type: "callback", value: { cmd: "report", args: ["7d"] } }] },
          {
            tag: "column_set",
            columns: [{ elements: [{ tag: "button", behaviors: [{ type: "open_url", default_url: "https://x" }, { type: "callback", value: { cmd: "rooms" } }] }] }],
          },
        ],
      },
    };
    const before = JSON.stringify(card);
    const stamped = mapCallbackValues(card, (value) => ({ ...value, issued: 1_718_000_000 })) as typeof card;
    expect(JSON.stringify(card)).toBe(before);
    const elements = stamped.body.elements as Array<Record<string, unknown>>;
    expect(elements[0]).toEqual(card.body.elements[0]);
    expect(elements[1]).toEqual({ tag: "button", behaviors: [{ type: "callback", value: { cmd: "report", args: ["7d"], issued: 1_718_000_000 } }] });
    const nested = (elements[2] as { columns: Array<{ elements: Array<{ behaviors: unknown[] }> }> }).columns[0]!.elements[0]!.behaviors;
    expect(nested).toEqual([{ type: "open_url", default_url: "https://x" }, { type: "callback", value: { cmd: "rooms", issued: 1_718_000_000 } }]);
  });
});
