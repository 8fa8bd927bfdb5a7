import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { renderView } from "../../../src/cards/index.js";
import type { View } from "../../../src/commands/types.js";
import { CARD_LIMITS, checkCard, countElements } from "../../../src/sandbox/emulator/messaging/card-validator.js";
import { CONTENT_LIMITS, checkContent } from "../../../src/sandbox/emulator/messaging/content.js";

const v2 = (elements: unknown[], extra: Record<string, unknown> = {}) => ({
  schema: "2.0",
  header: { title: { tag: "plain_text", content: "Meetings" }, template: "blue" },
  body: { elements },
  ...extra,
});
const markdown = (content = "hi") => ({ tag: "markdown", content });

function problemOf(card: unknown) {
  const check = checkCard(card);
  if (check.ok) throw new Error("expected the card to be refused");
  return check.problem;
}

const callback = (value: Record<string, unknown> = { cmd: "x" }) => [{ type: "callback", value }];
const button = (extra: Record<string, unknown> = {}) => ({
  tag: "button",
  text: { tag: "plain_text", content: "Next" },
  behaviors: callback(),
  ...extra,
});
const table = (extra: Record<string, unknown> = {}) => ({
  tag: "table",
  columns: [{ name: "a", data_type: "text" }],
  rows: [{ a: "x" }],
  ...extra,
});
const column = (elements: unknown[], extra: Record<string, unknown> = {}) => ({ tag: "column", elements, ...extra });
const columnSet = (elements: unknown[], extra: Record<string, unknown> = {}) => ({
  tag: "column_set",
  columns: [column(elements)],
  ...extra,
});
const panel = (elements: unknown[]) => ({
  tag: "collapsible_panel",
  header: { title: { tag: "plain_text", content: "more" } },
  elements,
});
const container = (elements: unknown[]) => ({ tag: "interactive_container", behaviors: callback(), elements });

