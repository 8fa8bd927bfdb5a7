/** Card markdown → HTML (card-v2-markdown.md). */
import { describe, expect, it } from "vitest";
import { cardToHtml } from "../../../../src/sandbox/web/card-html/index.js";

const names = new Map([
  ["ou_1", "李雷"],
  ["ou_2", "韩梅梅"],
]);
/** The HTML inside the markdown element's div. */
const md = (content: string) => {
  const html = cardToHtml({ body: { elements: [{ tag: "markdown", content }] } }, { names });
  return /^<div class="fc-card"><div class="fc-body"><div class="fc-markdown">([\s\S]*)<\/div><\/div><\/div>$/.exec(html)?.[1];
};

describe("card markdown", () => {
  it("emphasis, strike-through and code", () => {
    expect(md("**b** *i* ~~s~~ `c*d*`")).toBe("<strong>b</strong> <em>i</em> <del>s</del> <code>c*d*</code>");
    expect(md("**bold *italic* more**")).toBe("<strong>bold <em>italic</em> more</strong>");
    expect(md("2 * 3 * 4 and a ** b")).toBe("2 * 3 * 4 and a ** b");
    expect(md("open_id and snake_case_name")).toBe("open_id and snake_case_name");
  });

  it("entities show their character and are never markdown", () => {
    expect(md("&#42;&#42;not bold&#42;&#42; &#91;x&#93;&#40;https://a.example&#41; &#60;b&#62; &#x2A; &lt;at id=all&gt; &amp;")).toBe(
      "**not bold** [x](https://a.example) &lt;b&gt; * &lt;at id=all&gt; &amp;",
    );
    expect(md("&#45; not a list")).toBe("- not a list");
    expect(md("&#35; not a heading")).toBe("# not a heading");
    expect(md("&unknown; &#0;")).toBe("&amp;unknown; &amp;#0;");
  });

  it("backslash escapes punctuation", () => {
    expect(md("\\*not\\* \\[x]")).toBe("*not* [x]");
  });

  it("links: http(s) only, opened in a new tab without the opener", () => {
    expect(md("[飞书](https://open.feishu.cn/x?a=1&b=2)")).toBe(
      `<a class="fc-link" href="https://open.feishu.cn/x?a=1&amp;b=2" target="_blank" rel="noopener noreferrer">飞书</a>`,
    );
    expect(md("[**bold** link](http://a.example)")).toBe(
      `<a class="fc-link" href="http://a.example/" target="_blank" rel="noopener noreferrer"><strong>bold</strong> link</a>`,
    );
    expect(md("[tel](tel://123)")).toBe("[tel](tel://123)");
    expect(md("<a href='https://a.example'>x</a> <link url='https://b.example'>y</link>")).toBe(
      `<a class="fc-link" href="https://a.example/" target="_blank" rel="noopener noreferrer">x</a> <a class="fc-link" href="https://b.example/" target="_blank" rel="noopener noreferrer">y</a>`,
    );
    expect(md("<a href='ftp://a.example'>x</a>")).toBe("x");
  });

  it("font colours, nested, and text tags", () => {
    expect(md("red<font color=green>green<font color='red-600'>red</font>again</font>")).toBe(
      `red<span class="fc-font fc-font--green">green<span class="fc-font fc-font--red fc-font--red-600">red</span>again</span>`,
    );
    expect(md("<font color='grey'>**b**</font>")).toBe(`<span class="fc-font fc-font--grey"><strong>b</strong></span>`);
    expect(md("<text_tag color='red'>标签</text_tag><text_tag color=pink>x</text_tag>")).toBe(
      `<span class="fc-text-tag fc-text-tag--red">标签</span><span class="fc-text-tag fc-text-tag--neutral">x</span>`,
    );
    expect(md("<font color='red'>unclosed")).toBe("&lt;font color=&#39;red&#39;&gt;unclosed");
  });

  it("mentions and people, named from the sandbox's names", () => {
    expect(md("<at id=all></at> <at id=ou_1></at> <at ids=ou_1,ou_2></at> <at id=ou_x></at> <at email=a@b.example></at>")).toBe(
      [
        `<span class="fc-at">@所有人</span>`,
        `<span class="fc-at">@李雷</span>`,
        `<span class="fc-at">@李雷</span> <span class="fc-at">@韩梅梅</span>`,
        `<span class="fc-at">@ou_x</span>`,
        `<span class="fc-at">@a@b.example</span>`,
      ].join(" "),
    );
    expect(md("<person id = 'ou_2' show_name = true show_avatar = true></person>")).toBe(
      `<span class="fc-person"><span class="fc-avatar">韩</span><span class="fc-person-name">韩梅梅</span></span>`,
    );
  });

  it("line breaks, headings, rules, quotes, code blocks", () => {
    expect(md("a\nb<br>c<br/>d\n\ne")).toBe("a<br>b<br>c<br>d<br><br>e");
    expect(md("# 一级\n###### 六级\ntext")).toBe("<h1>一级</h1><h6>六级</h6>text");
    expect(md("above\n<hr>\n---\nbelow")).toBe("above<hr><hr>below");
    expect(md("> quoted")).toBe(`<blockquote class="fc-quote">quoted</blockquote>`);
    expect(md("```json\n{\"a\": \"<b>\"}\n```\nafter")).toBe(`<pre class="fc-code"><code>{&quot;a&quot;: &quot;&lt;b&gt;&quot;}</code></pre>after`);
  });

  it("lists, nested by four spaces, ordered ones keep their start", () => {
    expect(md("- a\n    - a.1\n- b\n1. one\n    1. one.one\n2. two")).toBe(
      "<ul><li>a<ul><li>a.1</li></ul></li><li>b</li></ul><ol><li>one<ol><li>one.one</li></ol></li><li>two</li></ol>",
    );
    expect(md("3. three\n4. four")).toBe(`<ol start="3"><li>three</li><li>four</li></ol>`);
    expect(md("intro\n- **x** y")).toBe("intro<ul><li><strong>x</strong> y</li></ul>");
  });

  it("local_datetime, number_tag and raw", () => {
    expect(md("<number_tag>7</number_tag>")).toBe(`<span class="fc-number-tag">7</span>`);
    expect(md("<raw>**x** &#42;</raw>")).toBe("**x** &amp;#42;");
    expect(md("<local_datetime millisecond='x'></local_datetime>")).toBe(`<span class="fc-datetime"></span>`);
    // 2023-11-14T22:13:20Z: already the 15th in the tenant's zone (Asia/Shanghai by default), whatever the machine's.
    expect(md("<local_datetime millisecond='1700000000000'></local_datetime>")).toBe(`<span class="fc-datetime">2023-11-15 06:13</span>`);
    const inLondon = cardToHtml({ body: { elements: [{ tag: "markdown", content: "<local_datetime millisecond='1700000000000'></local_datetime>" }] } }, { names, timeZone: "Europe/London" });
    expect(inLondon).toContain(`<span class="fc-datetime">2023-11-14 22:13</span>`);
  });

  it("stays linear on long hostile lines", () => {
    const long = "*".repeat(20_000) + "<font>".repeat(5_000) + "`".repeat(1) + "[".repeat(20_000);
    const started = performance.now();
    expect(md(long)).toBeDefined();
    // Generous: a quadratic scan of this line takes tens of seconds.
    expect(performance.now() - started).toBeLessThan(3_000);
  });
});
