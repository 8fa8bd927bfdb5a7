/**
 * The layers of DESIGN.md, checked on the source: every import and re-export between the folders
 * under src/ (app, cards, commands, …, and src/main.ts) makes one folder-level graph, which must
 * have no cycle and none of the edges the layers forbid.
 *
 * "Type-only" means erased from the JavaScript: `import type …`, `export type … from` and
 * `import("…").T` in a type. With verbatimModuleSyntax, `import { type A } from "x"` keeps an
 * `import "x"` at run time, so it counts as a runtime import.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), "../../src");

/** The folders under src/; src/main.ts is the node "main.ts". */
const LAYERS = ["app", "cards", "commands", "config", "errors", "export", "feishu", "ingress", "log", "metrics", "sandbox", "schedule", "store", "time", "main.ts"];

interface ImportEdge {
  /** Path of the importing file, relative to src/, with forward slashes. */
  file: string;
  line: number;
  specifier: string;
  /** Path of the imported module, relative to src/ (may start with ../ when outside src/). */
  target: string;
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return sourceFiles(path);
      return entry.isFile() && entry.name.endsWith(".ts") ? [path] : [];
    })
    .sort();
}

const toPosix = (path: string) => path.split(sep).join("/");

/** Every relative import, re-export, dynamic import and `import("…")` type in one file. */
function importsOf(file: string, text: string): ImportEdge[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const edges: ImportEdge[] = [];
  const add = (literal: ts.Node | undefined, typeOnly: boolean) => {
    if (literal === undefined || !ts.isStringLiteralLike(literal)) return;
    const specifier = literal.text;
    if (!specifier.startsWith(".")) return;
    edges.push({
      file: toPosix(relative(SRC, file)),
      line: source.getLineAndCharacterOfPosition(literal.getStart(source)).line + 1,
      specifier,
      target: toPosix(relative(SRC, resolve(dirname(file), specifier))),
      typeOnly,
    });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      add(node.moduleSpecifier, node.importClause?.isTypeOnly === true);
    } else if (ts.isExportDeclaration(node)) {
      add(node.moduleSpecifier, node.isTypeOnly);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node.moduleReference.expression, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node.arguments[0], false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return edges;
}

/** The layer of a path relative to src/: its first folder, or the file name for files in src/ itself. */
function layerOf(path: string): string {
  if (path.startsWith("../")) return "(outside src)";
  const [first, ...rest] = path.split("/");
  return rest.length === 0 ? first!.replace(/\.js$/, ".ts") : first!;
}

const files = sourceFiles(SRC);
const texts = new Map(files.map((file) => [file, readFileSync(file, "utf8")]));
const allImports = files.flatMap((file) => importsOf(file, texts.get(file)!));
/** Imports that cross from one layer into another. */
const crossing = allImports.filter((edge) => layerOf(edge.file) !== layerOf(edge.target));

const describeEdge = (edge: ImportEdge) => `src/${edge.file}:${edge.line} ${edge.typeOnly ? "import type " : ""}"${edge.specifier}"`;

/** from → to → the imports that make the edge. */
function folderGraph(edges: ImportEdge[]): Map<string, Map<string, ImportEdge[]>> {
  const graph = new Map<string, Map<string, ImportEdge[]>>();
  for (const edge of edges) {
    const from = layerOf(edge.file);
    const to = layerOf(edge.target);
    const targets = graph.get(from) ?? new Map<string, ImportEdge[]>();
    graph.set(from, targets);
    targets.set(to, [...(targets.get(to) ?? []), edge]);
  }
  return graph;
}

/**
 * The strongly connected components of more than one folder (Tarjan), each with one cycle through
 * its first folder as a closed path.
 */
function folderCycles(graph: Map<string, Map<string, unknown>>): { folders: string[]; cycle: string[] }[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let counter = 0;
  const nodes = [...new Set([...graph.keys(), ...[...graph.values()].flatMap((t) => [...t.keys()])])].sort();
  const connect = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
    for (const next of [...(graph.get(node)?.keys() ?? [])].sort()) {
      if (!index.has(next)) {
        connect(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) components.push(component.sort());
    }
  };
  for (const node of nodes) if (!index.has(node)) connect(node);
  return components.map((folders) => ({ folders, cycle: cycleThrough(folders, graph) }));
}

/**
 * The shortest cycle through a component's first folder (breadth-first within the component).
 * In a strongly connected component every folder reaches every other, so there always is one.
 */
function cycleThrough(component: string[], graph: Map<string, Map<string, unknown>>): string[] {
  const inside = new Set(component);
  const start = component[0]!;
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const next of [...(graph.get(node)?.keys() ?? [])].sort()) {
      if (!inside.has(next)) continue;
      if (next === start) {
        const path = [node];
        while (path[0] !== start) path.unshift(previous.get(path[0]!)!);
        return [...path, start];
      }
      if (!previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  throw new Error(`no cycle through ${start} in ${component.join(", ")}`);
}

/** The cycle with, for each hop, the imports that make it. */
function explainCycle({ folders, cycle }: { folders: string[]; cycle: string[] }, graph: Map<string, Map<string, ImportEdge[]>>): string {
  const hops = cycle.slice(1).map((to, i) => {
    const from = cycle[i]!;
    const edges = graph.get(from)!.get(to)!;
    return `  ${from} → ${to}: ${edges.slice(0, 3).map(describeEdge).join(", ")}${edges.length > 3 ? ` and ${edges.length - 3} more` : ""}`;
  });
  return [`${cycle.join(" → ")}  (folders tied together: ${folders.join(", ")})`, ...hops].join("\n");
}

interface Rule {
  name: string;
  /** Whether the import breaks the rule. */
  breaks: (edge: ImportEdge) => boolean;
}

const from = (layer: string, edge: ImportEdge) => layerOf(edge.file) === layer;
const into = (layers: string[], edge: ImportEdge) => layers.includes(layerOf(edge.target));

const RULES: Rule[] = [
  { name: "commands ↛ schedule", breaks: (e) => from("commands", e) && into(["schedule"], e) },
  { name: "commands ↛ app", breaks: (e) => from("commands", e) && into(["app"], e) },
  {
    // cards renders the view models commands defines: it may name their types, never run their code.
    name: "cards ↛ commands (except `import type`)",
    breaks: (e) => from("cards", e) && into(["commands"], e) && !e.typeOnly,
  },
  {
    name: "feishu ↛ commands, cards, app, ingress, schedule",
    breaks: (e) => from("feishu", e) && into(["commands", "cards", "app", "ingress", "schedule"], e),
  },
  {
    name: "config ↛ anything but errors, time",
    breaks: (e) => from("config", e) && !into(["config", "errors", "time"], e),
  },
  {
    // The emulator plays Feishu and speaks HTTP only: nothing of the bot, nor of the sandbox's
    // wiring (sandbox/start.ts reaches the bot), may be imported into it.
    name: "sandbox/emulator ↛ anything outside sandbox/emulator",
    breaks: (e) => e.file.startsWith("sandbox/emulator/") && !e.target.startsWith("sandbox/emulator/"),
  },
  {
    // Only main.ts chooses sandbox mode: no part of the bot may reach for the emulator or its wiring.
    name: "only main.ts ↛ sandbox",
    breaks: (e) => into(["sandbox"], e) && !["sandbox", "main.ts"].includes(layerOf(e.file)),
  },
  { name: "store ↛ feishu, commands, cards, app", breaks: (e) => from("store", e) && into(["feishu", "commands", "cards", "app"], e) },
  {
    // The Prometheus registry is a leaf: layers record through its small typed interface, and
    // whatever it reports at scrape time (inbox depth) is handed to it as a function.
    name: "metrics ↛ anything but errors, log",
    breaks: (e) => from("metrics", e) && !into(["metrics", "errors", "log"], e),
  },
  {
    // Files (.xlsx) are made from a command's plain tables: their types are all it may know of the bot,
    // beside time/ (a leaf, as config uses it), whose zone arithmetic the bot keeps in one place.
    name: "export ↛ anything but time, `import type` of commands/export.ts",
    breaks: (e) => from("export", e) && !into(["export", "time"], e) && !(e.target === "commands/export.js" && e.typeOnly),
  },
  { name: "ingress ↛ commands, cards", breaks: (e) => from("ingress", e) && into(["commands", "cards"], e) },
  { name: "nothing under src/ ↛ outside src/", breaks: (e) => layerOf(e.target) === "(outside src)" },
];

describe("folder imports (DESIGN.md layers)", () => {
  it("reads every import statement TypeScript's own pre-processor finds", () => {
    // A cross-check of the walker above: ts.preProcessFile lists every module a file names.
    const missed: string[] = [];
    for (const file of files) {
      const found = new Set(allImports.filter((e) => e.file === toPosix(relative(SRC, file))).map((e) => e.specifier));
      for (const named of ts.preProcessFile(texts.get(file)!, true, true).importedFiles) {
        if (named.fileName.startsWith(".") && !found.has(named.fileName)) missed.push(`src/${toPosix(relative(SRC, file))}: "${named.fileName}"`);
      }
    }
    expect(missed).toEqual([]);
    expect(files.length).toBeGreaterThan(50);
    expect(crossing.length).toBeGreaterThan(20);
  });

  it("knows every folder under src/", () => {
    const unknown = [...new Set(files.map((file) => layerOf(toPosix(relative(SRC, file)))))].filter((l) => !LAYERS.includes(l));
    expect(unknown, "a new folder under src/: add it to LAYERS and decide its rules here").toEqual([]);
  });

  it("has no cycle between folders", () => {
    const graph = folderGraph(crossing);
    const cycles = folderCycles(graph).map((cycle) => explainCycle(cycle, graph));
    expect(cycles, `folder cycles:\n${cycles.join("\n")}`).toEqual([]);
  });

  for (const rule of RULES) {
    it(rule.name, () => {
      const broken = crossing.filter(rule.breaks).map(describeEdge);
      expect(broken, `${rule.name}, broken by:\n  ${broken.join("\n  ")}`).toEqual([]);
    });
  }
});

describe("the checks themselves", () => {
  const edge = (file: string, specifier: string, typeOnly = false): ImportEdge => ({
    file,
    line: 1,
    specifier,
    target: toPosix(relative(SRC, resolve(dirname(join(SRC, file)), specifier))),
    typeOnly,
  });

  it("tells type-only imports from runtime ones, re-exports and dynamic imports included", () => {
    const text = [
      'import type { A } from "../commands/types.js";',
      'import { type B } from "../commands/parse.js";',
      'import { c, type C } from "../config/index.js";',
      'import "../log/logger.js";',
      'export type { D } from "../feishu/types.js";',
      'export { e } from "../errors/coded.js";',
      'export * from "./local.js";',
      'import fs from "node:fs";',
      'const later = () => import("../store/index.js");',
      'type T = import("../app/bot.js").Bot;',
    ].join("\n");
    const found = importsOf(join(SRC, "cards/x.ts"), text).map((e) => [e.target, e.typeOnly, e.line]);
    expect(found).toEqual([
      ["commands/types.js", true, 1],
      ["commands/parse.js", false, 2],
      ["config/index.js", false, 3],
      ["log/logger.js", false, 4],
      ["feishu/types.js", true, 5],
      ["errors/coded.js", false, 6],
      ["cards/local.js", false, 7],
      ["store/index.js", false, 9],
      ["app/bot.js", true, 10],
    ]);
  });

  it("names the layer of a path", () => {
    expect(layerOf("sandbox/emulator/index.js")).toBe("sandbox");
    expect(layerOf("main.js")).toBe("main.ts");
    expect(layerOf("../cards/help.json")).toBe("(outside src)");
  });

  it("finds a cycle and spells out its path", () => {
    const graph = folderGraph([
      edge("commands/digest/list.ts", "../../schedule/cron.js"),
      edge("schedule/post.ts", "../cards/index.js"),
      edge("cards/render.ts", "../commands/types.js", true),
      edge("app/start.ts", "../schedule/index.js"),
      edge("main.ts", "./app/start.js"),
    ]);
    const cycles = folderCycles(graph);
    expect(cycles).toEqual([{ folders: ["cards", "commands", "schedule"], cycle: ["cards", "commands", "schedule", "cards"] }]);
    expect(explainCycle(cycles[0]!, graph)).toContain('commands → schedule: src/commands/digest/list.ts:1 "../../schedule/cron.js"');
    expect(folderCycles(folderGraph([edge("app/start.ts", "../schedule/index.js")]))).toEqual([]);
  });

  it("lets cards name the types of commands, not import their code", () => {
    const rule = RULES.find((r) => r.name.startsWith("cards ↛ commands"))!;
    expect(rule.breaks(edge("cards/views/report.ts", "../../commands/report/types.js", true))).toBe(false);
    expect(rule.breaks(edge("cards/views/digest.ts", "../../commands/report/build.js"))).toBe(true);
  });

  it("keeps the emulator to itself", () => {
    const rule = RULES.find((r) => r.name.startsWith("sandbox/emulator"))!;
    expect(rule.breaks(edge("sandbox/emulator/index.ts", "./gateway/call-log.js"))).toBe(false);
    expect(rule.breaks(edge("sandbox/emulator/index.ts", "../start.js"))).toBe(true);
    expect(rule.breaks(edge("sandbox/emulator/index.ts", "../../feishu/types.js", true))).toBe(true);
    expect(rule.breaks(edge("sandbox/start.ts", "../app/start.js"))).toBe(false);
  });
});