describe("checkCard, JSON 2.0", () => {
  it("accepts a card built from every component the bot uses, and the interactive ones it may", () => {
    const card = v2(
      [
        markdown("**Weekly**"),
        { tag: "markdown", content: "x", text_align: "center", text_size: "notation", margin: "4px 0", element_id: "md_1" },
        { tag: "div", text: { tag: "plain_text", content: "t", text_align: "left", lines: 2 } },
        { tag: "hr" },
        columnSet([markdown(), { tag: "person", user_id: "ou_1", size: "small", show_avatar: true, show_name: true, style: "normal" }], {
          flex_mode: "none",
          horizontal_spacing: "8px",
        }),
        {
          tag: "column_set",
          columns: [column([button({ type: "primary", size: "small" })], { width: "weighted", weight: 5, vertical_align: "center" }), column([], { width: "auto" })],
        },
        table({
          page_size: 10,
          row_height: "low",
          freeze_first_column: true,
          header_style: { background_style: "grey", bold: true },
          columns: [
            { name: "a", display_name: "A", data_type: "markdown", width: "auto", horizontal_align: "right" },
            { name: "b", data_type: "number", format: { precision: 2 }, width: "25%" },
          ],
        }),
        { tag: "chart", aspect_ratio: "2:1", chart_spec: { type: "bar", data: { values: [] } } },
        button({ behaviors: [{ type: "open_url", default_url: "https://example.com" }] }),
        panel([markdown()]),
        { tag: "person_list", persons: [{ id: "ou_1" }], show_name: true, show_avatar: true, size: "small", drop_invalid_user_id: true },
        { tag: "img", img_key: "img_v2_x" },
        {
          tag: "form",
          name: "f",
          elements: [
            { tag: "input", name: "i" },
            { tag: "select_static", name: "s" },
            { tag: "date_picker", name: "d" },
            { tag: "button", text: { tag: "plain_text", content: "Go" }, name: "go", form_action_type: "submit" },
          ],
        },
        { tag: "overflow", options: [] },
        container([markdown()]),
      ],
      {
        config: { update_multi: true, summary: { content: "s" }, locales: ["zh_cn", "en_us"], width_mode: "fill", style: { text_size: { "cus-0": { default: "medium" } } } },
        header: {
          title: { tag: "plain_text", content: "Meetings" },
          subtitle: { tag: "plain_text", content: "today" },
          text_tag_list: [{ tag: "text_tag", text: { tag: "plain_text", content: "preview" }, color: "neutral" }],
          template: "wathet",
        },
      },
    );
    const check = checkCard(card);
    expect(check.ok ? check.parsed.schema : check.problem).toBe("2.0");
  });

  it("defaults update_multi to true in 2.0 and to false in 1.0", () => {
    const shared = checkCard(v2([markdown()]));
    const v1 = checkCard({ elements: [markdown()] });
    const v1Shared = checkCard({ config: { update_multi: true }, elements: [] });
    expect(shared.ok && shared.parsed.updateMulti).toBe(true);
    expect(v1.ok && v1.parsed.updateMulti).toBe(false);
    expect(v1Shared.ok && v1Shared.parsed.updateMulti).toBe(true);
  });

  it("refuses update_multi false (or anything but true) in 2.0, and accepts false in 1.0", () => {
    expect(problemOf(v2([markdown()], { config: { update_multi: false } }))).toMatchObject({
      errCode: 200621,
      path: "ROOT -> config -> update_multi",
      errMsg: expect.stringContaining("update_multi may only be true"),
    });
    expect(problemOf(v2([], { config: { update_multi: "true" } })).path).toBe("ROOT -> config -> update_multi");
    expect(checkCard(v2([], { config: { update_multi: true } })).ok).toBe(true);
    expect(checkCard({ config: { update_multi: false }, elements: [] }).ok).toBe(true);
  });

  it("refuses unknown top-level, config, header and body properties", () => {
    expect(problemOf(v2([], { elements: [] }))).toMatchObject({ errCode: 200621, path: "ROOT -> elements" });
    expect(problemOf(v2([], { i18n_elements: {} })).errMsg).toContain("i18n_elements");
    expect(problemOf(v2([], { config: { wide_screen_mode: true } })).path).toBe("ROOT -> config -> wide_screen_mode");
    expect(problemOf({ schema: "2.0", header: { title: {}, bogus: 1 } }).path).toBe("ROOT -> header -> bogus");
    expect(problemOf({ schema: "2.0", body: { elements: [], gap: 1 } }).path).toBe("ROOT -> body -> gap");
  });

  // One unknown property planted in each kind of component (and nested object) the bot uses.
  const E = "ROOT -> body -> elements";
  it.each([
    ["markdown", [{ ...markdown(), color: "red" }], `${E} -> [0](tag: markdown) -> color`],
    ["div", [{ tag: "div", text: { tag: "plain_text", content: "t" }, bold: true }], `${E} -> [0](tag: div) -> bold`],
    ["plain_text in a div", [{ tag: "div", text: { tag: "plain_text", content: "t", bold: true } }], `${E} -> [0](tag: div) -> text -> bold`],
    ["hr", [{ tag: "hr", style: "dashed" }], `${E} -> [0](tag: hr) -> style`],
    ["column_set", [columnSet([], { gap: "4px" })], `${E} -> [0](tag: column_set) -> gap`],
    ["column", [{ tag: "column_set", columns: [column([], { flex: 1 })] }], `${E} -> [0](tag: column_set) -> columns -> [0](tag: column) -> flex`],
    ["table", [table({ striped: true })], `${E} -> [0](tag: table) -> striped`],
    ["table column", [table({ columns: [{ name: "a", data_type: "text", sortable: true }] })], `${E} -> [0](tag: table) -> columns -> [0] -> sortable`],
    ["table header_style", [table({ header_style: { italic: true } })], `${E} -> [0](tag: table) -> header_style -> italic`],
    ["chart", [{ tag: "chart", chart_spec: {}, theme: "dark" }], `${E} -> [0](tag: chart) -> theme`],
    ["button", [button({ url: "https://example.com" })], `${E} -> [0](tag: button) -> url`],
    ["button text", [button({ text: { tag: "plain_text", content: "x", text_size: "large" } })], `${E} -> [0](tag: button) -> text -> text_size`],
    ["callback behavior", [button({ behaviors: [{ type: "callback", value: {}, extra: 1 }] })], `${E} -> [0](tag: button) -> behaviors -> [0] -> extra`],
    ["person", [{ tag: "person", user_id: "ou_1", avatar: true }], `${E} -> [0](tag: person) -> avatar`],
    ["person_list", [{ tag: "person_list", persons: [{ id: "ou_1" }], max: 3 }], `${E} -> [0](tag: person_list) -> max`],
    ["person_list person", [{ tag: "person_list", persons: [{ id: "ou_1", name: "A" }] }], `${E} -> [0](tag: person_list) -> persons -> [0] -> name`],
    ["collapsible_panel", [{ ...panel([]), folded: true }], `${E} -> [0](tag: collapsible_panel) -> folded`],
    ["interactive_container", [{ ...container([]), shadow: true }], `${E} -> [0](tag: interactive_container) -> shadow`],
    ["form", [{ tag: "form", name: "f", elements: [], method: "post" }], `${E} -> [0](tag: form) -> method`],
    ["a component in a column", [columnSet([{ ...markdown(), colour: 1 }])], `${E} -> [0](tag: column_set) -> columns -> [0](tag: column) -> elements -> [0](tag: markdown) -> colour`],
  ])("refuses an unknown property on %s, naming its path", (_kind, elements, path) => {
    expect(problemOf(v2(elements))).toMatchObject({ errCode: 200621, path, errMsg: expect.stringContaining("unknown property") });
  });

  it.each([
    ["header", { header: { title: { tag: "plain_text", content: "t" }, color: "blue" } }, "ROOT -> header -> color"],
    ["header title", { header: { title: { tag: "plain_text", content: "t", size: 1 } } }, "ROOT -> header -> title -> size"],
    ["text_tag", { header: { title: { tag: "plain_text", content: "t" }, text_tag_list: [{ tag: "text_tag", text: { tag: "plain_text", content: "x" }, shape: "round" }] } }, "ROOT -> header -> text_tag_list -> [0] -> shape"],
    ["config summary", { config: { summary: { content: "s", title: "t" } } }, "ROOT -> config -> summary -> title"],
    ["card_link", { card_link: { url: "https://x", web_url: "https://y" } }, "ROOT -> card_link -> web_url"],
  ])("refuses an unknown property in the %s", (_kind, extra, path) => {
    expect(problemOf(v2([], extra))).toMatchObject({ errCode: 200621, path });
  });

  it("refuses a table column without data_type, at the column", () => {
    const card = v2([markdown(), table({ columns: [{ name: "a", data_type: "text" }, { name: "b" }] })]);
    expect(problemOf(card)).toMatchObject({
      errCode: 200621,
      path: "ROOT -> body -> elements -> [1](tag: table) -> columns -> [1]",
      errMsg: "data_type is required",
    });
    const message = checkContent("interactive", JSON.stringify(card));
    expect(!message.ok && message.error.msg).toBe(
      "Failed to create card content, ext=ErrCode: 200621; ErrPath: ROOT -> body -> elements -> [1](tag: table) -> columns -> [1]; ErrMsg: data_type is required; ",
    );
  });

  it.each([
    ["table without columns", [{ tag: "table", rows: [] }], "columns is required"],
    ["table column without name", [table({ columns: [{ data_type: "text" }] })], "name is required"],
    ["person without user_id", [{ tag: "person", size: "small" }], "user_id is required"],
    ["person_list without persons", [{ tag: "person_list" }], "persons is required"],
    ["column_set without columns", [{ tag: "column_set" }], "columns is required"],
    ["button without behaviors", [{ tag: "button", text: { tag: "plain_text", content: "x" } }], "behaviors or form_action_type is required"],
    ["callback without value", [button({ behaviors: [{ type: "callback" }] })], "value is required"],
    ["open_url without default_url", [button({ behaviors: [{ type: "open_url", pc_url: "https://x" }] })], "default_url is required"],
    ["panel without header", [{ tag: "collapsible_panel", elements: [] }], "header is required"],
    ["interactive_container without behaviors", [{ tag: "interactive_container", elements: [] }], "behaviors is required"],
    ["plain_text without content", [{ tag: "div", text: { tag: "plain_text" } }], "content or i18n_content is required"],
  ])("refuses a %s", (_kind, elements, message) => {
    expect(problemOf(v2(elements)).errMsg).toBe(message);
  });

  it("refuses a header without a title", () => {
    expect(problemOf(v2([], { header: { template: "blue" } }))).toMatchObject({ path: "ROOT -> header", errMsg: "title is required" });
  });

  it.each([
    ["header template", { header: { title: { tag: "plain_text", content: "t" }, template: "pink" } }, [], "ROOT -> header -> template"],
    ["header title tag", { header: { title: { tag: "markdown", content: "t" } } }, [], "ROOT -> header -> title -> tag"],
    ["text_tag colour", { header: { title: { tag: "plain_text", content: "t" }, text_tag_list: [{ tag: "text_tag", color: "grey" }] } }, [], "ROOT -> header -> text_tag_list -> [0] -> color"],
    ["config width_mode", { config: { width_mode: "wide" } }, [], "ROOT -> config -> width_mode"],
    ["config locales", { config: { locales: ["xx_yy"] } }, [], "ROOT -> config -> locales -> [0]"],
    ["markdown text_align", {}, [{ ...markdown(), text_align: "justify" }], "ROOT -> body -> elements -> [0](tag: markdown) -> text_align"],
    ["button type", {}, [button({ type: "secondary" })], "ROOT -> body -> elements -> [0](tag: button) -> type"],
    ["button size", {}, [button({ size: "huge" })], "ROOT -> body -> elements -> [0](tag: button) -> size"],
    ["button width", {}, [button({ width: "half" })], "ROOT -> body -> elements -> [0](tag: button) -> width"],
    ["button text tag", {}, [button({ text: { tag: "lark_md", content: "x" } })], "ROOT -> body -> elements -> [0](tag: button) -> text -> tag"],
    ["behavior type", {}, [button({ behaviors: [{ type: "submit" }] })], "ROOT -> body -> elements -> [0](tag: button) -> behaviors -> [0] -> type"],
    ["table column data_type", {}, [table({ columns: [{ name: "a", data_type: "money" }] })], "ROOT -> body -> elements -> [0](tag: table) -> columns -> [0] -> data_type"],
    ["table column width", {}, [table({ columns: [{ name: "a", data_type: "text", width: "wide" }] })], "ROOT -> body -> elements -> [0](tag: table) -> columns -> [0] -> width"],
    ["table row_height", {}, [table({ row_height: "tall" })], "ROOT -> body -> elements -> [0](tag: table) -> row_height"],
    ["table header text_size", {}, [table({ header_style: { text_size: "large" } })], "ROOT -> body -> elements -> [0](tag: table) -> header_style -> text_size"],
    ["column width", {}, [{ tag: "column_set", columns: [column([], { width: "half" })] }], "ROOT -> body -> elements -> [0](tag: column_set) -> columns -> [0](tag: column) -> width"],
    ["column weight", {}, [{ tag: "column_set", columns: [column([], { width: "weighted", weight: 6 })] }], "ROOT -> body -> elements -> [0](tag: column_set) -> columns -> [0](tag: column) -> weight"],
    ["column_set flex_mode", {}, [columnSet([], { flex_mode: "wrap" })], "ROOT -> body -> elements -> [0](tag: column_set) -> flex_mode"],
    ["column_set horizontal_spacing", {}, [columnSet([], { horizontal_spacing: "wide" })], "ROOT -> body -> elements -> [0](tag: column_set) -> horizontal_spacing"],
    ["chart aspect_ratio", {}, [{ tag: "chart", chart_spec: {}, aspect_ratio: "3:1" }], "ROOT -> body -> elements -> [0](tag: chart) -> aspect_ratio"],
    ["person size", {}, [{ tag: "person", user_id: "ou_1", size: "huge" }], "ROOT -> body -> elements -> [0](tag: person) -> size"],
    ["person style", {}, [{ tag: "person", user_id: "ou_1", style: "round" }], "ROOT -> body -> elements -> [0](tag: person) -> style"],
    ["element_id", {}, [{ ...markdown(), element_id: "1st" }], "ROOT -> body -> elements -> [0](tag: markdown) -> element_id"],
  ])("refuses a wrong %s", (_kind, extra, elements, path) => {
    expect(problemOf(v2(elements, extra))).toMatchObject({ errCode: 200621, path, errMsg: expect.stringMatching(/^invalid |must be /) });
  });

  it("lets text_size fall back rather than fail, as the markdown and plain-text pages say", () => {
    expect(checkCard(v2([{ ...markdown(), text_size: "cus-0" }])).ok).toBe(true);
  });

  it("wants element_id unique within the card, and form fields only in forms", () => {
    const twice = v2([{ ...markdown(), element_id: "a" }, columnSet([{ ...markdown(), element_id: "a" }])]);
    expect(problemOf(twice).errMsg).toContain("not unique");
    expect(problemOf(v2([button({ name: "b" })])).errMsg).toBe("name is allowed only in a form");
  });

  it("refuses tags it does not know, and 1.0 modules with 200861", () => {
    expect(problemOf(v2([markdown(), { tag: "marquee" }])).errMsg).toContain("unknown tag marquee");
    expect(problemOf(v2([{ tag: "note", elements: [] }]))).toMatchObject({
      errCode: 200861,
      path: "ROOT -> body -> elements -> [0](tag: note)",
    });
    expect(problemOf(v2([columnSet([{ tag: "action" }])])).errCode).toBe(200861);
    expect(problemOf(v2([column([])])).errMsg).toContain("column can only be placed in its container");
  });

  it("allows 200 elements counted recursively and refuses 201 with 11310", () => {
    // Each div counts twice: the div and its plain_text.
    const div = { tag: "div", text: { tag: "plain_text", content: "x" } };
    const atLimit = v2(Array.from({ length: CARD_LIMITS.elements / 2 }, () => div));
    expect(countElements(atLimit.body)).toBe(200);
    expect(checkCard(atLimit).ok).toBe(true);
    const over = v2([...atLimit.body.elements, { tag: "hr" }]);
    expect(problemOf(over).errCode).toBe(11310);
  });

  it("counts elements nested in containers but not the data in values, rows or chart specs", () => {
    const nested = { tag: "column_set", columns: [{ tag: "column", elements: [markdown(), markdown()] }] };
    expect(countElements({ elements: [nested] })).toBe(4);
    const data = { tag: "button", behaviors: [{ type: "callback", value: { tag: "x" } }] };
    const tableWithTags = { tag: "table", columns: [{ name: "tag" }], rows: [{ tag: "x" }] };
    expect(countElements({ elements: [data, tableWithTags, { tag: "chart", chart_spec: { tag: "x" } }] })).toBe(3);
  });

  it("allows tables only at the top level and at most five of them", () => {
    expect(checkCard(v2(Array.from({ length: 5 }, () => table()))).ok).toBe(true);
    expect(problemOf(v2(Array.from({ length: 6 }, () => table()))).errMsg).toContain("at most 5 tables");
    expect(problemOf(v2([panel([table()])])).errMsg).toContain("top level");
    expect(problemOf(v2([columnSet([table()])])).errMsg).toContain("top level");
    expect(problemOf(v2([container([table()])])).errMsg).toContain("top level");
  });

  it("checks a table's rows and page size", () => {
    expect(problemOf(v2([table({ page_size: 11 })])).errMsg).toContain("page_size must be an integer in [1,10]");
    expect(problemOf(v2([table({ page_size: 0 })])).path).toContain("page_size");
    expect(checkCard(v2([table({ page_size: 1 })])).ok).toBe(true);
    expect(problemOf(v2([table({ rows: {} })])).errCode).toBe(200914);
    expect(problemOf(v2([{ tag: "table", columns: [{ name: "a", data_type: "text" }] }])).errCode).toBe(200914);
  });

  it("wants a chart spec, markdown content and columns inside column sets", () => {
    expect(problemOf(v2([{ tag: "chart" }])).errCode).toBe(200550);
    expect(problemOf(v2([{ tag: "chart", chart_spec: [] }])).errCode).toBe(200550);
    expect(problemOf(v2([{ tag: "markdown" }])).errMsg).toContain("content");
    expect(problemOf(v2([{ tag: "column_set", columns: [markdown()] }])).errMsg).toContain("only columns");
  });

  it("keeps forms out of column sets, panels and interactive containers, and containers within five levels", () => {
    const form = { tag: "form", name: "f", elements: [] };
    expect(problemOf(v2([panel([form])])).errMsg).toContain("form cannot be nested in collapsible_panel");
    expect(problemOf(v2([columnSet([form])])).errMsg).toContain("form cannot be nested in column_set");
    expect(problemOf(v2([container([form])])).errMsg).toContain("form cannot be nested in interactive_container");
    // card-v2-form.md: no chart inside a form either.
    const chart = { tag: "chart", chart_spec: { type: "bar", data: { values: [] } } };
    expect(checkCard(v2([chart])).ok).toBe(true);
    expect(problemOf(v2([{ ...form, elements: [chart] }])).errMsg).toContain("chart cannot be nested in form");
    let deep: Record<string, unknown> = markdown();
    for (let i = 0; i < 5; i++) deep = container([deep]);
    expect(checkCard(v2([deep])).ok).toBe(true);
    expect(problemOf(v2([container([deep])])).errMsg).toContain("5 levels");
  });
});

