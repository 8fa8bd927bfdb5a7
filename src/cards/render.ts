/** Card templates: `cards/<name>.json` at the repository root, filled in with json-e. */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import jsone from "json-e";

/** A card as sent to Feishu (JSON 2.0). */
export type Card = Record<string, unknown>;

const TEMPLATE_NAME = /^[a-z][a-z0-9_-]*$/;

const cache = new Map<string, unknown>();
let templatesDir: string | undefined;

/**
 * Renders `cards/<name>.json` with `context`. Strings in the context go into the card verbatim:
 * escaping user text is the caller's job (see escape.ts).
 */
export function renderTemplate(name: string, context: Readonly<Record<string, unknown>>): Card {
  const template = loadTemplate(name);
  let card: unknown;
  try {
    card = jsone(template as Record<string, unknown>, { ...context });
  } catch (error) {
    throw new Error(`card template "${name}" failed to render: ${(error as Error).message}`, { cause: error });
  }
  if (typeof card !== "object" || card === null || Array.isArray(card)) {
    throw new Error(`card template "${name}" did not render to an object`);
  }
  return card as Card;
}

/** The parsed template, read once per process. */
export function loadTemplate(name: string): unknown {
  if (!TEMPLATE_NAME.test(name)) throw new Error(`bad card template name: ${JSON.stringify(name)}`);
  const cached = cache.get(name);
  if (cached !== undefined) return cached;
  const file = join(cardsDirectory(), `${name}.json`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`cannot load card template ${file}: ${(error as Error).message}`, { cause: error });
  }
  cache.set(name, parsed);
  return parsed;
}

/**
 * The repository's `cards/` folder, found from this file rather than the working directory: the
 * nearest ancestor holding both package.json and cards/ (the same from src/ under tsx and from dist/).
 */
export function cardsDirectory(): string {
  if (templatesDir !== undefined) return templatesDir;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, "package.json")) && existsSync(join(dir, "cards"))) {
      templatesDir = join(dir, "cards");
      return templatesDir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error("cannot find the cards/ template folder above " + fileURLToPath(import.meta.url));
    dir = parent;
  }
}
