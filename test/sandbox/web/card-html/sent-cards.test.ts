/**
 * 14 cards the bot sent in a sandbox run on 2026-12-03 (the emulator's /_emulator/sent log, kept in
 * fixtures/sent.json): the renderer's input as it really comes, not a record of the bot's current
 * output (the sandbox's tenant changes daily; the cards' own tests are in test/cards).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { cardToHtml } from "../../../../src/sandbox/web/card-html/index.js";
import { dangers, tagsOf, textOf, withClass } from "./reading.js";

interface SentEntry {
  kind: string;
  content: string;
}

const SENT: SentEntry[] = JSON.parse(readFileSync(new URL("./fixtures/sent.json", import.meta.url), "utf8"));
const HOST = "ou_946f284ceb946d50fc74a46ee8f06bff";
const names = new Map([[HOST, "王芳"]]);
const cards = SENT.map((entry) => JSON.parse(entry.content) as { header: { title: { content: string } } });
const htmlOf = (title: string, nth = 0) => {
  const found = cards.filter((card) => card.header.title.content.includes(title));
  if (found[nth] === undefined) throw new Error(`no card titled ${title}`);
  return cardToHtml(found[nth], { names });
};

describe("the cards the bot sends", () => {
  it("all render as cards with their title and body, and nothing executable", () => {
    expect(cards).toHaveLength(14);
    for (const card of cards) {
      const html = cardToHtml(card, { names });
      expect(html).toMatch(/^<div class="fc-card"><div class="fc-header fc-header--(blue|yellow|indigo)"><div class="fc-title">/);
      expect(html).not.toContain("fc-card--broken");
      expect(html).not.toContain("fc-unknown");
      expect(dangers(html)).toEqual([]);
    }
  });

  it("/help: escaped markdown shows the characters, lists are lists", () => {
    const html = htmlOf("帮助");
    expect(html).toContain("<ul><li><strong>/meeting 455423258</strong> 一个会议号的会议</li>");
    expect(textOf(html)).toContain("/rooms [today|yesterday|今天");
    expect(textOf(html)).toContain("/meeting <9位会议号>");
  });

  it("/rooms yesterday: &#NN; escapes are literal characters, never markdown", () => {
    const html = htmlOf("会议室预定 · 昨天");
    expect(html).toContain("<strong>3F-01 长城</strong>");
    // `&#42;&#42;研发中心&#42;&#42;` is what the organiser typed, not bold.
    expect(html).toContain("09:30–10:30 **研发中心** 双周迭代评审");
    expect(html).not.toContain("<strong>研发中心</strong>");
    // An escaped link in a topic stays text: no anchor to the phishing site.
    expect(textOf(html)).toContain("[点击领取奖品](https://phish.example.net/login)");
    expect(tagsOf(html).filter((tag) => tag.name === "a")).toEqual([]);
    expect(html).toContain(`<span class="fc-font fc-font--green">已签到 09:33</span>`);
    expect(html).toContain(`<span class="fc-font fc-font--red">未签到</span>`);
  });

  it("/rooms yesterday: the date picker and the room select carry their callbacks", () => {
    const html = htmlOf("会议室预定 · 昨天");
    const [picker] = withClass(html, "fc-date-picker");
    expect(picker?.attrs).toMatchObject({ type: "date", value: "2026-12-03", placeholder: "选择日期" });
    expect(JSON.parse(picker!.attrs["data-fc-callback"]!)).toEqual({ s: expect.stringMatching(/^eyJ/) });
    const [select] = withClass(html, "fc-select");
    expect(JSON.parse(select!.attrs["data-fc-callback"]!)).toHaveProperty("s");
    const options = tagsOf(html).filter((tag) => tag.name === "option");
    expect(options[0]!.attrs).toEqual({ value: "all", selected: "" });
    expect(options.map((o) => o.attrs.value)).toContain("room:3F-01 长城");
  });

  it("every button's callback round-trips to the value the card holds", () => {
    let checked = 0;
    cards.forEach((card) => {
      const values = [...JSON.stringify(card).matchAll(/"type":"callback","value":(\{[^}]*\})/g)].map((m) => JSON.parse(m[1]!));
      const rendered = tagsOf(cardToHtml(card, { names }))
        .filter((tag) => tag.attrs["data-fc-callback"] !== undefined)
        .map((tag) => JSON.parse(tag.attrs["data-fc-callback"]!));
      expect(rendered).toEqual(values);
      checked += values.length;
    });
    expect(checked).toBeGreaterThan(30);
  });

  it("/meeting detail: the host and the participants show names from `names`, the table pages", () => {
    const html = htmlOf("全员大会");
    // The title is plain_text: its markup is shown as written, not as a mention or a link.
    expect(textOf(withTitle(html))).toBe("<at id=all></at> 全员大会 **All Hands** | [议程](https://example.feishu.cn/docx/allhands)");
    expect(html).toContain(`<span class="fc-person"><span class="fc-avatar">王</span><span class="fc-person-name">王芳</span></span>`);
    // In the table the <person> tags say show_avatar=false.
    expect(html).toContain(`<td class="fc-align--left"><span class="fc-person"><span class="fc-person-name">王芳</span></span></td>`);
    const table = withClass(html, "fc-table")[0]!;
    expect(table.attrs["data-page-size"]).toBe("10");
    const rows = tagsOf(html).filter((tag) => tag.attrs.class === "fc-row");
    expect(rows).toHaveLength(30);
    expect(rows.filter((row) => "hidden" in row.attrs)).toHaveLength(20);
    expect(withClass(html, "fc-table-page").map((b) => [b.attrs["data-page"], b.attrs["aria-current"]])).toEqual([
      ["1", "page"],
      ["2", undefined],
      ["3", undefined],
    ]);
  });

  it("/report and /rooms 30d: the chart carries its spec as JSON and Feishu's aspect ratio", () => {
    const report = withClass(htmlOf("会议使用报告"), "fc-chart")[0]!;
    const spec = JSON.parse(report.attrs["data-fc-chart"]!);
    expect(spec).toMatchObject({ type: "line", xField: "date", yField: "meetings" });
    expect(spec.data.values).toHaveLength(30);
    expect(report.attrs.style).toBe("aspect-ratio: 2 / 1");
    const heatmap = withClass(htmlOf("会议室使用率", 1), "fc-chart")[0]!;
    expect(JSON.parse(heatmap.attrs["data-fc-chart"]!).type).toBe("heatmap");
    expect(heatmap.attrs.style).toBe("aspect-ratio: 4 / 3");
  });

  it("a table with no more rows than its page size has no pager", () => {
    const html = htmlOf("会议使用报告");
    expect(withClass(html, "fc-table")[0]!.attrs["data-page-size"]).toBe("3");
    expect(html).not.toContain("fc-table-pager");
  });

  it("/whoami: a fenced code block is kept as written", () => {
    const html = htmlOf("我是谁");
    expect(html).toContain(`<pre class="fc-code"><code>digests:\n  - name: daily\n    chats: [oc_sandbox_p2p]\n    cron: &quot;0 9 * * 1-5&quot;`);
    expect(html).toContain("<strong>ou_sandbox_user</strong>");
  });
});

function withTitle(html: string): string {
  return /<div class="fc-title">(.*?)<\/div>/.exec(html)![1]!;
}