describe("checkCard and the bot's own cards", () => {
  const goldenDir = fileURLToPath(new URL("../../cards/golden/", import.meta.url));
  const goldens = readdirSync(goldenDir).filter((file) => file.endsWith(".json"));

  it("has golden cards to check", () => {
    expect(goldens.length).toBeGreaterThan(10);
  });

  it.each(goldens)("accepts golden/%s", (file) => {
    const check = checkCard(JSON.parse(readFileSync(`${goldenDir}${file}`, "utf8")));
    expect(check.ok ? "ok" : check.problem).toBe("ok");
  });

  it.each(["zh", "en"] as const)("accepts the error and usage cards in %s", (locale) => {
    const views: View[] = [
      { kind: "error", title: "t", message: "m", hint: "h", retryable: true },
      { kind: "error", title: "", message: "m" },
      { kind: "usage", command: "meeting", problem: "p", usage: "/meeting 123", examples: ["/meeting 123", "/meeting 456"] },
      { kind: "busy", reason: "queue-full" },
      { kind: "refused", reason: "admins", command: "report", admins: ["ou_1"] },
    ];
    for (const view of views) {
      const check = checkCard(renderView(view, locale));
      expect(check.ok ? "ok" : check.problem).toBe("ok");
    }
  });
});

describe("checkCard, other shapes", () => {
  it("accepts 1.0 cards loosely and templates by shape", () => {
    expect(checkCard({}).ok).toBe(true);
    expect(checkCard({ header: {}, elements: [{ tag: "note", elements: [] }], anything: 1 }).ok).toBe(true);
    const template = checkCard({ type: "template", data: { template_id: "AAq1" } });
    expect(template.ok && template.parsed.schema).toBe("template");
    expect(problemOf({ type: "template", data: {} }).errCode).toBe(200621);
  });

  it("refuses non-objects, unknown schemas and 1.0 elements without tags", () => {
    expect(problemOf([]).errCode).toBe(200621);
    expect(problemOf({ schema: "3.0" }).path).toBe("ROOT -> schema");
    expect(problemOf({ elements: [{}] }).path).toBe("ROOT -> elements -> [0]");
  });
});

