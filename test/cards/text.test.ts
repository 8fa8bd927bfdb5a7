import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { buildHelpView, helpCommand } from "../../src/commands/help.js";
import { cardToText, renderView } from "../../src/cards/index.js";
import { UNREADABLE_CARD } from "../../src/cards/text.js";

const everyKind = {
  schema: "2.0",
  config: { update_multi: true, summary: { content: "s" } },
  header: {
    title: { tag: "plain_text", content: "周报 Weekly" },
    subtitle: { tag: "plain_text", content: "2024-05-06 ~ 2024-05-12" },
    template: "blue",
  },
  body: {
    elements: [
      { tag: "markdown", content: "**Top** &#60;at id=all&#62; <at id=all></at> <at id=ou_1></at>\n<font color='red'>red</font> <text_tag color='blue'>tag</text_tag>" },
      { tag: "div", text: { tag: "plain_text", content: "plain **not bold**" }, fields: [{ is_short: true, text: { tag: "lark_md", content: "a<br>b" } }] },
      { tag: "hr" },
      {
        tag: "column_set",
        columns: [
          { tag: "column", elements: [{ tag: "markdown", content: "会议数" }] },
          { tag: "column", elements: [{ tag: "markdown", content: "**42**" }] },
        ],
      },
      {
        tag: "table",
        page_size: 5,
        columns: [
          { name: "topic", display_name: "主题", data_type: "text" },
          { name: "count", display_name: "Count", data_type: "number" },
          { name: "who", display_name: "Host", data_type: "persons" },
          { name: "level", display_name: "Level", data_type: "options" },
          { name: "when", display_name: "When", data_type: "date" },
          { name: "link", display_name: "Link", data_type: "lark_md" },
        ],
        rows: [
          { topic: "周会", count: 3, who: ["ou_a", "ou_b"], level: [{ text: "S1", color: "red" }], when: 0, link: "[x](https://e.x)" },
          { topic: "Planning", count: 12, who: "ou_c", level: [], when: 86_400_000, link: "&#42;" },
        ],
      },
      {
        tag: "chart",
        chart_spec: { type: "line", title: { text: "Trend" }, data: { values: [{ x: 1 }, { x: 2 }, { x: 3 }] } },
      },
      { tag: "person", user_id: "ou_person" },
      { tag: "person_list", persons: [{ id: "ou_p1" }, { id: "ou_p2" }] },
      {
        tag: "collapsible_panel",
        header: { title: { tag: "markdown", content: "**More**" } },
        elements: [{ tag: "markdown", content: "inside" }],
      },
      { tag: "img", img_key: "img_1", alt: { tag: "plain_text", content: "logo" } },
      { tag: "button", text: { tag: "plain_text", content: "上一页" }, behaviors: [{ type: "callback", value: {} }] },
      { tag: "button", text: { tag: "plain_text", content: "下一页" }, behaviors: [{ type: "callback", value: {} }] },
      { tag: "select_static", placeholder: { tag: "plain_text", content: "Pick" }, options: [] },
      { tag: "form", name: "f", elements: [{ tag: "input", name: "i", placeholder: { tag: "plain_text", content: "Type" } }] },
      { tag: "interactive_container", elements: [{ tag: "markdown", content: "clickable" }] },
      { tag: "markdown", content: "<person id='ou_md'></person> <local_datetime millisecond='0'></local_datetime><hr>end" },
    ],
  },
};

