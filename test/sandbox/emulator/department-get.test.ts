/**
 * GET /open-apis/contact/v3/departments/:department_id (contact-v3/department/get) through the real
 * SDK: served strictly from the tenant's departments, by open or own id; any other id is 40004; a
 * missing contact scope is 99991672 naming the scopes that would do.
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

type IdType = "department_id" | "open_department_id";
const get = (client: Started["client"], id: string, idType?: IdType) =>
  client.contact.v3.department.get({ path: { department_id: id }, ...(idType ? { params: { department_id_type: idType } } : {}) });

describe("contact/v3/departments/:department_id", () => {
  it("answers each of the tenant's departments with its name and ids, by open id (the default) and by its own id", async () => {
    const departments = s.emulator.tenant.departments;
    expect(departments.length).toBeGreaterThan(1);
    for (const d of departments) {
      const byOpen = await get(s.client, d.openDepartmentId);
      expect(byOpen).toMatchObject({
        code: 0,
        data: { department: { name: d.name, open_department_id: d.openDepartmentId, department_id: d.departmentId, parent_department_id: d.parentOpenDepartmentId } },
      });
      const byOwn = await get(s.client, d.departmentId, "department_id");
      expect(byOwn.data?.department?.name).toBe(d.name);
    }
  });

  it("refuses an id that is not one of the tenant's, or given as the other type, with 40004", async () => {
    const d = s.emulator.tenant.departments[0]!;
    for (const call of [get(s.client, "od-00000000000000000000000000000000"), get(s.client, d.openDepartmentId, "department_id"), get(s.client, d.departmentId, "open_department_id")]) {
      const answer = await answerOf(call);
      expect(answer).toMatchObject({ code: 40004, msg: "no dept authority error" });
      expect(answer.data).toBeUndefined();
    }
  });

  it("refuses a bad department_id_type as the SDK declares the enum", async () => {
    const d = s.emulator.tenant.departments[0]!;
    const answer = await answerOf(get(s.client, d.openDepartmentId, "dept" as IdType));
    expect(answer.code).toBe(99992402);
  });

  it("answers 99991672 without a contact scope, and accepts any one of them", async () => {
    const contact: string[] = [SCOPES.department, SCOPES.contactAsApp, SCOPES.contactReadonly];
    expect([...REQUIRED_SCOPES.department_get].sort()).toEqual([...contact].sort());
    expect(DEFAULT_SCOPES).toContain(SCOPES.department);
    const without = DEFAULT_SCOPES.filter((x) => !contact.includes(x));
    const none = await startTestEmulator({ rateLimits: false, scopes: without });
    extra.push(none.emulator);
    const d = none.emulator.tenant.departments[0]!;
    const refused = await failure(get(none.client, d.openDepartmentId));
    expect(refused.data.code).toBe(99991672);
    expect(refused.data.msg).toContain(SCOPES.department);
    for (const scope of contact) {
      const one = await startTestEmulator({ rateLimits: false, scopes: [...without, scope] });
      extra.push(one.emulator);
      expect((await get(one.client, one.emulator.tenant.departments[0]!.openDepartmentId)).code).toBe(0);
    }
  });

  it("is limited at 50/s and 1000/min, as the contact page documents", () => {
    expect(DEFAULT_LIMITS.department_get).toEqual([
      { max: 50, windowMs: 1000 },
      { max: 1000, windowMs: 60_000 },
    ]);
  });
});
