/** Everything in a card is untrusted: topics, names and labels an attacker wrote must stay text. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cardToHtml } from "../../../../src/sandbox/web/card-html/index.js";
import { dangers, tagsOf, textOf } from "./reading.js";

const ATTACKS = [
  "<script>alert(1)</script>",
  `"><img src=x onerror=alert(1)>`,
  `'><svg onload=alert(1)>`,
  "[click](javascript:alert(1))",
  "[click](JaVaScRiPt&#58;alert(1))",
  "<a href='javascript:alert(1)'>x</a>",
  `<a href="https://ok.example/" onclick="alert(1)">x</a>`,
  "<link url='javascript:alert(1)'>x</link>",
  `<font color='red" onclick="x'>hi</font>`,
  `<font color="red' onmouseover='x">hi</font>`,
  "<text_tag color='x\" style=\"background:url(//evil)'>t</text_tag>",
  "</select><script>alert(1)</script>",
  "</textarea><img src=x onerror=alert(1)>",
  "&#60;script&#62;alert(1)&#60;/script&#62;",
  "&lt;img src=x onerror=alert(1)&gt;",
  "<at id='\"><script>x</script>'></at>",
  "<person id='\" onmouseover=\"alert(1)'></person>",
  "`<script>alert(1)</script>`",
  "```\n</pre><script>alert(1)</script>\n```",
  "<number_tag><script>x</script></number_tag>",
  "<raw><script>x</script></raw>",
  "**<script>alert(1)</script>**",
];

const text = (content: string, tag = "plain_text") => ({ tag, content });

/** One card with the payload in every place a card can hold text. */
function cardWith(payload: string): unknown {
  return {
    schema: "2.0",
    header: {
      title: text(payload),
      subtitle: text(payload, "lark_md"),
      template: payload,
      text_tag_list: [{ tag: "text_tag", text: text(payload), color: payload }],
    },
    body: {
      elements: [
        { tag: "markdown", content: payload, text_size: payload, text_align: payload },
        { tag: "markdown", content: `- ${payload}\n# ${payload}\n> ${payload}\n<font color='${payload}'>x</font> <text_tag color='${payload}'>y</text_tag>` },
        { tag: "div", text: { tag: "lark_md", content: payload, text_color: payload } },
        { tag: "plain_text", content: payload },
        { tag: "text_tag", text: text(payload), color: payload },
        {
          tag: "button",
          type: payload,
          size: payload,
          text: text(payload),
          confirm: { title: text(payload), text: text(payload) },
          behaviors: [{ type: "callback", value: { s: payload, [payload]: payload } }],
        },
        { tag: "button", text: text(payload), behaviors: [{ type: "open_url", default_url: payload }] },
        {
          tag: "select_static",
          placeholder: text(payload),
          options: [{ text: text(payload), value: payload }],
          behaviors: [{ type: "callback", value: { v: payload } }],
        },
        { tag: "date_picker", placeholder: text(payload), initial_date: payload, behaviors: [{ type: "callback", value: payload }] },
        {
          tag: "column_set",
          flex_mode: payload,
          columns: [
            { tag: "column", width: "weighted", weight: payload, vertical_align: payload, elements: [{ tag: "person", user_id: payload }] },
            { tag: "column", width: payload, elements: [{ tag: "person_list", persons: [{ id: payload }] }] },
          ],
        },
        {
          tag: "table",
          page_size: payload,
          columns: ["text", "lark_md", "markdown", "number", "options", "persons", "date"].map((type) => ({
            name: type,
            display_name: payload,
            data_type: type,
            horizontal_align: payload,
            format: { symbol: payload, precision: payload },
            date_format: payload,
          })),
          rows: [
            { text: payload, lark_md: payload, markdown: payload, number: payload, options: [{ text: payload, color: payload }], persons: [payload], date: payload },
            { number: 1234.5, options: payload, persons: payload, date: 1_700_000_000_000 },
          ],
        },
        { tag: "chart", aspect_ratio: payload, height: payload, chart_spec: { type: payload, title: { text: payload } } },
        { tag: "collapsible_panel", header: { title: text(payload) }, elements: [{ tag: "markdown", content: payload }] },
        { tag: payload },
      ],
    },
  };
}

describe("hostile card content", () => {
  it.each(ATTACKS)("stays text wherever it is: %s", (payload) => {
    const names = new Map([[payload, payload]]);
    const html = cardToHtml(cardWith(payload), { names });
    expect(html).not.toContain("fc-card--broken");
    expect(dangers(html)).toEqual([]);
    expect(html).not.toMatch(/<script/i);
    // Every `"` the renderer writes delimits an attribute value (text quotes are escaped): blank the
    // values, and what is left of each tag is its names.
    expect(html.replace(/"[^"]*"/g, '""')).not.toMatch(/<[^>]*\son\w+=/i);
    expect(html).not.toMatch(/href="\s*javascript:/i);
  });

  it("shows the attack as the characters typed", () => {
    const html = cardToHtml(cardWith("<script>alert(1)</script>"), { names: new Map() });
    expect(textOf(html)).toContain("<script>alert(1)</script>");
    // Entities in markdown show the character and are escaped again on the way out.
    const decoded = cardToHtml({ body: { elements: [{ tag: "markdown", content: "&#60;script&#62;" }] } }, { names: new Map() });
    expect(decoded).toContain("&lt;script&gt;");
  });

  it("links only to http(s)", () => {
    const links = (content: string) =>
      tagsOf(cardToHtml({ body: { elements: [{ tag: "markdown", content }] } }, { names: new Map() }))
        .filter((tag) => tag.name === "a" && !tag.closing)
        .map((tag) => tag.attrs.href);
    expect(links("[a](https://ok.example/x) [b](http://ok.example) <a href='https://ok.example/a'>c</a>")).toEqual([
      "https://ok.example/x",
      "http://ok.example/",
      "https://ok.example/a",
    ]);
    expect(links("[a](javascript:alert(1)) [b](data:text/html,x) [c](/relative) [d](https&#58;//x.example)")).toEqual(["https://x.example/"]);
    expect(textOf(cardToHtml({ body: { elements: [{ tag: "markdown", content: "[a](javascript:alert(1))" }] } }, { names: new Map() }))).toBe(
      "[a](javascript:alert(1))",
    );
  });

  it("colours come only from Feishu's palette", () => {
    const html = cardToHtml(
      { body: { elements: [{ tag: "markdown", content: "<font color='red'>a</font><font color='blue-500'>b</font><font color='#f00'>c</font><font color='rgba(1,2,3,1)'>d</font>" }] } },
      { names: new Map() },
    );
    expect(tagsOf(html).filter((tag) => tag.name === "span" && !tag.closing).map((tag) => tag.attrs.class)).toEqual([
      "fc-font fc-font--red",
      "fc-font fc-font--blue fc-font--blue-500",
      "fc-font fc-font--default",
      "fc-font fc-font--default",
    ]);
  });

  it("random mixes of markup fragments never escape", () => {
    const fragment = fc.oneof(
      fc.constantFrom(...ATTACKS, "<", ">", '"', "'", "&", "&#", ";", "*", "**", "~~", "`", "[", "](", ")", "<font color=red>", "</font>", "<at id=", "></at>", "\n", "- ", "# ", "javascript:", "https://x.example", " onclick=", "<br>", "<hr>"),
      fc.string({ maxLength: 8 }),
    );
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 12 }), (parts) => {
        const payload = parts.join("");
        const html = cardToHtml(cardWith(payload), { names: new Map([[payload, payload]]) });
        expect(dangers(html)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