describe("checkContent", () => {
  const card = JSON.stringify(v2([markdown()]));

  it("refuses an unknown msg_type with 230001", () => {
    const check = checkContent("card", card);
    expect(!check.ok && check.error).toMatchObject({ code: 230001, httpStatus: 400 });
  });

  it("wants content to be a JSON string", () => {
    const text = checkContent("text", "hello");
    expect(!text.ok && text.error.code).toBe(230001);
    const cardCheck = checkContent("interactive", "{not json");
    expect(!cardCheck.ok && cardCheck.error).toMatchObject({ code: 230099 });
    expect(!cardCheck.ok && cardCheck.error.msg).toContain("ErrCode: 200621");
    const noText = checkContent("text", JSON.stringify({ content: "x" }));
    expect(!noText.ok && noText.error.code).toBe(230001);
  });

  it("bounds cards at 30 KB and text at 150 KB, counted in UTF-8 bytes", () => {
    const padded = (bytes: number) => {
      const shell = JSON.stringify(v2([markdown("")]));
      return JSON.stringify(v2([markdown("x".repeat(bytes - Buffer.byteLength(shell)))]));
    };
    expect(Buffer.byteLength(padded(CONTENT_LIMITS.cardBytes))).toBe(30 * 1024);
    expect(checkContent("interactive", padded(CONTENT_LIMITS.cardBytes)).ok).toBe(true);
    const over = checkContent("interactive", padded(CONTENT_LIMITS.cardBytes + 1));
    expect(!over.ok && over.error).toMatchObject({ code: 230025, httpStatus: 400 });
    // Three bytes per character: 10 241 characters are over 30 KB though far under 30 K characters.
    const wide = JSON.stringify(v2([markdown("会".repeat(10_241))]));
    expect(checkContent("interactive", wide).ok).toBe(false);
    const longText = JSON.stringify({ text: "x".repeat(100 * 1024) });
    expect(checkContent("text", longText).ok).toBe(true);
    const tooLongText = JSON.stringify({ text: "x".repeat(150 * 1024) });
    expect(!checkContent("text", tooLongText).ok).toBe(true);
  });

  it("reports a card problem as 230099 with its sub-code and path", () => {
    const bad = checkContent("interactive", JSON.stringify(v2([{ tag: "chart" }])));
    expect(!bad.ok && bad.error.msg).toBe(
      "Failed to create card content, ext=ErrCode: 200550; ErrPath: ROOT -> body -> elements -> [0](tag: chart); ErrMsg: chart spec is invalid; ",
    );
  });
});
