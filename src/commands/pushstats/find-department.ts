/**
 * A department's name → the department: an exact match (ignoring case and spacing) when exactly one
 * department has the name; otherwise every department of that name, or the closest names, each with
 * its path so that a person can tell them apart. Pure.
 */
import type { DepartmentNode } from "../../feishu/types.js";
import { closest, editDistance } from "../suggest.js";

/** Names suggested at most when none matches. */
export const SUGGESTED_DEPARTMENTS = 3;
/** Levels a path shows at most, so a looping parent chain ends. */
const MAX_DEPTH = 20;

export interface FoundDepartment {
  openDepartmentId: string;
  name: string;
  /** The names from the top level down to this department, e.g. ["销售部", "华北销售", "综合组"]. */
  path: string[];
}

export type NameMatch =
  | { kind: "one"; department: FoundDepartment }
  | { kind: "several"; departments: FoundDepartment[] }
  | { kind: "none"; closest: FoundDepartment[] }
  /** The directory came without names: the app lacks the scope that returns them. */
  | { kind: "no-names" };

function key(name: string): string {
  return name.trim().replace(/\s+/gu, " ").toLocaleLowerCase();
}

export function findDepartment(name: string, departments: readonly DepartmentNode[]): NameMatch {
  const named = departments.filter((d) => d.name !== "");
  if (named.length === 0 && departments.length > 0) return { kind: "no-names" };
  const byId = new Map(departments.map((d) => [d.openDepartmentId, d]));
  const found = (d: DepartmentNode): FoundDepartment => ({ openDepartmentId: d.openDepartmentId, name: d.name, path: pathOf(d, byId) });
  const wanted = key(name);
  const exact = named.filter((d) => key(d.name) === wanted);
  if (exact.length === 1) return { kind: "one", department: found(exact[0]!) };
  if (exact.length > 1) return { kind: "several", departments: exact.map(found) };
  // A name that contains what was typed (研发 → 研发中心) comes before one merely a few edits away.
  const score = (typed: string, candidate: string) => (candidate.includes(typed) ? 0 : 1) + editDistance(typed, candidate) / 1000;
  const near = closest(wanted, named, { key: (d) => key(d.name), limit: SUGGESTED_DEPARTMENTS, score });
  return { kind: "none", closest: near.map(found) };
}

function pathOf(d: DepartmentNode, byId: ReadonlyMap<string, DepartmentNode>): string[] {
  const path = [d.name];
  let parent = byId.get(d.parentOpenDepartmentId);
  for (let depth = 0; parent && depth < MAX_DEPTH; depth++) {
    path.unshift(parent.name);
    parent = byId.get(parent.parentOpenDepartmentId);
  }
  return path;
}
