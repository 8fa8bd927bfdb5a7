/**
 * The emulator as strict as Feishu about the pickers the bot uses: select_static and date_picker
 * field by field (card-v2-select-static.md, card-v2-date-picker.md), and a pick's `option` only as
 * the client would send it (events/picked-option.ts).
 */
import { describe, expect, it } from "vitest";
import { checkCard } from "../../../src/sandbox/emulator/messaging/card-validator.js";
import { checkPickedOption } from "../../../src/sandbox/emulator/events/picked-option.js";

const v2 = (elements: unknown[]) => ({ schema: "2.0", header: { title: { tag: "plain_text", content: "t" } }, body: { elements } });
const behaviors = (value: Record<string, unknown>) => [{ type: "callback", value }];
const option = (value: string, content = value) => ({ text: { tag: "plain_text", content }, value });
const select = (extra: Record<string, unknown> = {}) => ({
  tag: "select_static",
  placeholder: { tag: "plain_text", content: "Pick a range" },
  options: [option("7d"), option("30d")],
  initial_option: "7d",
  behaviors: behaviors({ s: "select" }),
  ...extra,
});
const datePicker = (extra: Record<string, unknown> = {}) => ({
  tag: "date_picker",
  placeholder: { tag: "plain_text", content: "Pick a day" },
  initial_date: "2026-11-30",
  behaviors: behaviors({ s: "date" }),
  ...extra,
});
const refusal = (card: unknown) => {
  const check = checkCard(card);
  return check.ok ? undefined : `${check.problem.errMsg} @ ${check.problem.path ?? ""}`;
};

describe("the card check of pickers", () => {
  it("accepts the pickers as the bot sends them, standalone and in a column", () => {
    expect(refusal(v2([select(), datePicker()]))).toBeUndefined();
    expect(refusal(v2([{ tag: "column_set", columns: [{ tag: "column", elements: [datePicker(), select()] }] }]))).toBeUndefined();
  });

  it.each([
    ["an option without a value", select({ options: [{ text: { tag: "plain_text", content: "7 days" } }] }), /value is required/],
    ["an option without its text", select({ options: [{ value: "7d" }] }), /text is required/],
    ["an option text that is not plain_text", select({ options: [{ text: { tag: "lark_md", content: "x" }, value: "7d" }] }), /invalid tag/],
    ["an option with a property the page does not know", select({ options: [{ ...option("7d"), label: "x" }] }), /unknown property label/],
    ["two options of one value", select({ options: [option("7d"), option("7d", "again")] }), /repeats/],
    ["a placeholder over 100 characters", select({ placeholder: { tag: "plain_text", content: "x".repeat(101) } }), /at most 100/],
    ["a width under 100px", select({ width: "80px" }), /invalid width/],
    ["a date not in yyyy-MM-dd", datePicker({ initial_date: "2026/11/30" }), /yyyy-MM-dd/],
    ["a date that is no calendar day", datePicker({ initial_date: "2026-02-30" }), /calendar day/],
    ["a date picker's unknown property", datePicker({ options: [] }), /unknown property options/],
  ])("refuses %s", (_what, component, problem) => {
    expect(refusal(v2([component]))).toMatch(problem);
  });
});

describe("a pick's option, as the client sends it", () => {
  const card = v2([select(), datePicker(), { tag: "button", text: { tag: "plain_text", content: "Go" }, behaviors: behaviors({ s: "button" }) }]);

  it("lets through an option the select offers, and a day in Feishu's form from the date picker", () => {
    expect(checkPickedOption(card, { s: "select" }, "30d")).toEqual({ ok: true, tag: "select_static" });
    expect(checkPickedOption(card, { s: "date" }, "2025-06-10 +0800")).toEqual({ ok: true, tag: "date_picker" });
    expect(checkPickedOption(card, { s: "date" }, "2025-06-10 -0530")).toEqual({ ok: true, tag: "date_picker" });
  });

  it.each([
    [{ s: "select" }, "90d", /offers no option "90d"/],
    [{ s: "select" }, "7D", /offers no option/],
    [{ s: "date" }, "2025-06-10", /yyyy-MM-dd \+hhmm/],
    [{ s: "date" }, "2025-06-31 +0800", /yyyy-MM-dd \+hhmm/],
    [{ s: "date" }, "2025-06-10 +0800 ", /yyyy-MM-dd \+hhmm/],
    [{ s: "button" }, "30d", /a button sends no option/],
    [{ s: "nowhere" }, "30d", /no component/],
  ])("refuses %j with %j", (value, sent, why) => {
    const check = checkPickedOption(card, value, sent);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.why).toMatch(why);
  });
});
