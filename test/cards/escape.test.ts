import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { decodeEntities, escapeMarkdown, plainText, truncate, DEFAULT_MAX_LENGTH } from "../../src/cards/escape.js";
import { activeConstructs, DANGEROUS_FRAGMENTS, LITERAL_TRICKS } from "./markdown-checker.js";

/** Text that mixes the doc's constructs with ordinary characters, CJK and emoji. */
const hostileText = fc
  .array(
    fc.oneof(
      fc.constantFrom(...DANGEROUS_FRAGMENTS, ...LITERAL_TRICKS),
      fc.constantFrom("<", ">", "[", "]", "(", ")", "*", "_", "~", "`", "#", "|", ":", "&", "\\", "$", "!", "@", ".", "-", "+"),
      fc.string({ unit: "grapheme" }),
      fc.constantFrom("会议", "周会 🎉", "Q3 review", "1", " ", "\n", "\t", "\u202e", "\u0000"),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(""));

describe("the checker", () => {
  it.each(DANGEROUS_FRAGMENTS)("flags the raw construct %j", (fragment) => {
    expect(activeConstructs(fragment)).not.toEqual([]);
  });

  it("passes ordinary text", () => {
    expect(activeConstructs("周会 Q3 review 2024/05/06 100%")).toEqual([]);
  });

  it("catches an escaper that leaves one character alone", () => {
    const leaky = (text: string) => escapeMarkdown(text).replace(/&#60;/g, "<");
    const result = fc.check(fc.property(hostileText, (text) => activeConstructs(leaky(text)).length === 0), {
      examples: [["<at id=all></at>"]],
    });
    expect(result.failed).toBe(true);
  });
});

describe("escapeMarkdown", () => {
  it.each(DANGEROUS_FRAGMENTS)("neutralises %j and shows it back as typed", (fragment) => {
    const escaped = escapeMarkdown(fragment);
    expect(activeConstructs(escaped)).toEqual([]);
    expect(decodeEntities(escaped)).toBe(fragment.replace(/\s+/g, " "));
  });

  it.each(LITERAL_TRICKS)("shows the user-written entity %j as typed, not decoded", (trick) => {
    const escaped = escapeMarkdown(trick);
    expect(activeConstructs(escaped)).toEqual([]);
    expect(decodeEntities(escaped)).toBe(trick);
  });

  it("uses the numeric entities card-v2-markdown.md documents", () => {
    expect(escapeMarkdown("<at id=all></at>")).toBe("&#60;at id=all&#62;&#60;/at&#62;");
    expect(escapeMarkdown("[t](u)")).toBe("&#91;t&#93;&#40;u&#41;");
    expect(escapeMarkdown("**x**")).toBe("&#42;&#42;x&#42;&#42;");
  });

  it("leaves ordinary text, CJK and emoji alone", () => {
    expect(escapeMarkdown("周会 🎉 Q3 review 2024/05/06")).toBe("周会 🎉 Q3 review 2024/05/06");
  });

  it("folds newlines and tabs into spaces and drops control and bidi characters", () => {
    expect(escapeMarkdown("  a\n\n# b\tc  ")).toBe("a &#35; b c");
    expect(escapeMarkdown("a\u202eb\u0000c\u200bd")).toBe("abcd");
  });

  it("truncates long text with an ellipsis, before escaping so no entity is cut", () => {
    const escaped = escapeMarkdown("<".repeat(500));
    expect(escaped).toBe(`${"&#60;".repeat(DEFAULT_MAX_LENGTH - 1)}…`);
    expect(escapeMarkdown("abcdef", 4)).toBe("abc…");
    expect(escapeMarkdown("abcd", 4)).toBe("abcd");
  });

  it("takes anything without throwing", () => {
    expect(escapeMarkdown(undefined)).toBe("");
    expect(escapeMarkdown(null)).toBe("");
    expect(escapeMarkdown(42)).toBe("42");
  });

  it("property: nothing survives as an active construct", () => {
    fc.assert(
      fc.property(hostileText, fc.integer({ min: 1, max: 300 }), (text, max) => {
        expect(activeConstructs(escapeMarkdown(text, max))).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it("property: the text renders back exactly as typed", () => {
    const singleLine = fc
      .array(fc.oneof(fc.constantFrom(...DANGEROUS_FRAGMENTS.filter((f) => !f.includes("\n")), ...LITERAL_TRICKS), fc.string({ unit: "grapheme-ascii" })), {
        maxLength: 8,
      })
      .map((parts) => parts.join(" ").replace(/\s+/g, " ").trim());
    fc.assert(
      fc.property(singleLine, (text) => {
        expect(decodeEntities(escapeMarkdown(text, Number.MAX_SAFE_INTEGER))).toBe(text);
      }),
      { numRuns: 300 },
    );
  });
});

describe("plainText and truncate", () => {
  it("keeps markdown characters (plain_text shows them as they are) but not line breaks or controls", () => {
    expect(plainText("**a**\n<b>\u0007")).toBe("**a** <b>");
  });

  it("truncates by characters, not UTF-16 units", () => {
    expect(truncate("😀😀😀", 2)).toBe("😀…");
    expect(plainText("x".repeat(300)).length).toBe(DEFAULT_MAX_LENGTH);
  });
});
