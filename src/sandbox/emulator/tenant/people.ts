/** Departments and users of the seeded tenant (they depend on the seed only, not on the day). */
import type { Rng } from "./rng.js";
import type { Department, User } from "./types.js";
import {
  DEPARTMENT_TREE,
  SHARED_TEAMS,
  ENGLISH_FIRST,
  ENGLISH_LAST,
  EXTERNAL_COMPANIES,
  GIVEN_NAMES,
  SURNAMES,
} from "./vocabulary.js";

export const INTERNAL_USERS = 280;
export const EXTERNAL_USERS = 20;

/** Draws ids until one is new: ids stay unique across the whole tenant. */
export type UniqueId = (make: () => string) => string;

export function createIdRegistry(): UniqueId {
  const seen = new Set<string>();
  return (make) => {
    for (;;) {
      const id = make();
      if (!seen.has(id)) {
        seen.add(id);
        return id;
      }
    }
  };
}

export function generateDepartments(rng: Rng, unique: UniqueId): Department[] {
  const out: Department[] = [];
  let counter = 1000;
  const make = (name: string, parent: string): Department => {
    counter += rng.int(1, 40);
    const dept: Department = {
      openDepartmentId: unique(() => `od-${rng.hex(32)}`),
      departmentId: `D${counter}`,
      name,
      parentOpenDepartmentId: parent,
    };
    out.push(dept);
    return dept;
  };
  for (const top of DEPARTMENT_TREE) {
    const parent = make(top.name, "0");
    for (const child of top.children) make(child, parent.openDepartmentId);
  }
  return out;
}

/**
 * The teams of SHARED_TEAMS, below the departments `generateDepartments` made, with no members of
 * their own. Drawn from a stream of their own after everything else, so the rest of the tenant is unchanged.
 */
export function generateSharedTeams(rng: Rng, unique: UniqueId, departments: readonly Department[]): Department[] {
  let counter = Math.max(1000, ...departments.map((d) => Number(d.departmentId.slice(1)) || 0));
  const out: Department[] = [];
  for (const team of SHARED_TEAMS) {
    for (const parentName of team.parents) {
      const parent = departments.find((d) => d.name === parentName);
      if (!parent) continue;
      counter += rng.int(1, 40);
      out.push({
        openDepartmentId: unique(() => `od-${rng.hex(32)}`),
        departmentId: `D${counter}`,
        name: team.name,
        parentOpenDepartmentId: parent.openDepartmentId,
      });
    }
  }
  return out;
}

function chineseName(rng: Rng): string {
  return rng.pick(SURNAMES) + rng.pick(GIVEN_NAMES);
}

function englishName(rng: Rng): string {
  return `${rng.pick(ENGLISH_FIRST)} ${rng.pick(ENGLISH_LAST)}`;
}

export function generateUsers(
  rng: Rng,
  unique: UniqueId,
  departments: Department[],
): User[] {
  const parents = new Set(departments.map((d) => d.parentOpenDepartmentId));
  const leaves = departments.filter((d) => !parents.has(d.openDepartmentId));
  const heads = departments.filter((d) => parents.has(d.openDepartmentId));
  const users: User[] = [];
  const ids = (): Pick<User, "openId" | "unionId" | "userId"> => ({
    openId: unique(() => `ou_${rng.hex(32)}`),
    unionId: unique(() => `on_${rng.hex(32)}`),
    userId: unique(() => rng.hex(8)),
  });
  for (let i = 0; i < INTERNAL_USERS; i++) {
    // Department heads first, then everyone else in a leaf department.
    const dept = i < heads.length ? heads[i] : rng.pick(leaves);
    users.push({
      ...ids(),
      name: rng.chance(0.22) ? englishName(rng) : chineseName(rng),
      external: false,
      ...(dept ? { departmentOpenId: dept.openDepartmentId } : {}),
    });
  }
  for (let i = 0; i < EXTERNAL_USERS; i++) {
    const base = rng.chance(0.5) ? englishName(rng) : chineseName(rng);
    users.push({ ...ids(), name: `${base} (${rng.pick(EXTERNAL_COMPANIES)})`, external: true });
  }
  return users;
}
