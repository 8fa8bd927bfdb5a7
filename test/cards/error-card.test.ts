import { describe, expect, it } from "vitest";
import { cardToText, renderView } from "../../src/cards/index.js";
import { activeConstructs } from "./markdown-checker.js";

const contents = (card: Record<string, unknown>) =>
  (card.body as { elements: Array<{ tag: string; content: string }> }).elements.map((element) => element.content);

describe("error card", () => {
  it("has a red header with the title and the title as its summary", () => {
    const card = renderView({ kind: "error", title: "没有权限", message: "需要会议管理权限" }, "zh");
    expect(card).toMatchObject({
      schema: "2.0",
      config: { update_multi: true, summary: { content: "没有权限" } },
      header: { title: { tag: "plain_text", content: "没有权限" }, template: "red" },
    });
    expect(contents(card)).toEqual(["需要会议管理权限"]);
  });

  it("adds the hint, or else the try-again line, in the card's language: never both (issue 12 item 8: it said 请稍后再试 twice)", () => {
    const zh = renderView({ kind: "error", title: "限流", message: "太多请求", hint: "等一分钟", retryable: true }, "zh");
    expect(contents(zh)).toEqual(["太多请求", "提示：等一分钟"]);
    const zhNoHint = renderView({ kind: "error", title: "限流", message: "太多请求", retryable: true }, "zh");
    expect(contents(zhNoHint)).toEqual(["太多请求", "请稍后再试。"]);
    const en = renderView({ kind: "error", title: "Busy", message: "Too many requests", retryable: true }, "en");
    expect(contents(en)).toEqual(["Too many requests", "Please try again in a little while&#46;"]);
  });

  it("escapes every text, since Feishu messages and user input end up here", () => {
    const card = renderView(
      { kind: "error", title: "bad\ntitle", message: "<at id=all></at> [x](https://evil.example)", hint: "**loud**" },
      "en",
    );
    for (const content of contents(card)) expect(activeConstructs(content)).toEqual([]);
    expect(card.header).toMatchObject({ title: { content: "bad title" } });
    expect(cardToText(card)).toContain("<at id=all></at> [x](https://evil.example)");
  });

  it("falls back to a generic title when none is given", () => {
    const card = renderView({ kind: "error", title: "  ", message: "m" }, "en");
    expect(card.header).toMatchObject({ title: { content: "Something went wrong" } });
  });
});
