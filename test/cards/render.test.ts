import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { cardsDirectory, loadTemplate, renderTemplate } from "../../src/cards/render.js";

describe("renderTemplate", () => {
  const cwd = process.cwd();
  afterEach(() => process.chdir(cwd));

  it("finds cards/ at the repository root whatever the working directory", () => {
    const elsewhere = mkdtempSync(join(tmpdir(), "cards-cwd-"));
    try {
      process.chdir(elsewhere);
      expect(cardsDirectory()).toBe(join(cwd, "cards"));
      expect(renderTemplate("error", { title: "t", message: "m", hint: null, retry: null })).toMatchObject({ schema: "2.0" });
    } finally {
      process.chdir(cwd);
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it("parses each template once and never hands out a card that shares objects with the cache", () => {
    expect(loadTemplate("help")).toBe(loadTemplate("help"));
    const first = renderTemplate("error", { title: "a", message: "m", hint: null, retry: null });
    (first.header as { title: { content: string } }).title.content = "changed";
    const second = renderTemplate("error", { title: "b", message: "m", hint: null, retry: null });
    expect((second.header as { title: { content: string } }).title.content).toBe("b");
  });

  it("fills json-e expressions and drops optional parts that are off", () => {
    const card = renderTemplate("error", { title: "T", message: "M", hint: "H", retry: null });
    const contents = (card.body as { elements: Array<{ content: string }> }).elements.map((e) => e.content);
    expect(contents).toEqual(["M", "H"]);
  });

  it("does not evaluate json-e syntax that arrives inside context values", () => {
    const card = renderTemplate("error", { title: "${title}", message: "$eval", hint: null, retry: null });
    expect(card.header).toMatchObject({ title: { content: "${title}" } });
  });

  it("refuses names that could leave the cards folder, and names a missing template", () => {
    expect(() => loadTemplate("../package")).toThrow(/bad card template name/);
    expect(() => loadTemplate("Help")).toThrow(/bad card template name/);
    expect(() => loadTemplate("no-such-card")).toThrow(/cannot load card template .*no-such-card\.json/);
  });

  it("names the template when the context is missing a value", () => {
    expect(() => renderTemplate("error", {})).toThrow(/card template "error" failed to render/);
  });
});
