/** Components other than markdown, and cards that cannot be drawn. */
import { describe, expect, it } from "vitest";
import { BROKEN_CARD_HTML, cardToHtml } from "../../../../src/sandbox/web/card-html/index.js";
import { tagsOf, textOf, withClass } from "./reading.js";

const names = new Map([["ou_1", "lily"]]);
const body = (...elements: unknown[]) => cardToHtml({ schema: "2.0", body: { elements } }, { names });
const plain = (content: string) => ({ tag: "plain_text", content });

describe("header", () => {
  it("template colour, title, subtitle and at most three tags", () => {
    const html = cardToHtml(
      {
        header: {
          template: "orange",
          title: plain("T"),
          subtitle: plain("S"),
          text_tag_list: ["red", "lime", "nope", "blue"].map((color) => ({ tag: "text_tag", text: plain(color), color })),
        },
        body: { elements: [] },
      },
      { names },
    );
    expect(html).toBe(
      `<div class="fc-card"><div class="fc-header fc-header--orange"><div class="fc-title">T</div><div class="fc-subtitle">S</div>` +
        `<div class="fc-header-tags"><span class="fc-text-tag fc-text-tag--red">red</span><span class="fc-text-tag fc-text-tag--lime">lime</span>` +
        `<span class="fc-text-tag fc-text-tag--neutral">nope</span></div></div><div class="fc-body"></div></div>`,
    );
  });

  it("an unknown template is default; a lone subtitle is the title; lark_md titles mention", () => {
    const html = cardToHtml({ header: { template: "pink", subtitle: { tag: "lark_md", content: "<at id=ou_1></at>" } }, body: {} }, { names });
    expect(html).toContain(`<div class="fc-header fc-header--default"><div class="fc-title"><span class="fc-at">@lily</span></div></div>`);
  });
});

describe("layout", () => {
  it("column sets: flex mode, weighted, auto and pixel columns", () => {
    const html = body({
      tag: "column_set",
      flex_mode: "bisect",
      columns: [
        { tag: "column", width: "weighted", weight: 3, elements: [{ tag: "hr" }] },
        { tag: "column", width: "weighted", weight: 99, vertical_align: "top" },
        { tag: "column" },
        { tag: "column", width: "120px" },
      ],
    });
    expect(html).toContain(
      `<div class="fc-columns fc-columns--bisect"><div class="fc-column" style="flex: 3 1 0"><hr class="fc-hr"></div>` +
        `<div class="fc-column fc-valign--top" style="flex: 5 1 0"></div><div class="fc-column fc-column--auto"></div>` +
        `<div class="fc-column" style="flex: 0 0 120px"></div></div>`,
    );
    expect(body({ tag: "column_set", flex_mode: "x", columns: [] })).toContain(`<div class="fc-columns fc-columns--none"></div>`);
  });

  it("plain text, text tags, panels and unknown tags", () => {
    expect(body(plain("a\n**b**"))).toContain(`<div class="fc-plain">a<br>**b**</div>`);
    expect(body({ tag: "div", text: { tag: "plain_text", content: "x", text_size: "heading", text_color: "green" } })).toContain(
      `<div class="fc-plain fc-text--heading fc-font--green">x</div>`,
    );
    expect(body({ tag: "text_tag", text: plain("t"), color: "violet" })).toContain(`<span class="fc-text-tag fc-text-tag--violet">t</span>`);
    expect(body({ tag: "collapsible_panel", expanded: true, header: { title: plain("more") }, elements: [{ tag: "hr" }] })).toContain(
      `<details class="fc-panel" open><summary class="fc-panel-title">more</summary><hr class="fc-hr"></details>`,
    );
    expect(body({ tag: "img", img_key: "k" }, "just a string", { tag: 5 })).toContain(
      `<div class="fc-unknown">[img]</div><div class="fc-unknown">[?]</div><div class="fc-unknown">[?]</div>`,
    );
  });

  it("person and person_list name people from `names`, else show the id", () => {
    expect(body({ tag: "person", user_id: "ou_1" })).toContain(`<span class="fc-person"><span class="fc-avatar">L</span><span class="fc-person-name">lily</span></span>`);
    expect(body({ tag: "person_list", show_avatar: false, persons: [{ id: "ou_1" }, { id: "ou_2" }] })).toContain(
      `<div class="fc-person-list"><span class="fc-person"><span class="fc-person-name">lily</span></span>` +
        `<span class="fc-person fc-person--unknown"><span class="fc-person-name">ou_2</span></span></div>`,
    );
  });
});

