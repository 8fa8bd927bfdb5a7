/**
 * GET /open-apis/contact/v3/departments/:department_id/children (contact-v3/department/children)
 * through the real SDK: the tenant's directory from the root "0" or any department, direct children
 * or every level (fetch_child), paged by at most 50; unknown department 40004, page_size out of
 * bounds 40011, a foreign page token 40012; without any of its five scopes 99991672; names only
 * under a scope that grants them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_LIMITS, REQUIRED_SCOPES } from "../../../src/sandbox/emulator/endpoint-policy.js";
import { DEFAULT_SCOPES, SCOPES, type Emulator } from "../../../src/sandbox/emulator/index.js";
import { answerOf, failure, startTestEmulator, type Started } from "./helpers.js";

let s: Started;
const extra: Emulator[] = [];
beforeAll(async () => {
  s = await startTestEmulator({ rateLimits: false });
});
afterAll(() => Promise.all([s.emulator.close(), ...extra.map((e) => e.close())]));

interface Params {
  department_id_type?: "department_id" | "open_department_id";
  fetch_child?: boolean;
  page_size?: number;
  page_token?: string;
}
const children = (client: Started["client"], id: string, params: Params = {}) =>
  client.contact.v3.department.children({ path: { department_id: id }, params });

/** Every item from `id` down, page by page. */
async function walk(client: Started["client"], id: string, params: Params): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = [];
  let token: string | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const page = await children(client, id, { ...params, ...(token ? { page_token: token } : {}) });
    expect(page.code).toBe(0);
    items.push(...((page.data?.items ?? []) as Array<Record<string, unknown>>));
    if (!page.data?.has_more) {
      expect(page.data?.page_token).toBeUndefined();
      return items;
    }
    token = page.data.page_token;
  }
  throw new Error("too many pages");
}

const COLLATE = (a: string, b: string) => a.localeCompare(b);

describe("contact/v3/departments/:department_id/children", () => {
  it("walks the whole directory from the root with fetch_child, every department once, with its name, ids and parent", async () => {
    const items = await walk(s.client, "0", { fetch_child: true, page_size: 7, department_id_type: "open_department_id" });
    const tenant = s.emulator.tenant.departments;
    expect(items.map((i) => i.open_department_id as string).sort(COLLATE)).toEqual(tenant.map((d) => d.openDepartmentId).sort(COLLATE));
    for (const d of tenant) {
      expect(items.find((i) => i.open_department_id === d.openDepartmentId)).toMatchObject({
        name: d.name,
        department_id: d.departmentId,
        parent_department_id: d.parentOpenDepartmentId,
        status: { is_deleted: false },
      });
    }
  });

  it("holds two departments of one name under different parents (a name alone can be ambiguous)", () => {
    const names = s.emulator.tenant.departments.map((d) => d.name);
    const repeated = names.filter((n, i) => names.indexOf(n) !== i);
    expect(repeated.length).toBeGreaterThan(0);
    const twins = s.emulator.tenant.departments.filter((d) => d.name === repeated[0]);
    expect(new Set(twins.map((d) => d.parentOpenDepartmentId)).size).toBe(twins.length);
  });

  it("lists only the direct children without fetch_child, 10 a page by default; by own id too, parents then in own ids", async () => {
    const tenant = s.emulator.tenant.departments;
    const top = tenant.filter((d) => d.parentOpenDepartmentId === "0");
    const first = await children(s.client, "0");
    expect(first.data?.items?.length).toBe(Math.min(10, top.length));
    const all = await walk(s.client, "0", {});
    expect(all.map((i) => i.name)).toEqual(top.map((d) => d.name));
    const parent = tenant.find((d) => tenant.some((c) => c.parentOpenDepartmentId === d.openDepartmentId && d.parentOpenDepartmentId !== "0"))!;
    const below = await walk(s.client, parent.departmentId, { department_id_type: "department_id" });
    expect(below.length).toBeGreaterThan(0);
    for (const item of below) expect(item.parent_department_id).toBe(parent.departmentId);
  });

  it("refuses an unknown department with 40004, page_size above 50 or below 1 with 40011, a token it did not issue with 40012", async () => {
    expect(await answerOf(children(s.client, "od-00000000000000000000000000000000"))).toMatchObject({ code: 40004 });
    const d = s.emulator.tenant.departments[0]!;
    expect(await answerOf(children(s.client, d.openDepartmentId, { department_id_type: "department_id" }))).toMatchObject({ code: 40004 });
    expect(await answerOf(children(s.client, "0", { page_size: 51 }))).toMatchObject({ code: 40011, msg: "page size is invalid" });
    expect(await answerOf(children(s.client, "0", { page_size: 0 }))).toMatchObject({ code: 40011 });
    expect((await children(s.client, "0", { page_size: 50 })).code).toBe(0);
    expect(await answerOf(children(s.client, "0", { page_token: "not-a-token" }))).toMatchObject({ code: 40012 });
  });

  it("answers 99991672 without any of its five scopes, and accepts any one of them", async () => {
    const directory: string[] = [SCOPES.contactBase, SCOPES.departmentOrganize, SCOPES.contactAccessAsApp, SCOPES.contactReadonly, SCOPES.contactAsApp];
    expect([...REQUIRED_SCOPES.department_children].sort()).toEqual([...directory].sort());
    expect(DEFAULT_SCOPES).toContain(SCOPES.departmentOrganize);
    const without = DEFAULT_SCOPES.filter((x) => !directory.includes(x));
    const none = await startTestEmulator({ rateLimits: false, scopes: without });
    extra.push(none.emulator);
    const refused = await failure(children(none.client, "0"));
    expect(refused.data.code).toBe(99991672);
    expect(refused.data.msg).toContain(SCOPES.departmentOrganize);
    for (const scope of directory) {
      const one = await startTestEmulator({ rateLimits: false, scopes: [...without, scope] });
      extra.push(one.emulator);
      expect((await children(one.client, "0")).code).toBe(0);
    }
  });

  it("gives names only under a scope that grants them, and parents only under one that grants the structure", async () => {
    const noBase = await startTestEmulator({ rateLimits: false, scopes: DEFAULT_SCOPES.filter((x) => x !== SCOPES.department) });
    extra.push(noBase.emulator);
    const item = (await children(noBase.client, "0")).data!.items![0]!;
    expect(item.name).toBeUndefined();
    expect(item.department_id).toBeUndefined();
    expect(item.parent_department_id).toBe("0");
    const onlyBase = await startTestEmulator({
      rateLimits: false,
      scopes: [...DEFAULT_SCOPES.filter((x) => x !== SCOPES.departmentOrganize), SCOPES.contactBase],
    });
    extra.push(onlyBase.emulator);
    const named = (await children(onlyBase.client, "0")).data!.items![0]!;
    expect(named.name).toBe(onlyBase.emulator.tenant.departments[0]!.name);
    expect(named.parent_department_id).toBeUndefined();
  });

  it("is limited at 50/s and 1000/min, as the page documents", () => {
    expect(DEFAULT_LIMITS.department_children).toEqual([
      { max: 50, windowMs: 1000 },
      { max: 1000, windowMs: 60_000 },
    ]);
  });
});
