/** A picker's pick as ingress reads it: `option`, `options` and `input_value`, as untrusted text of bounded length. */
import { describe, expect, it } from "vitest";
import { MAX_OPTION_LENGTH, MAX_OPTIONS, parseEnvelope } from "../../src/ingress/envelope.js";
import type { CardAction } from "../../src/ingress/types.js";
import { cardActionEvent } from "./feishu-sender.js";

/** A date picker's callback (card-v2-date-picker.md), with `extra` in its action. */
function picked(extra: Record<string, unknown>): CardAction | undefined {
  const payload = cardActionEvent({ token: "t", value: { s: "sealed" } });
  Object.assign((payload.event as Record<string, unknown>).action as Record<string, unknown>, { tag: "date_picker", timezone: "Asia/Shanghai", ...extra });
  const result = parseEnvelope(payload);
  return result.ok && result.envelope.kind === "card_action" ? result.envelope.action : undefined;
}

describe("a card action's option", () => {
  it("reads a date picker's or select's option beside the sealed value", () => {
    expect(picked({ option: "2025-06-10 +0800" })).toMatchObject({ tag: "date_picker", value: { s: "sealed" }, option: "2025-06-10 +0800" });
  });

  it("reads a multi-select's options and an input's value", () => {
    expect(picked({ options: ["a", "b"], input_value: "typed" })).toMatchObject({ options: ["a", "b"], inputValue: "typed" });
  });

  it("has none when the client sent none (a button)", () => {
    const action = picked({});
    expect(action).toBeDefined();
    expect(action && "option" in action).toBe(false);
    expect(action && "options" in action).toBe(false);
  });

  it("cuts an over-long option to the bound rather than refusing the callback, so the command answers it", () => {
    const action = picked({ option: "7".repeat(MAX_OPTION_LENGTH * 4), options: Array.from({ length: MAX_OPTIONS + 10 }, () => "x".repeat(1000)) });
    expect([...(action?.option ?? "")]).toHaveLength(MAX_OPTION_LENGTH);
    expect(action?.options).toHaveLength(MAX_OPTIONS);
    expect(action?.options?.every((o) => o.length === MAX_OPTION_LENGTH)).toBe(true);
  });

  it("refuses a callback whose option is not a string", () => {
    const payload = cardActionEvent({ token: "t" });
    Object.assign((payload.event as Record<string, unknown>).action as Record<string, unknown>, { option: { date: "2025-06-10" } });
    expect(parseEnvelope(payload)).toMatchObject({ ok: false });
  });
});