describe("interactive components", () => {
  const callback = { type: "callback", value: { s: "tok'en\"<&>" } };

  it("a button carries its callback value, confirm dialog, type, size and disabled state", () => {
    const html = body({
      tag: "button",
      type: "danger_filled",
      size: "tiny",
      disabled: true,
      text: plain("删除"),
      confirm: { title: plain("确定？"), text: plain("删了就没了") },
      behaviors: [callback],
    });
    const [button] = tagsOf(html).filter((tag) => tag.name === "button");
    expect(button!.attrs).toEqual({
      type: "button",
      class: "fc-button fc-button--danger_filled fc-size--tiny",
      "data-fc-callback": JSON.stringify(callback.value),
      "data-fc-confirm": JSON.stringify({ title: "确定？", text: "删了就没了" }),
      disabled: "",
    });
    expect(JSON.parse(button!.attrs["data-fc-callback"]!)).toEqual(callback.value);
    expect(textOf(html)).toBe("删除");
  });

  it("an open_url button is a link, to http(s) only", () => {
    expect(body({ tag: "button", text: plain("go"), behaviors: [{ type: "open_url", default_url: "https://a.example" }] })).toContain(
      `<a class="fc-button fc-button--default" href="https://a.example/" target="_blank" rel="noopener noreferrer">go</a>`,
    );
    expect(body({ tag: "button", text: plain("go"), behaviors: [{ type: "open_url", default_url: "javascript:x" }] })).toContain(
      `<button type="button" class="fc-button fc-button--default">go</button>`,
    );
  });

  it("a select shows the chosen option, or a disabled placeholder when none is", () => {
    const options = ["a", "b"].map((value) => ({ text: plain(value.toUpperCase()), value }));
    const chosen = body({ tag: "select_static", options, initial_option: "b", behaviors: [callback] });
    expect(chosen).toContain(`<option value="a">A</option><option value="b" selected>B</option></select>`);
    expect(body({ tag: "select_static", options, initial_index: 1 })).toContain(`<select class="fc-select"><option value="a" selected>A</option>`);
    expect(body({ tag: "select_static", options, placeholder: plain("选择") })).toContain(
      `<select class="fc-select"><option value="" disabled selected>选择</option><option value="a">A</option>`,
    );
  });

  it("a date picker takes only a yyyy-mm-dd initial date", () => {
    expect(body({ tag: "date_picker", initial_date: "2026-12-03", behaviors: [callback] })).toContain(`value="2026-12-03"`);
    expect(body({ tag: "date_picker", initial_date: "tomorrow", placeholder: plain("日期") })).toContain(
      `<input type="date" class="fc-date-picker" placeholder="日期">`,
    );
  });
});

