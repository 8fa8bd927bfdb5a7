import { describe, expect, it } from "vitest";
import { buildHelpView, helpCommand, helpForUnknown, type HelpView } from "../../src/commands/help.js";
import { cardToText, checkCardBudget, renderView } from "../../src/cards/index.js";
import { listCommands } from "../../src/commands/registry.js";
import { activeConstructs } from "./markdown-checker.js";
import { readGolden } from "./golden.js";

/** A fixed command list, so the golden cards do not change each time a command is registered. */
const meeting = {
  name: "meeting",
  words: { en: ["meeting"], zh: ["会议"] },
  help: {
    usage: { zh: "/meeting <会议号>", en: "/meeting <meeting number>" },
    summary: { zh: "按会议号查会议", en: "Look up a meeting by its number" },
    examples: () => [],
  },
} as const;

function fixedView(locale: "zh" | "en", unknownText?: string): HelpView {
  const view = buildHelpView([helpCommand, meeting], locale);
  return unknownText === undefined ? view : { ...view, note: { unknownText } };
}

function markdownContents(card: Record<string, unknown>): string[] {
  const elements = (card.body as { elements: Array<{ tag: string; content?: string }> }).elements;
  return elements.filter((element) => element.tag === "markdown").map((element) => element.content ?? "");
}

describe("help card", () => {
  it.each([
    ["help.zh", fixedView("zh"), "zh"],
    ["help.en", fixedView("en"), "en"],
    ["help-unknown.zh", fixedView("zh", "/frobnicate <at id=all></at> [x](https://evil.example)"), "zh"],
  ] as const)("matches golden/%s.json", (golden, view, locale) => {
    const card = renderView(view, locale);
    expect(card).toEqual(readGolden(golden, card));
  });

  it("is a JSON 2.0 card with a blue header and a chat-list summary", () => {
    const card = renderView(fixedView("zh"), "zh");
    expect(card).toMatchObject({
      schema: "2.0",
      config: { update_multi: true, summary: { content: "我能听懂的命令" } },
      header: { title: { tag: "plain_text", content: "帮助" }, template: "blue" },
    });
    expect(Object.keys(card).sort()).toEqual(["body", "config", "header", "schema"]);
  });

  it("shows every registered command's usage and summary whole, however long", () => {
    for (const locale of ["zh", "en"] as const) {
      const view = buildHelpView(listCommands(), locale);
      const text = cardToText(renderView(view, locale));
      for (const command of view.commands) {
        expect(text).toContain(command.usage);
        expect(text).toContain(command.summary);
      }
    }
  });

  it("speaks Chinese and English", () => {
    const zh = cardToText(renderView(fixedView("zh"), "zh"));
    const en = cardToText(renderView(fixedView("en"), "en"));
    expect(zh).toContain("【帮助】");
    expect(zh).toContain("/meeting <会议号>");
    expect(zh).toContain("按会议号查会议");
    expect(zh).toContain("也可以用 /会议");
    expect(en).toContain("【Help】");
    expect(en).toContain("/meeting <meeting number>");
    expect(en).toContain("Look up a meeting by its number");
    expect(en).toContain("(also /会议)");
    expect(en).not.toContain("按会议号");
    expect(zh).not.toContain("Look up");
  });

  it("lists one entry per registered command, after the intro", () => {
    const card = renderView(helpForUnknown("", { locale: "zh" }), "zh");
    const contents = markdownContents(card);
    expect(contents.some((content) => content.startsWith("**/help**"))).toBe(true);
    expect(contents[0]).toContain("私聊");
  });

  it("puts the unknown-command note first, escaped so it cannot mention or link", () => {
    const view = helpForUnknown("/frobnicate <at id=all></at> [x](https://evil.example)", { locale: "en" });
    const card = renderView(view, "en");
    const [note] = markdownContents(card);
    expect(note).toMatch(/^<font color='orange'>.*<\/font>$/);
    const inner = (note ?? "").replace(/^<font color='orange'>/, "").replace(/<\/font>$/, "");
    expect(activeConstructs(inner)).toEqual([]);
    expect(cardToText(card)).toContain("I did not understand: /frobnicate <at id=all></at> [x](https://evil.example)");
  });

  it("has no note without unknown text", () => {
    const contents = markdownContents(renderView(fixedView("zh"), "zh"));
    expect(contents.some((content) => content.includes("<font"))).toBe(false);
  });

  it("stays well inside the card budget", () => {
    const { bytes, elements } = checkCardBudget(renderView(fixedView("zh", "x".repeat(60)), "zh"));
    expect(bytes).toBeLessThan(4000);
    expect(elements).toBeLessThan(20);
  });
});

describe("help card in sandbox mode", () => {
  const samples = { meetingNumbers: ["455423258"], meetingId: "7367542736102451599", busyDay: "2026-12-01", roomWord: "5F", departmentId: "od-x" };

  it("shows the commands to try after the intro, escaped, in both languages", () => {
    for (const locale of ["zh", "en"] as const) {
      const card = renderView(buildHelpView([helpCommand, meeting, { ...meeting, name: "rooms" }], locale, samples), locale);
      const contents = markdownContents(card);
      const tries = contents[1] ?? "";
      expect(tries).toContain("455423258");
      expect(tries).toContain("7367542736102451599");
      const text = cardToText(card);
      for (const command of ["/meeting 455423258", "/meeting 7367542736102451599", "/rooms 2026-12-01"]) expect(text).toContain(command);
      expect(checkCardBudget(card).bytes).toBeGreaterThan(0);
    }
    expect(cardToText(renderView(buildHelpView([helpCommand, meeting], "zh", samples), "zh"))).toContain("沙盒模式");
  });

  it("escapes what it shows", () => {
    const hostile = { ...samples, meetingId: "[x](https://evil.example)", busyDay: "<at id=all></at>" };
    const card = renderView(buildHelpView([helpCommand, meeting, { ...meeting, name: "rooms" }], "en", hostile), "en");
    const tries = markdownContents(card)[1] ?? "";
    expect(tries).not.toContain("<at");
    expect(tries).not.toContain("](");
  });

  it("is unchanged in live mode", () => {
    expect(renderView(buildHelpView([helpCommand, meeting], "zh"), "zh")).toEqual(renderView(fixedView("zh"), "zh"));
    expect(cardToText(renderView(fixedView("en"), "en"))).not.toContain("Sandbox");
  });
});
