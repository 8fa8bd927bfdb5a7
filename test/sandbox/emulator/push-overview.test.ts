/**
 * Seed 004, POST /open-apis/application/v6/applications/:app_id/app_usage/message_push_overview,
 * through the real SDK. "Now" is Wednesday 2024-06-12 15:00 (+08:00), so the newest data is for
 * Monday 2024-06-10.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SCOPES, SCOPES, type Emulator, type Tenant } from "../../../src/sandbox/emulator/index.js";
import { failure, raw, startTestEmulator, tenantToken, type Started } from "./helpers.js";

let s: Started;
beforeAll(async () => {
  s = await startTestEmulator({ rateLimits: false });
});
const extra: Emulator[] = [];
afterAll(() => Promise.all([s.emulator.close(), ...extra.map((e) => e.close())]));
async function another(options: Parameters<typeof startTestEmulator>[0]): Promise<Started> {
  const started = await startTestEmulator({ rateLimits: false, ...options });
  extra.push(started.emulator);
  return started;
}

type Body = { date: string; cycle_type: number; department_id?: string };
const overview = (
  started: Started,
  data: Body,
  params?: { department_id_type?: "department_id" | "open_department_id" },
  appId = started.emulator.appId,
) =>
  started.client.application.v6.applicationAppUsage.messagePushOverview({
    path: { app_id: appId },
    data,
    ...(params ? { params } : {}),
  });

/** What the metrics must be, worked out from the tenant's deliveries. */
function expected(tenant: Tenant, from: string, to: string, departments?: Set<string>): Record<string, number> {
  const users = new Map(tenant.users.map((u) => [u.openId, u]));
  let sent = 0;
  let read1h = 0;
  let read12h = 0;
  const reached = new Set<string>();
  for (const day of tenant.push.days.filter((d) => d.date >= from && d.date <= to)) {
    for (const d of day.deliveries) {
      const dept = users.get(d.openId)?.departmentOpenId;
      if (departments && !(dept && departments.has(dept))) continue;
      sent += d.messages;
      read1h += d.readIn1h;
      read12h += d.readIn12h;
      reached.add(d.openId);
    }
  }
  return { send_msg_count: sent, send_user_count: reached.size, read_in_1h_count: read1h, read_in_12h_count: read12h };
}

const metrics = (answer: Awaited<ReturnType<typeof overview>>) =>
  Object.fromEntries(answer.data!.items!.map((i) => [i.metric_name, i.metric_value]));