describe("table", () => {
  const table = (extra: Record<string, unknown>) => body({ tag: "table", columns: [{ name: "n", display_name: "N", data_type: "text" }], ...extra });
  const rows = (count: number) => Array.from({ length: count }, (_, i) => ({ n: `r${i + 1}` }));

  it("pages by page_size (default 5): later rows hidden, one pager button per page", () => {
    const html = table({ rows: rows(12) });
    expect(withClass(html, "fc-table")[0]!.attrs["data-page-size"]).toBe("5");
    const shown = tagsOf(html).filter((tag) => tag.attrs.class === "fc-row").map((tag) => !("hidden" in tag.attrs));
    expect(shown).toEqual([...Array(5).fill(true), ...Array(7).fill(false)]);
    expect(html).toContain(
      `<div class="fc-table-pager"><button type="button" class="fc-table-page" data-page="1" aria-current="page">1</button>` +
        `<button type="button" class="fc-table-page" data-page="2">2</button><button type="button" class="fc-table-page" data-page="3">3</button></div>`,
    );
    expect(table({ rows: rows(5) })).not.toContain("fc-table-pager");
    expect(withClass(table({ rows: rows(3), page_size: 50 }), "fc-table")[0]!.attrs["data-page-size"]).toBe("10");
  });

  it("formats cells by data type", () => {
    const html = body({
      tag: "table",
      columns: [
        { name: "num", data_type: "number", format: { precision: 2, separator: true, symbol: "¥" } },
        { name: "raw", data_type: "number" },
        { name: "opt", data_type: "options" },
        { name: "who", data_type: "persons" },
        { name: "day", data_type: "date", date_format: "YYYY/MM/DD" },
        { name: "md", data_type: "lark_md" },
      ],
      rows: [
        // 20:00 UTC on the 2nd is the 3rd in the tenant's zone (Asia/Shanghai by default), whatever the machine's.
        { num: 1234567.891, raw: 26.5, opt: [{ text: "S1", color: "red" }, { text: "S2" }], who: ["ou_1", "ou_9"], day: Date.UTC(2026, 11, 2, 20), md: "**b**" },
        { num: -5, raw: "n/a", opt: "solo", who: "ou_1" },
      ],
    });
    const cells = [...html.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((m) => m[1]);
    expect(cells.slice(0, 6)).toEqual([
      "¥1,234,567.89",
      "26.5",
      `<span class="fc-text-tag fc-text-tag--red">S1</span><span class="fc-text-tag fc-text-tag--blue">S2</span>`,
      `<span class="fc-person"><span class="fc-avatar">L</span><span class="fc-person-name">lily</span></span><span class="fc-person fc-person--unknown"><span class="fc-avatar">O</span><span class="fc-person-name">ou_9</span></span>`,
      "2026/12/03",
      "<strong>b</strong>",
    ]);
    expect(cells.slice(6, 9)).toEqual(["-¥5.00", "n/a", `<span class="fc-text-tag fc-text-tag--blue">solo</span>`]);
    expect(html).toContain(`<td class="fc-align--right">26.5</td>`);
  });
});

describe("chart", () => {
  it("spec as JSON; aspect ratio from Feishu's list, or a fixed height", () => {
    const spec = { type: "bar", data: { values: [{ x: "<a>", y: 1 }] } };
    const [chart] = withClass(body({ tag: "chart", aspect_ratio: "1:1", chart_spec: spec }), "fc-chart");
    expect(JSON.parse(chart!.attrs["data-fc-chart"]!)).toEqual(spec);
    expect(chart!.attrs.style).toBe("aspect-ratio: 1 / 1");
    expect(withClass(body({ tag: "chart", aspect_ratio: "3:1", chart_spec: spec }), "fc-chart")[0]!.attrs.style).toBe("aspect-ratio: 16 / 9");
    expect(withClass(body({ tag: "chart", height: "240px", chart_spec: spec }), "fc-chart")[0]!.attrs.style).toBe("height: 240px");
  });
});

describe("cards that cannot be drawn", () => {
  const nest = (depth: number): unknown =>
    depth === 0 ? { tag: "hr" } : { tag: "column_set", columns: [{ tag: "column", elements: [nest(depth - 1)] }] };

  it("never throws: not an object, no body, too deep, too large, hostile getters", () => {
    for (const card of [null, undefined, 42, "card", [], { header: {} }, { body: "x" }]) {
      expect(cardToHtml(card, { names })).toBe(BROKEN_CARD_HTML);
    }
    expect(cardToHtml({ body: { elements: [nest(5)] } }, { names })).not.toBe(BROKEN_CARD_HTML);
    expect(cardToHtml({ body: { elements: [nest(13)] } }, { names })).toBe(BROKEN_CARD_HTML);
    const huge = { tag: "markdown", content: "x".repeat(100_000) };
    expect(cardToHtml({ body: { elements: Array(30).fill(huge) } }, { names })).toBe(BROKEN_CARD_HTML);
    const hostile = { body: { elements: [Object.defineProperty({ tag: "markdown" }, "content", { get: () => { throw new Error("boom"); }, enumerable: true })] } };
    expect(cardToHtml(hostile, { names })).toBe(BROKEN_CARD_HTML);
    expect(BROKEN_CARD_HTML).toBe(`<div class="fc-card fc-card--broken">This card could not be drawn.</div>`);
  });

  it("a body with no elements is an empty card, not a broken one", () => {
    expect(cardToHtml({ body: {} }, { names })).toBe(`<div class="fc-card"><div class="fc-body"></div></div>`);
  });
});