describe("cardToText", () => {
  it("renders every component kind readably", () => {
    expect(cardToText(everyKind)).toBe(
      [
        "【周报 Weekly】",
        "2024-05-06 ~ 2024-05-12",
        "",
        "**Top** <at id=all> @all @ou_1",
        "red [tag]",
        "plain **not bold**",
        "a",
        "b",
        "────────────────────────────────",
        "会议数: **42**",
        "主题      Count  Host          Level  When              Link",
        "--------  -----  ------------  -----  ----------------  ----------------",
        "周会      3      @ou_a, @ou_b  S1     1970-01-01 00:00  [x](https://e.x)",
        "Planning  12     @ou_c                1970-01-02 00:00  *",
        '[chart: line "Trend", 3 points]',
        "@ou_person",
        "@ou_p1, @ou_p2",
        "▸ **More**",
        "  inside",
        "[image: logo]",
        "[ 上一页 ] [ 下一页 ]",
        "[ Pick ▾ ]",
        "[ Type ▾ ]",
        "clickable",
        "@ou_md 1970-01-01 00:00",
        "────────────────────────────────",
        "end",
      ].join("\n"),
    );
  });

  it("renders the help card", () => {
    const card = renderView({ ...buildHelpView([helpCommand], "zh"), note: { unknownText: "/x <b>" } }, "zh");
    expect(cardToText(card)).toBe(
      [
        "【帮助】",
        "",
        "没看懂：/x <b>",
        "在群里先 @我 再输入命令；私聊时直接输入即可。",
        "────────────────────────────────",
        "**/help** （也可以用 /帮助）",
        "列出我能听懂的命令",
      ].join("\n"),
    );
  });

  const oddities: unknown[] = [null, undefined, 42, "card", [], {}, { header: 5, body: { elements: "x" } }, { body: { elements: [null, 1, [], { tag: 7 }] } }];
  it.each(oddities.map((card) => [card]))("returns text for %j", (card) => {
    const text = cardToText(card);
    expect(typeof text).toBe("string");
    expect(text).not.toBe(UNREADABLE_CARD);
  });

  it("falls back to a fixed line for objects that throw when read", () => {
    const hostile = {
      get header(): unknown {
        throw new Error("boom");
      },
    };
    expect(cardToText(hostile)).toBe(UNREADABLE_CARD);
  });

  it("survives deep nesting", () => {
    let node: Record<string, unknown> = { tag: "markdown", content: "deep" };
    for (let i = 0; i < 10_000; i += 1) node = { tag: "column_set", columns: [{ tag: "column", elements: [node] }] };
    expect(cardToText({ body: { elements: [node] } })).toBe("");
    const cyclic: Record<string, unknown> = { tag: "form", elements: [] };
    (cyclic.elements as unknown[]).push(cyclic, { tag: "markdown", content: "ok" });
    expect(cardToText({ body: { elements: [cyclic] } })).toContain("ok");
  });

  it("never throws on random JSON, including card-shaped JSON", () => {
    const tags = fc.constantFrom("markdown", "div", "hr", "button", "column_set", "column", "table", "chart", "person", "person_list", "collapsible_panel", "img", "form", "select_static", "plain_text", "x");
    const json = fc.jsonValue({ maxDepth: 2 });
    const { node } = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: "small", maxDepth: 4 },
        json,
        fc.record(
          {
            tag: tags,
            content: fc.oneof(fc.string(), json),
            text: tie("node"),
            elements: fc.array(tie("node"), { maxLength: 4 }),
            columns: fc.array(tie("node"), { maxLength: 4 }),
            rows: fc.array(fc.dictionary(fc.constantFrom("a", "b", ""), json), { maxLength: 3 }),
            data_type: fc.constantFrom("text", "persons", "options", "date", "lark_md", "number"),
            name: fc.oneof(fc.constantFrom("a", "b"), json),
            chart_spec: json,
            persons: json,
            header: tie("node"),
            placeholder: tie("node"),
          },
          { requiredKeys: [] },
        ),
      ),
    }));
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.record({ header: node, body: fc.record({ elements: fc.array(node, { maxLength: 5 }) }) })), (card) => {
        const text = cardToText(card);
        expect(typeof text).toBe("string");
        expect(text).not.toBe(UNREADABLE_CARD);
      }),
      { numRuns: 300 },
    );
  });
});