describe("message_push_overview", () => {
  it("answers the four metrics of a day as integers", async () => {
    const answer = await overview(s, { date: "2024-06-10", cycle_type: 1 });
    expect(answer.code).toBe(0);
    expect(answer.data!.items!.map((i) => i.metric_name)).toEqual([
      "send_msg_count",
      "send_user_count",
      "read_in_1h_count",
      "read_in_12h_count",
    ]);
    for (const i of answer.data!.items!) expect(Number.isInteger(i.metric_value)).toBe(true);
    expect(metrics(answer)).toEqual(expected(s.emulator.tenant, "2024-06-10", "2024-06-10"));
  });

  it("answers a past natural week from Monday to Sunday, counting each reached user once", async () => {
    const week = metrics(await overview(s, { date: "2024-06-03", cycle_type: 2 }));
    expect(week).toEqual(expected(s.emulator.tenant, "2024-06-03", "2024-06-09"));
    let dailyUsers = 0;
    for (const date of ["2024-06-03", "2024-06-04", "2024-06-05"]) {
      dailyUsers += metrics(await overview(s, { date, cycle_type: 1 })).send_user_count!;
    }
    expect(week.send_user_count).toBeLessThan(dailyUsers);
  });

  it("answers the current week and month up to the newest produced day", async () => {
    expect(metrics(await overview(s, { date: "2024-06-10", cycle_type: 2 }))).toEqual(
      expected(s.emulator.tenant, "2024-06-10", "2024-06-10"),
    );
    expect(metrics(await overview(s, { date: "2024-06-01", cycle_type: 3 }))).toEqual(
      expected(s.emulator.tenant, "2024-06-01", "2024-06-10"),
    );
    expect(metrics(await overview(s, { date: "2024-05-01", cycle_type: 3 }))).toEqual(
      expected(s.emulator.tenant, "2024-05-01", "2024-05-31"),
    );
  });

  it("produces a day's data at 10:00 two days later (211011, HTTP 404, before that)", async () => {
    const early = await another({ now: () => Date.parse("2024-06-12T09:59:59+08:00") });
    const notYet = await failure(overview(early, { date: "2024-06-10", cycle_type: 1 }));
    expect(notYet.status).toBe(404);
    expect(notYet.data).toEqual({ code: 211011, msg: "data not found" });
    const ten = await another({ now: () => Date.parse("2024-06-12T10:00:00+08:00") });
    expect((await overview(ten, { date: "2024-06-10", cycle_type: 1 })).code).toBe(0);
    expect((await failure(overview(s, { date: "2024-06-11", cycle_type: 1 }))).data.code).toBe(211011);
  });

  it("answers 211010 (HTTP 403) for a future date, a week not starting on Monday, a month not on the 1st", async () => {
    for (const body of [
      { date: "2024-06-13", cycle_type: 1 },
      { date: "2024-06-04", cycle_type: 2 },
      { date: "2024-05-02", cycle_type: 3 },
    ]) {
      const answer = await failure(overview(s, body));
      expect(answer.status).toBe(403);
      expect(answer.data).toEqual({ code: 211010, msg: "invalid date range" });
    }
  });

  it("answers 211011 before the app was installed, and a month it was installed in from that day", async () => {
    expect(s.emulator.tenant.push.installedOn).toBe("2024-03-29");
    expect((await failure(overview(s, { date: "2024-03-20", cycle_type: 1 }))).data.code).toBe(211011);
    expect(metrics(await overview(s, { date: "2024-03-01", cycle_type: 3 }))).toEqual(
      expected(s.emulator.tenant, "2024-03-29", "2024-03-31"),
    );
  });

  it("answers 211007 (HTTP 400) for a date not written 2021-07-01", async () => {
    for (const date of ["2024/06/03", "2024-6-3", "2024-02-30", "yesterday"]) {
      const answer = await failure(overview(s, { date, cycle_type: 1 }));
      expect(answer.status).toBe(400);
      expect(answer.data).toEqual({ code: 211007, msg: "invalid date format" });
    }
  });

  it("answers 211009 for an unknown cycle type and accepts one sent as a string", async () => {
    expect((await failure(overview(s, { date: "2024-06-10", cycle_type: 4 }))).data.code).toBe(211009);
    const token = await tenantToken(s.emulator);
    const asString = await raw(s.emulator, "POST", `/open-apis/application/v6/applications/${s.emulator.appId}/app_usage/message_push_overview`, {
      token,
      body: { date: "2024-06-10", cycle_type: "1" },
    });
    expect(asString.json.code).toBe(0);
    const missing = await raw(s.emulator, "POST", `/open-apis/application/v6/applications/${s.emulator.appId}/app_usage/message_push_overview`, {
      token,
      body: { cycle_type: 1 },
    });
    expect(missing.json).toMatchObject({ code: 99992402, error: { field_violations: [{ field: "date" }] } });
  });

  it("answers 211005 for another app's id", async () => {
    const answer = await failure(overview(s, { date: "2024-06-10", cycle_type: 1 }, undefined, "cli_9f115af860f7901b"));
    expect(answer.status).toBe(400);
    expect(answer.data).toEqual({ code: 211005, msg: "invalid app id" });
  });

  it("answers 211004 (HTTP 403) on a tenant below the enterprise edition", async () => {
    const standard = await another({ edition: "standard" });
    const answer = await failure(overview(standard, { date: "2024-06-10", cycle_type: 1 }));
    expect(answer.status).toBe(403);
    expect(answer.data).toEqual({ code: 211004, msg: "no authority for quota limit" });
  });

  it("narrows to a department and its sub-departments, by either kind of department id", async () => {
    const tenant = s.emulator.tenant;
    const parent = tenant.departments.find((d) => tenant.departments.some((c) => c.parentOpenDepartmentId === d.openDepartmentId))!;
    const children = tenant.departments.filter((c) => c.parentOpenDepartmentId === parent.openDepartmentId);
    const subtree = new Set([parent.openDepartmentId, ...children.map((c) => c.openDepartmentId)]);
    const byOpenId = metrics(await overview(s, { date: "2024-06-03", cycle_type: 2, department_id: parent.openDepartmentId }));
    expect(byOpenId).toEqual(expected(tenant, "2024-06-03", "2024-06-09", subtree));
    const byCustomId = metrics(
      await overview(s, { date: "2024-06-03", cycle_type: 2, department_id: parent.departmentId }, { department_id_type: "department_id" }),
    );
    expect(byCustomId).toEqual(byOpenId);
    const child = metrics(await overview(s, { date: "2024-06-03", cycle_type: 2, department_id: children[0]!.openDepartmentId }));
    expect(child.send_msg_count).toBeLessThan(byOpenId.send_msg_count!);
    const whole = metrics(await overview(s, { date: "2024-06-03", cycle_type: 2 }));
    expect(byOpenId.send_msg_count).toBeLessThan(whole.send_msg_count!);
  });

  it("answers 211006 for an unknown department, and 99992402 for an unknown id type", async () => {
    const unknown = await failure(overview(s, { date: "2024-06-10", cycle_type: 1, department_id: "od-0000" }));
    expect(unknown.status).toBe(400);
    expect(unknown.data.code).toBe(211006);
    // An open_department_id is not a department_id.
    const dept = s.emulator.tenant.departments[0]!;
    const wrongType = await failure(
      overview(s, { date: "2024-06-10", cycle_type: 1, department_id: dept.openDepartmentId }, { department_id_type: "department_id" }),
    );
    expect(wrongType.data.code).toBe(211006);
    const token = await tenantToken(s.emulator);
    const badType = await raw(
      s.emulator,
      "POST",
      `/open-apis/application/v6/applications/${s.emulator.appId}/app_usage/message_push_overview`,
      { token, query: "department_id_type=user_id", body: { date: "2024-06-10", cycle_type: 1 } },
    );
    expect(badType.json.code).toBe(99992402);
  });

  it("needs application:application.app_message_stats.overview:readonly", async () => {
    const noScope = await another({ scopes: DEFAULT_SCOPES.filter((x) => x !== SCOPES.pushStats) });
    const answer = await failure(overview(noScope, { date: "2024-06-10", cycle_type: 1 }));
    expect(answer.data.code).toBe(99991672);
    expect(answer.data.msg).toContain(SCOPES.pushStats);
  });
});
