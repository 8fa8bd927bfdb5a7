/**
 * Checks a card the way Feishu's card service does before it accepts a message: JSON 2.0 cards
 * strictly, component by component against the specs in card-schema.ts (unknown properties,
 * required ones and enums on every component, update_multi only true, ≤ 200 elements, tables
 * only at the top level and ≤ 5 of them, containers nested ≤ 5 deep), JSON 1.0 cards loosely
 * (1.0 ignores what it does not know), and card-builder templates by shape only.
 */
import {
  CARD,
  COMPONENTS,
  KNOWN_UNCHECKED,
  V1_ONLY_TAGS,
  type ComponentSpec,
  type ObjectSpec,
  type Rule,
} from "./card-schema.js";
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

function checkV2(card: Record<string, unknown>): CardCheck {
  const walk: Walk = { counts: new Map(), ids: new Set() };
  const problem = checkObject(card, CARD, "ROOT", "card", { walk, at: { depth: 0, parents: [] } });
  if (problem) return fail(problem);
  const body = card["body"];
  if (body !== undefined) {
    const count = countElements(body);
    if (count > CARD_LIMITS.elements) {
      return fail({
        errCode: CardErrCode.elementLimit,
        errMsg: `element exceeds the limit; ErrorValue: ${count} elements, at most ${CARD_LIMITS.elements}`,
      });
    }
  }
  // update_multi was either left out (2.0's default is true) or true: anything else is refused above.
  return { ok: true, parsed: { schema: "2.0", updateMulti: true, card } };
}

interface Walk {
  /** Components seen so far, by tag, for the per-card limits (≤ 5 tables). */
  counts: Map<string, number>;
  /** element_id values, unique within a card (card-v2-structure.md). */
  ids: Set<string>;
}
interface Position {
  /** How many containers enclose this list. */
  depth: number;
  parents: string[];
}
interface Ctx {
  walk: Walk;
  at: Position;
}

/** Per-card limits by tag (card-v2-table.md: at most five tables). */
const MAX_PER_CARD: Readonly<Record<string, number>> = { table: CARD_LIMITS.tables };

/**
 * Checks an object against its spec: unknown properties first (2.0 refuses them everywhere),
 * then missing required ones (reported at the object that lacks them), then each value.
 */
function checkObject(value: unknown, spec: ObjectSpec, path: string, name: string, ctx: Ctx): CardProblem | undefined {
  if (!isObject(value)) return parseProblem(`${name} must be an object`, path);
  for (const key of Object.keys(value)) {
    if (!Object.hasOwn(spec.props, key)) return parseProblem(`unknown property ${key}`, `${path} -> ${key}`);
  }
  for (const key of spec.required ?? []) {
    if (value[key] !== undefined) continue;
    const rule = spec.props[key];
    // Some missing properties have their own sub-code (chart_spec: 200550, rows: 200914).
    if (rule?.t === "data" && rule.error) return { errCode: rule.error.code, errMsg: rule.error.msg, path };
    return parseProblem(`${key} is required`, path);
  }
  for (const group of spec.anyOf ?? []) {
    if (group.every((key) => value[key] === undefined)) return parseProblem(`${group.join(" or ")} is required`, path);
  }
  for (const [key, child] of Object.entries(value)) {
    const rule = spec.props[key];
    if (child === undefined || rule === undefined) continue;
    const problem = checkRule(child, rule, `${path} -> ${key}`, key, ctx);
    if (problem) return problem;
  }
  return undefined;
}

function describeRange(rule: Extract<Rule, { t: "number" }>): string {
  const kind = rule.integer ? "an integer" : "a number";
  if (rule.oneOf) return `one of ${rule.oneOf.join(", ")}`;
  if (rule.min !== undefined && rule.max !== undefined) return `${kind} in [${rule.min},${rule.max}]`;
  if (rule.min !== undefined) return `${kind} ≥ ${rule.min}`;
  return kind;
}

