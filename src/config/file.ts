import { readFileSync } from "node:fs";
import { LineCounter, parseDocument } from "yaml";

/** What reading the YAML file yields: its data (undefined when there is no file) or the problems. */
export interface FileRead {
  data: unknown;
  problems: string[];
}

/**
 * Reads and parses the YAML config. A missing file is fine only at the default path (the bot then
 * runs on defaults); a path the operator named must exist. `label` is how messages name the file.
 */
export function readConfigFile(path: string, label: string, explicit: boolean): FileRead {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" && !explicit) return { data: undefined, problems: [] };
    if (code === "ENOENT") return { data: undefined, problems: [`config file ${JSON.stringify(path)} does not exist`] };
    return { data: undefined, problems: [`cannot read config file ${JSON.stringify(path)} (${code ?? "unknown error"})`] };
  }
  return parseYaml(text, label);
}

function parseYaml(text: string, label: string): FileRead {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const first = doc.errors[0];
  if (first) {
    const { line, col } = lineCounter.linePos(first.pos[0]);
    return { data: undefined, problems: [`${label} line ${line}, column ${col}: ${yamlReason(first.message)}`] };
  }
  return { data: withoutNulls(doc.toJS()), problems: [] };
}

/** The parser's reason without any quoted token, which could be a piece of a pasted secret. */
function yamlReason(message: string): string {
  return message.split("\n")[0]!.replace(/:\s*".*$/, "").replace(/\s+/g, " ").trim() + " (YAML syntax error)";
}

/**
 * A key written with no value (`port:`) or a section whose keys are all commented out reads as
 * null; it means "use the default", so such keys are dropped before validation.
 */
function withoutNulls(value: unknown): unknown {
  if (value === null) return undefined;
  if (typeof value !== "object" || Array.isArray(value)) return value;
  const kept: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item !== null) kept[key] = withoutNulls(item);
  }
  return kept;
}
