/**
 * Checks a card the way Feishu's card service does before it accepts a message: JSON 2.0 cards
 * strictly (unknown properties are an error in 2.0, tags must be components the emulator knows,
 * ≤ 200 elements, tables only at the top level and ≤ 5 of them), JSON 1.0 cards loosely
 * (1.0 ignores what it does not know), and card-builder templates by shape only.
 */
import { CardErrCode, type CardProblem } from "./errors.js";

export type CardSchema = "1.0" | "2.0" | "template";

export interface ParsedCard {
  schema: CardSchema;
  /** Whether the card is shared, so PATCH may update it (2.0 defaults to true, 1.0 to false). */
  updateMulti: boolean;
  card: Record<string, unknown>;
}

export type CardCheck = { ok: true; parsed: ParsedCard } | { ok: false; problem: CardProblem };

export const CARD_LIMITS = { elements: 200, tables: 5, containerDepth: 5, tablePageSize: 10 } as const;

const TOP_LEVEL_V2 = new Set(["schema", "config", "card_link", "header", "body"]);
const CONFIG_V2 = new Set([
  "streaming_mode",
  "streaming_config",
  "summary",
  "locales",
  "enable_forward",
  "update_multi",
  "width_mode",
  "use_custom_translation",
  "enable_forward_interaction",
  "style",
]);
const HEADER_V2 = new Set(["title", "subtitle", "text_tag_list", "i18n_text_tag_list", "template", "icon", "padding"]);
const BODY_V2 = new Set([
  "direction",
  "padding",
  "horizontal_spacing",
  "horizontal_align",
  "vertical_spacing",
  "vertical_align",
  "elements",
]);

/** The components the emulator understands in a 2.0 body (card-v2-components-overview.md). */
const KNOWN_V2_TAGS = new Set([
  "markdown",
  "div",
  "plain_text",
  "column_set",
  "hr",
  "table",
  "chart",
  "button",
  "collapsible_panel",
  "person",
  "person_list",
  "img",
  "form",
  "input",
  "select_static",
  "date_picker",
  "overflow",
  "interactive_container",
  // Real 2.0 components the bot does not use, accepted so that a valid card is never refused.
  "img_combination",
  "multi_select_static",
  "select_person",
  "multi_select_person",
  "picker_time",
  "picker_datetime",
  "select_img",
  "checker",
]);
/** 1.0 modules that 2.0 removed (card-v2-release-notes.md): 230099 / 200861. */
const V1_ONLY_TAGS = new Set(["note", "action"]);
const CONTAINERS = new Set(["column_set", "form", "collapsible_panel", "interactive_container"]);
/** Containers that may not hold a form (card-v2-column-set.md, card-v2-collapsible-panel.md). */
const NO_FORM_INSIDE = new Set(["column_set", "collapsible_panel", "form"]);
const TABLE_DATA_TYPES = new Set(["text", "lark_md", "options", "number", "persons", "date", "markdown"]);
/** Keys holding the developer's data rather than card elements: not walked when counting. */
const DATA_KEYS = new Set(["chart_spec", "rows", "value", "behaviors", "form_value", "confirm"]);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const parseProblem = (errMsg: string, path?: string): CardProblem => ({
  errCode: CardErrCode.parse,
  errMsg,
  ...(path ? { path } : {}),
});

export function checkCard(value: unknown): CardCheck {
  if (!isObject(value)) return fail(parseProblem("card must be a JSON object", "ROOT"));
  if (value["type"] === "template") return checkTemplate(value);
  const schema = value["schema"];
  if (schema === "2.0") return checkV2(value);
  if (schema === undefined || schema === "1.0") return checkV1(value);
  return fail(parseProblem(`unsupported schema ${JSON.stringify(schema)}`, "ROOT -> schema"));
}

/** The schema a stored card was sent in (cards are validated before they are stored). */
export function schemaOf(card: unknown): CardSchema {
  if (!isObject(card)) return "1.0";
  if (card["type"] === "template") return "template";
  return card["schema"] === "2.0" ? "2.0" : "1.0";
}

function fail(problem: CardProblem): CardCheck {
  return { ok: false, problem };
}

function checkTemplate(card: Record<string, unknown>): CardCheck {
  const data = card["data"];
  if (!isObject(data) || typeof data["template_id"] !== "string" || data["template_id"] === "") {
    return fail(parseProblem("template card needs data.template_id", "ROOT -> data"));
  }
  // The emulator cannot see inside a template; it treats it as a shared card.
  return { ok: true, parsed: { schema: "template", updateMulti: true, card } };
}

