/** PARAMETERS.md: the parameter table, written out for people, from the one declaration in table.ts. */
import { fileURLToPath } from "node:url";
import type { EndpointParameters, ParamRule } from "./rules.js";
import { API_PARAMETERS } from "./table.js";

export const PARAMETERS_MARKDOWN_PATH = fileURLToPath(new URL("../PARAMETERS.md", import.meta.url));

const SOURCES: Record<ParamRule["source"], string> = {
  sdk: "SDK 1.74 declaration",
  seed: "seed page",
  doc: "reference page",
};

function typeOf(rule: ParamRule): string {
  switch (rule.type) {
    case "int": {
      const bounds = [rule.min !== undefined ? `≥ ${rule.min}` : "", rule.max !== undefined ? `≤ ${rule.max}` : ""].filter(Boolean);
      return bounds.length > 0 ? `int (${bounds.join(", ")})` : "int";
    }
    case "enum":
      return rule.values.map((v) => `\`${v}\``).join(" \\| ");
    case "string":
      return rule.maxLength !== undefined ? `string (≤ ${rule.maxLength} chars)` : "string";
    default:
      return rule.type;
  }
}

const cell = (text: string) => text.replace(/\|/g, "\\|");

function endpointSection(name: string, spec: EndpointParameters): string {
  const lines = [
    `## \`${name}\`: ${spec.method} \`${spec.path}\``,
    "",
    `For ${spec.purpose}. Documented in ${spec.page}${spec.sdk ? `; SDK method \`client.${spec.sdk}\`` : "; no SDK method (called with `client.request`)"}.`,
    "",
  ];
  const rows = (["path_params", "query", "body"] as const).flatMap((section) =>
    Object.entries(spec[section] ?? {}).map(([field, rule]) => {
      const where = section === "path_params" ? "path" : section;
      const defaulted = "default" in rule && rule.default !== undefined ? ` (default \`${String(rule.default)}\`)` : "";
      return `| ${where} | \`${field}\` | ${typeOf(rule)} | ${rule.required ? "**required**" : `optional${defaulted}`} | ${cell(rule.ours)} | ${SOURCES[rule.source]} |`;
    }),
  );
  if (rows.length === 0) return [...lines, "No parameters.", ""].join("\n");
  return [...lines, "| in | parameter | type | required | what the bot sends | source |", "| --- | --- | --- | --- | --- | --- |", ...rows, ""].join("\n");
}

export function parametersMarkdown(): string {
  const head = [
    "# Parameters of every endpoint the bot calls",
    "",
    "Made from `parameters/table.ts` by `npm run emulator:parameters`; do not edit by hand. The emulator's",
    "gateway refuses a call that breaks any rule here (99992402 with the field violations, or the",
    "endpoint's own documented code), before the endpoint runs. Where a seed page is silent or lost a",
    "column (seed 002 lost \"required\"), the SDK's TypeScript declarations decide;",
    "`test/sandbox/emulator/sdk-parameters.test.ts` holds this table to them.",
    "",
  ];
  return [...head, ...Object.entries(API_PARAMETERS).map(([name, spec]) => endpointSection(name, spec))].join("\n");
}
