import type * as z from "zod";
import { showValue } from "./errors.js";
import { KNOWN_KEYS } from "./schema.js";

type Path = readonly PropertyKey[];

/** Turns validation issues on app.yaml into one-line problems naming the key and the value found. */
export function describeFileIssues(issues: readonly z.core.$ZodIssue[], data: unknown, label: string): string[] {
  return issues.flatMap((issue) => {
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => unknownKey(issue.path, key, label));
    }
    const where = issue.path.length === 0 ? label : `${label} ${keyPath(issue.path)}`;
    return [`${where} ${issue.message} (got ${showValue(valueAt(data, issue.path))})`];
  });
}

function unknownKey(parent: Path, key: string, label: string): string {
  const where = parent.length === 0 ? key : `${keyPath(parent)}.${key}`;
  // Entries of a list (digests[0]) share their keys: the table names the list, not the index.
  const section = parent.filter((part) => typeof part !== "number").map(String).join(".");
  const known = KNOWN_KEYS[section] ?? [];
  const guess = closest(key, known);
  const hint = guess === undefined ? `known keys here: ${known.join(", ")}` : `did you mean ${parent.length === 0 ? guess : `${keyPath(parent)}.${guess}`}?`;
  return `${label} ${where} is not a known key (${hint})`;
}

/** "bot.admins[1]" for ["bot", "admins", 1]. */
function keyPath(path: Path): string {
  return path.map((part, i) => (typeof part === "number" ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`)).join("");
}

function valueAt(data: unknown, path: Path): unknown {
  let value = data;
  for (const part of path) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[part];
  }
  return value;
}

/** The known key a typo most likely meant: same letters ignoring case and separators, or within a few edits. */
function closest(key: string, known: readonly string[]): string | undefined {
  const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");
  const exact = known.find((k) => squash(k) === squash(key));
  if (exact !== undefined) return exact;
  let best: { key: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(squash(key), squash(candidate));
    if (distance <= Math.max(2, Math.floor(candidate.length / 4)) && (!best || distance < best.distance)) {
      best = { key: candidate, distance };
    }
  }
  return best?.key;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}