function checkV1(card: Record<string, unknown>): CardCheck {
  const elements = card["elements"];
  if (elements !== undefined) {
    if (!Array.isArray(elements)) return fail(parseProblem("elements must be an array", "ROOT -> elements"));
    for (const [i, element] of elements.entries()) {
      if (!isObject(element) || typeof element["tag"] !== "string") {
        return fail(parseProblem("element needs a tag", `ROOT -> elements -> [${i}]`));
      }
    }
  }
  const config = card["config"];
  const updateMulti = isObject(config) && config["update_multi"] === true;
  return { ok: true, parsed: { schema: "1.0", updateMulti, card } };
}

function unknownKey(object: Record<string, unknown>, allowed: Set<string>): string | undefined {
  return Object.keys(object).find((key) => !allowed.has(key));
}

function checkV2(card: Record<string, unknown>): CardCheck {
  const extra = unknownKey(card, TOP_LEVEL_V2);
  if (extra !== undefined) return fail(parseProblem(`unknown property ${extra} in schema 2.0`, `ROOT -> ${extra}`));

  const config = card["config"];
  if (config !== undefined) {
    if (!isObject(config)) return fail(parseProblem("config must be an object", "ROOT -> config"));
    const bad = unknownKey(config, CONFIG_V2);
    if (bad !== undefined) return fail(parseProblem(`unknown property ${bad}`, `ROOT -> config -> ${bad}`));
  }
  const header = card["header"];
  if (header !== undefined) {
    if (!isObject(header)) return fail(parseProblem("header must be an object", "ROOT -> header"));
    const bad = unknownKey(header, HEADER_V2);
    if (bad !== undefined) return fail(parseProblem(`unknown property ${bad}`, `ROOT -> header -> ${bad}`));
  }
  const body = card["body"];
  if (body !== undefined) {
    if (!isObject(body)) return fail(parseProblem("body must be an object", "ROOT -> body"));
    const bad = unknownKey(body, BODY_V2);
    if (bad !== undefined) return fail(parseProblem(`unknown property ${bad}`, `ROOT -> body -> ${bad}`));
    const elements = body["elements"];
    if (elements !== undefined) {
      if (!Array.isArray(elements)) return fail(parseProblem("elements must be an array", "ROOT -> body -> elements"));
      const walk: Walk = { tables: 0 };
      const problem = checkElements(elements, "ROOT -> body -> elements", walk, { depth: 0, parents: [] });
      if (problem) return fail(problem);
    }
    const count = countElements(body);
    if (count > CARD_LIMITS.elements) {
      return fail({
        errCode: CardErrCode.elementLimit,
        errMsg: `element exceeds the limit; ErrorValue: ${count} elements, at most ${CARD_LIMITS.elements}`,
      });
    }
  }
  const updateMulti = !(isObject(config) && config["update_multi"] === false);
  return { ok: true, parsed: { schema: "2.0", updateMulti, card } };
}

interface Walk {
  tables: number;
}
interface Position {
  /** How many containers enclose this list. */
  depth: number;
  parents: string[];
}

function checkElements(list: unknown[], path: string, walk: Walk, at: Position): CardProblem | undefined {
  for (const [i, element] of list.entries()) {
    const problem = checkElement(element, i, path, walk, at);
    if (problem) return problem;
  }
  return undefined;
}

function checkElement(
  element: unknown,
  index: number,
  listPath: string,
  walk: Walk,
  at: Position,
): CardProblem | undefined {
  if (!isObject(element) || typeof element["tag"] !== "string") {
    return parseProblem("element needs a tag", `${listPath} -> [${index}]`);
  }
  const tag = element["tag"];
  const path = `${listPath} -> [${index}](tag: ${tag})`;
  if (V1_ONLY_TAGS.has(tag)) {
    return {
      errCode: CardErrCode.unsupportedInV2,
      errMsg: `cards of schema V2 no longer support this capability; ErrorValue: unsupported tag ${tag}`,
      path,
    };
  }
  if (!KNOWN_V2_TAGS.has(tag)) return parseProblem(`unknown tag ${tag}`, path);

  switch (tag) {
    case "markdown":
      if (typeof element["content"] !== "string" && !isObject(element["i18n_content"])) {
        return parseProblem("markdown needs content", path);
      }
      return undefined;
    case "chart":
      if (!isObject(element["chart_spec"])) {
        return { errCode: CardErrCode.chartSpec, errMsg: "chart spec is invalid", path };
      }
      return undefined;
    case "table":
      return checkTable(element, path, walk, at);
    case "column_set":
      return checkColumnSet(element, path, walk, at);
    default:
      if (CONTAINERS.has(tag)) return checkContainer(element, tag, path, walk, at);
      return undefined;
  }
}

