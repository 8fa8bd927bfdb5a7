import { describe, expect, it } from "vitest";
import { cardToText, markdownToText } from "../../src/cards/text.js";
import { escapeMarkdown } from "../../src/cards/escape.js";

const B = "\x1b[1m";
const b = "\x1b[22m";

describe("cardToText for a terminal (the sandbox console)", () => {
  it("drops emphasis marks, or turns them into ANSI styles; the default keeps them as written", () => {
    const markdown = "**总计** *注* ~~旧~~ [文档](https://open.feishu.cn) <font color='red'>红</font>";
    expect(markdownToText(markdown)).toBe("**总计** *注* ~~旧~~ [文档](https://open.feishu.cn) 红");
    expect(markdownToText(markdown, "plain")).toBe("总计 注 旧 文档 (https://open.feishu.cn) 红");
    expect(markdownToText(markdown, "ansi")).toBe(`${B}总计${b} \x1b[3m注\x1b[23m \x1b[9m旧\x1b[29m \x1b[4m文档\x1b[24m (https://open.feishu.cn) 红`);
  });

  it("leaves user-written asterisks and brackets, escaped on the card, as typed", () => {
    const typed = "**not bold** [not](a link)";
    expect(markdownToText(`**${escapeMarkdown(typed)}**`, "plain")).toBe(typed);
    expect(markdownToText(`**${escapeMarkdown(typed)}**`, "ansi")).toBe(`${B}${typed}${b}`);
  });

  it("keeps table columns aligned when cells are styled", () => {
    const card = {
      body: {
        elements: [
          {
            tag: "table",
            columns: [
              { name: "a", display_name: "A", data_type: "lark_md" },
              { name: "n", display_name: "N", data_type: "text" },
            ],
            rows: [
              { a: "**长城**", n: "1" },
              { a: "x", n: "2" },
            ],
          },
        ],
      },
    };
    expect(cardToText(card, { emphasis: "ansi" }).split("\n")).toEqual(["A     N", "----  -", `${B}长城${b}  1`, "x     2"]);
  });

  it("shows a chart as a sparkline with its min, max and the x range", () => {
    const values = [3, 0, 7, 14, 7].map((meetings, i) => ({ date: `05-0${i + 1}`, meetings }));
    const card = { body: { elements: [{ tag: "chart", chart_spec: { type: "bar", title: { text: "每日会议数" }, data: { values }, xField: "date", yField: "meetings" } }] } };
    expect(cardToText(card, { charts: "sparkline" })).toBe("每日会议数: ▃▁▅█▅  min 0 · max 14 (05-01 … 05-05)");
    expect(cardToText(card)).toBe('[chart: bar "每日会议数", 5 points]');
    const flat = { body: { elements: [{ tag: "chart", chart_spec: { type: "line", data: [{ values: [{ y: 2 }, { y: 2 }] }] } }] } };
    expect(cardToText(flat, { charts: "sparkline" })).toBe("line: ▄▄  min 2 · max 2");
    const empty = { body: { elements: [{ tag: "chart", chart_spec: { type: "line", data: { values: [] } } }] } };
    expect(cardToText(empty, { charts: "sparkline" })).toBe("line: (no data)");
  });
});