function checkRule(value: unknown, rule: Rule, path: string, name: string, ctx: Ctx): CardProblem | undefined {
  switch (rule.t) {
    case "string": {
      if (typeof value !== "string") return parseProblem(`${name} must be a string`, path);
      if (!rule.oneOf && !rule.pattern) return undefined;
      if (rule.oneOf?.includes(value) || rule.pattern?.test(value)) return undefined;
      const expected = rule.expected ?? rule.oneOf?.join("|") ?? "";
      return parseProblem(`invalid ${name} ${JSON.stringify(value)}; expected ${expected}`, path);
    }
    case "boolean":
      if (typeof value !== "boolean") return parseProblem(`${name} must be a boolean`, path);
      if (rule.only !== undefined && value !== rule.only) {
        return parseProblem(`${name} may only be ${String(rule.only)}${rule.why ? `: ${rule.why}` : ""}`, path);
      }
      return undefined;
    case "number": {
      const ok =
        typeof value === "number" &&
        Number.isFinite(value) &&
        (!rule.integer || Number.isInteger(value)) &&
        (rule.min === undefined || value >= rule.min) &&
        (rule.max === undefined || value <= rule.max) &&
        (rule.oneOf === undefined || rule.oneOf.includes(value));
      return ok ? undefined : parseProblem(`${name} must be ${describeRange(rule)}`, path);
    }
    case "object":
      return checkObject(value, rule.spec, path, name, ctx);
    case "list": {
      if (!Array.isArray(value)) return parseProblem(`${name} must be an array`, path);
      for (const [i, item] of value.entries()) {
        const problem = checkRule(item, rule.of, `${path} -> [${i}]`, name, ctx);
        if (problem) return problem;
      }
      return undefined;
    }
    case "map": {
      if (!isObject(value)) return parseProblem(`${name} must be an object`, path);
      for (const [key, item] of Object.entries(value)) {
        const problem = checkRule(item, rule.of, `${path} -> ${key}`, key, ctx);
        if (problem) return problem;
      }
      return undefined;
    }
    case "data": {
      const ok =
        rule.shape === undefined ||
        (rule.shape === "object" ? isObject(value) : Array.isArray(value) && value.every(isObject));
      if (ok) return undefined;
      if (rule.error) return { errCode: rule.error.code, errMsg: rule.error.msg, path };
      return parseProblem(`${name} must be ${rule.shape === "object" ? "an object" : "an array of objects"}`, path);
    }
    case "elements": {
      if (!Array.isArray(value)) return parseProblem(`${name} must be an array`, path);
      for (const [i, element] of value.entries()) {
        const problem = checkComponent(element, i, path, rule, ctx);
        if (problem) return problem;
      }
      return undefined;
    }
    case "union": {
      if (!isObject(value)) return parseProblem(`${name} must be an object`, path);
      const kind = value[rule.key];
      const spec = typeof kind === "string" && Object.hasOwn(rule.specs, kind) ? rule.specs[kind] : undefined;
      if (!spec) {
        const expected = Object.keys(rule.specs).join("|");
        return parseProblem(`invalid ${rule.key} ${JSON.stringify(kind)}; expected ${expected}`, `${path} -> ${rule.key}`);
      }
      return checkObject(value, spec, path, name, ctx);
    }
  }
}

function checkComponent(
  element: unknown,
  index: number,
  listPath: string,
  rule: Extract<Rule, { t: "elements" }>,
  ctx: Ctx,
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
  if (rule.tags && !rule.tags.includes(tag)) {
    return parseProblem(rule.wrongTag ?? `only ${rule.tags.join(", ")} may be placed here`, path);
  }
  const spec: ComponentSpec | undefined = Object.hasOwn(COMPONENTS, tag) ? COMPONENTS[tag] : undefined;
  if (!spec) return KNOWN_UNCHECKED.has(tag) ? undefined : parseProblem(`unknown tag ${tag}`, path);
  if (spec.nestedOnly && !rule.tags?.includes(tag)) return parseProblem(`${tag} can only be placed in its container`, path);
  const placement = checkPlacement(element, tag, spec, path, ctx);
  if (placement) return placement;
  let at = ctx.at;
  if (spec.container) {
    const depth = at.depth + 1;
    if (depth > CARD_LIMITS.containerDepth) {
      return parseProblem(`containers nest at most ${CARD_LIMITS.containerDepth} levels`, path);
    }
    at = { depth, parents: [...at.parents, tag] };
  }
  const problem = checkObject(element, spec, path, tag, { walk: ctx.walk, at });
  if (problem) return problem;
  const across = spec.check?.(element);
  return across ? parseProblem(across.problem, `${path} -> ${across.at}`) : undefined;
}

/** Where a component may stand and how often: the rules that depend on its surroundings. */
function checkPlacement(
  element: Record<string, unknown>,
  tag: string,
  spec: ComponentSpec,
  path: string,
  ctx: Ctx,
): CardProblem | undefined {
  if (spec.topLevelOnly && ctx.at.depth > 0) {
    return parseProblem(`${tag} can only be placed at the top level of the card body`, path);
  }
  const host = spec.notInside && ctx.at.parents.find((parent) => spec.notInside?.includes(parent));
  if (host) return parseProblem(`${tag} cannot be nested in ${host}`, path);
  const max = MAX_PER_CARD[tag];
  if (max !== undefined) {
    const seen = (ctx.walk.counts.get(tag) ?? 0) + 1;
    ctx.walk.counts.set(tag, seen);
    if (seen > max) return parseProblem(`a card holds at most ${max} ${tag}s`, path);
  }
  const inForm = ctx.at.parents.includes("form");
  const formOnly = spec.formOnly?.find((key) => element[key] !== undefined && !inForm);
  if (formOnly) return parseProblem(`${formOnly} is allowed only in a form`, `${path} -> ${formOnly}`);
  const id = element["element_id"];
  if (typeof id === "string") {
    if (ctx.walk.ids.has(id)) return parseProblem(`element_id ${id} is not unique in the card`, `${path} -> element_id`);
    ctx.walk.ids.add(id);
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
