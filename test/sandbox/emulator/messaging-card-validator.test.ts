import { describe, expect, it } from "vitest";
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

describe("checkCard, JSON 2.0", () => {
  it("accepts a card built from every component the bot uses", () => {
    const card = v2([
      markdown("**Weekly**"),
      { tag: "div", text: { tag: "plain_text", content: "t" } },
      { tag: "hr" },
      {
        tag: "column_set",
        columns: [{ tag: "column", elements: [markdown(), { tag: "person", user_id: "ou_1" }] }],
      },
      { tag: "table", page_size: 10, columns: [{ name: "a", data_type: "text" }], rows: [{ a: "x" }] },
      { tag: "chart", chart_spec: { type: "bar", data: { values: [] } } },
      { tag: "button", text: { tag: "plain_text", content: "Next" }, behaviors: [{ type: "callback", value: { cmd: "x" } }] },
      { tag: "collapsible_panel", header: { title: { tag: "plain_text", content: "more" } }, elements: [markdown()] },
      { tag: "person_list", persons: [{ id: "ou_1" }] },
      { tag: "img", img_key: "img_v2_x" },
      { tag: "form", name: "f", elements: [{ tag: "input", name: "i" }, { tag: "select_static", name: "s" }, { tag: "date_picker", name: "d" }] },
      { tag: "overflow", options: [] },
      { tag: "interactive_container", elements: [markdown()] },
    ], { config: { update_multi: true, summary: { content: "s" } } });
    const check = checkCard(card);
    expect(check.ok && check.parsed.schema).toBe("2.0");
  });

  it("defaults update_multi to true in 2.0 and to false in 1.0", () => {
    const shared = checkCard(v2([markdown()]));
    const v1 = checkCard({ elements: [markdown()] });
    const v1Shared = checkCard({ config: { update_multi: true }, elements: [] });
    expect(shared.ok && shared.parsed.updateMulti).toBe(true);
    expect(v1.ok && v1.parsed.updateMulti).toBe(false);
    expect(v1Shared.ok && v1Shared.parsed.updateMulti).toBe(true);
  });

  it("refuses unknown top-level, config, header and body properties", () => {
    expect(problemOf(v2([], { elements: [] }))).toMatchObject({ errCode: 200621, path: "ROOT -> elements" });
    expect(problemOf(v2([], { i18n_elements: {} })).errMsg).toContain("i18n_elements");
    expect(problemOf(v2([], { config: { wide_screen_mode: true } })).path).toBe("ROOT -> config -> wide_screen_mode");
    expect(problemOf({ schema: "2.0", header: { title: {}, bogus: 1 } }).path).toBe("ROOT -> header -> bogus");
    expect(problemOf({ schema: "2.0", body: { elements: [], gap: 1 } }).path).toBe("ROOT -> body -> gap");
  });

  it("refuses tags it does not know, and 1.0 modules with 200861", () => {
    expect(problemOf(v2([markdown(), { tag: "marquee" }])).errMsg).toContain("unknown tag marquee");
    expect(problemOf(v2([{ tag: "note", elements: [] }]))).toMatchObject({
      errCode: 200861,
      path: "ROOT -> body -> elements -> [0](tag: note)",
    });
    expect(problemOf(v2([{ tag: "column_set", columns: [{ tag: "column", elements: [{ tag: "action" }] }] }])).errCode).toBe(200861);
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
    const table = { tag: "table", columns: [{ name: "tag" }], rows: [{ tag: "x" }] };
    expect(countElements({ elements: [data, table, { tag: "chart", chart_spec: { tag: "x" } }] })).toBe(3);
  });

  it("allows tables only at the top level and at most five of them", () => {
    const table = { tag: "table", columns: [{ name: "a" }], rows: [] };
    expect(checkCard(v2(Array.from({ length: 5 }, () => table))).ok).toBe(true);
    expect(problemOf(v2(Array.from({ length: 6 }, () => table))).errMsg).toContain("at most 5 tables");
    const nested = v2([{ tag: "collapsible_panel", elements: [table] }]);
    expect(problemOf(nested).errMsg).toContain("top level");
    const inColumn = v2([{ tag: "column_set", columns: [{ tag: "column", elements: [table] }] }]);
    expect(problemOf(inColumn).errMsg).toContain("top level");
  });

  it("checks a table's columns, rows and page size", () => {
    expect(problemOf(v2([{ tag: "table", rows: [] }])).errMsg).toContain("columns");
    expect(problemOf(v2([{ tag: "table", columns: [{ name: "a" }], page_size: 11 }])).errMsg).toContain("page_size");
    expect(problemOf(v2([{ tag: "table", columns: [{ name: "a", data_type: "money" }] }])).errMsg).toContain("data_type");
    expect(problemOf(v2([{ tag: "table", columns: [{ name: "a" }], rows: {} }])).errCode).toBe(200914);
  });

  it("wants a chart spec, markdown content and columns inside column sets", () => {
    expect(problemOf(v2([{ tag: "chart" }])).errCode).toBe(200550);
    expect(problemOf(v2([{ tag: "markdown" }])).errMsg).toContain("content");
    expect(problemOf(v2([{ tag: "column_set", columns: [markdown()] }])).errMsg).toContain("only columns");
  });

  it("keeps forms out of column sets and panels, and containers within five levels", () => {
    const form = { tag: "form", name: "f", elements: [] };
    expect(problemOf(v2([{ tag: "collapsible_panel", elements: [form] }])).errMsg).toContain("form cannot be nested");
    let deep: Record<string, unknown> = markdown();
    for (let i = 0; i < 5; i++) deep = { tag: "interactive_container", elements: [deep] };
    expect(checkCard(v2([deep])).ok).toBe(true);
    expect(problemOf(v2([{ tag: "interactive_container", elements: [deep] }])).errMsg).toContain("5 levels");
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
