/**
 * What costs what in a V8 CPU profile: self time grouped by where the code lives (a package, a
 * node: module, a file of ours, the garbage collector), the costliest functions by self time, and
 * our own functions by total time (their callees included), which is what a fix would save.
 */
import { existsSync, readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame's code lives, coarsely. */
function place(frame: ProfileNode["callFrame"]): string {
  const { url, functionName } = frame;
  if (url === "") return functionName.startsWith("(") ? functionName : `native ${functionName || "(anonymous)"}`;
  if (url.startsWith("node:")) return url;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  const ours = /\/(src|bench)\/(.*)$/.exec(url);
  if (ours) return `${ours[1]}/${ours[2]}`;
  return url;
}

function label(frame: ProfileNode["callFrame"]): string {
  return `${frame.functionName || "(anonymous)"} ${place(frame)}${frame.url ? `:${frame.lineNumber + 1}` : ""}`;
}

export function summariseProfile(path: string, top = 10): string {
  const profile = JSON.parse(readFileSync(path, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

  // Total time per node (itself and everything it called), computed children first.
  const totalUs = new Map<number, number>();
  const total = (id: number): number => {
    const known = totalUs.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id)!;
    const sum = (selfUs.get(id) ?? 0) + (node.children ?? []).reduce((acc, child) => acc + total(child), 0);
    totalUs.set(id, sum);
    return sum;
  };

  const byPlace = new Map<string, number>();
  const bySelf = new Map<string, number>();
  let busy = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)!.callFrame;
    if (frame.functionName === "(idle)") continue;
    busy += us;
    byPlace.set(place(frame), (byPlace.get(place(frame)) ?? 0) + us);
    bySelf.set(label(frame), (bySelf.get(label(frame)) ?? 0) + us);
  }
  // Our functions by total time; a function on the stack twice (recursion) counts once.
  const ours = new Map<string, number>();
  const walk = (id: number, onStack: Set<string>) => {
    const node = byId.get(id)!;
    const name = label(node.callFrame);
    const mine = /^(src|bench)\//.test(place(node.callFrame)) && !onStack.has(name);
    if (mine) ours.set(name, (ours.get(name) ?? 0) + total(id));
    const next = mine ? new Set(onStack).add(name) : onStack;
    for (const child of node.children ?? []) walk(child, next);
  };
  walk(profile.nodes[0]!.id, new Set());

  const lines = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => `  ${((100 * us) / busy).toFixed(1).padStart(5)}%  ${name}`);
  return [
    `${path.replace(/^.*\/bench\//, "bench/")}: ${(busy / 1000).toFixed(0)} ms busy`,
    " self time by place:",
    ...lines(byPlace),
    " costliest functions (self time):",
    ...lines(bySelf),
    " our functions (total time, callees included):",
    ...lines(ours),
  ].join("\n");
}

export function summariseProfiles(dir: URL, names: readonly string[]): string {
  return names
    .map((name) => new URL(`${name}.cpuprofile`, dir).pathname)
    .filter((path) => existsSync(path))
    .map((path) => summariseProfile(path))
    .join("\n\n");
}