function enter(tag: string, path: string, at: Position): Position | CardProblem {
  const depth = at.depth + 1;
  if (depth > CARD_LIMITS.containerDepth) {
    return parseProblem(`containers nest at most ${CARD_LIMITS.containerDepth} levels`, path);
  }
  return { depth, parents: [...at.parents, tag] };
}

function checkContainer(
  element: Record<string, unknown>,
  tag: string,
  path: string,
  walk: Walk,
  at: Position,
): CardProblem | undefined {
  if (tag === "form") {
    const host = at.parents.find((parent) => NO_FORM_INSIDE.has(parent));
    if (host !== undefined) return parseProblem(`form cannot be nested in ${host}`, path);
  }
  const inner = enter(tag, path, at);
  if ("errCode" in inner) return inner;
  const elements = element["elements"];
  if (elements === undefined) return undefined;
  if (!Array.isArray(elements)) return parseProblem("elements must be an array", `${path} -> elements`);
  return checkElements(elements, `${path} -> elements`, walk, inner);
}

function checkColumnSet(
  element: Record<string, unknown>,
  path: string,
  walk: Walk,
  at: Position,
): CardProblem | undefined {
  const inner = enter("column_set", path, at);
  if ("errCode" in inner) return inner;
  const columns = element["columns"];
  if (columns === undefined) return undefined;
  if (!Array.isArray(columns)) return parseProblem("columns must be an array", `${path} -> columns`);
  for (const [i, column] of columns.entries()) {
    const columnPath = `${path} -> columns -> [${i}]`;
    if (!isObject(column) || column["tag"] !== "column") return parseProblem("column_set holds only columns", columnPath);
    const elements = column["elements"];
    if (elements === undefined) continue;
    if (!Array.isArray(elements)) return parseProblem("elements must be an array", `${columnPath} -> elements`);
    const problem = checkElements(elements, `${columnPath}(tag: column) -> elements`, walk, inner);
    if (problem) return problem;
  }
  return undefined;
}

function checkTable(
  element: Record<string, unknown>,
  path: string,
  walk: Walk,
  at: Position,
): CardProblem | undefined {
  if (at.depth > 0) return parseProblem("table can only be placed at the top level of the card body", path);
  walk.tables += 1;
  if (walk.tables > CARD_LIMITS.tables) return parseProblem(`a card holds at most ${CARD_LIMITS.tables} tables`, path);
  const pageSize = element["page_size"];
  if (
    pageSize !== undefined &&
    (!Number.isInteger(pageSize) || (pageSize as number) < 1 || (pageSize as number) > CARD_LIMITS.tablePageSize)
  ) {
    return parseProblem(`page_size must be an integer in [1,${CARD_LIMITS.tablePageSize}]`, `${path} -> page_size`);
  }
  const columns = element["columns"];
  if (!Array.isArray(columns)) return parseProblem("table needs columns", `${path} -> columns`);
  for (const [i, column] of columns.entries()) {
    if (!isObject(column) || typeof column["name"] !== "string" || column["name"] === "") {
      return parseProblem("table column needs a name", `${path} -> columns -> [${i}]`);
    }
    const dataType = column["data_type"];
    if (dataType !== undefined && (typeof dataType !== "string" || !TABLE_DATA_TYPES.has(dataType))) {
      return parseProblem(`unknown data_type ${String(dataType)}`, `${path} -> columns -> [${i}] -> data_type`);
    }
  }
  const rows = element["rows"];
  if (rows !== undefined && (!Array.isArray(rows) || !rows.every(isObject))) {
    return { errCode: CardErrCode.tableRows, errMsg: "table rows is invalid", path: `${path} -> rows` };
  }
  return undefined;
}

/** Every object with a tag counts: components and the text elements inside them alike. */
export function countElements(node: unknown): number {
  if (Array.isArray(node)) return node.reduce<number>((sum, item) => sum + countElements(item), 0);
  if (!isObject(node)) return 0;
  let count = typeof node["tag"] === "string" ? 1 : 0;
  for (const [key, child] of Object.entries(node)) {
    if (!DATA_KEYS.has(key)) count += countElements(child);
  }
  return count;
}
