/** /pushstats against the emulator over real HTTP at a fixed clock: the request sent and the metrics against the tenant. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { pushstatsCommand } from "../../../src/commands/pushstats/index.js";
import type { PushStatsView } from "../../../src/commands/pushstats/types.js";
import type { FeishuGateway } from "../../../src/feishu/gateway.js";
import { NOW, startRig, type GatewayRig } from "../../feishu/helpers/emulator.js";
import { runArgs, runWords } from "../../helpers/command.js";
import { testContext, testDeps } from "../../helpers/context.js";
import { pushTruth } from "./truth.js";

let rig: GatewayRig;
let early: GatewayRig;
/** 09:30 the same Wednesday: the data of two days ago is not out yet. */
const EARLY = Date.parse("2024-06-12T09:30:00+08:00");

beforeAll(async () => {
  [rig, early] = await Promise.all([
    startRig({ emulator: { rateLimits: false } }),
    startRig({ emulator: { rateLimits: false, now: () => EARLY } }),
  ]);
});
afterAll(() => Promise.all([rig.close(), early.close()]));
beforeEach(() => {
  rig.emulator.reset();
  early.emulator.reset();
});

function context(gateway: FeishuGateway = rig.gateway, now = NOW) {
  const base = testDeps();
  const config = { ...base.config, bot: { ...base.config.bot, timezone: "Asia/Shanghai" } };
  return testContext({ chatType: "p2p", deps: { gateway, config, now: () => now } });
}

function run(words: string[], gateway: FeishuGateway = rig.gateway, now = NOW): Promise<PushStatsView> {
  return runWords(pushstatsCommand, words, context(gateway, now));
}

const pushCalls = (r: GatewayRig = rig) => r.emulator.calls().filter((c) => c.endpoint === "push_overview");

function metrics(view: PushStatsView) {
  if (view.result.kind !== "data") throw new Error("expected data");
  const { sentMessages, reachedUsers, readWithin1h, readWithin12h } = view.result.metrics;
  return { sentMessages, reachedUsers, readWithin1h, readWithin12h };
}

describe("/pushstats against the emulator", () => {
  it("defaults to the day two days ago, with rates of pushes", async () => {
    const view = await run([]);
    expect([view.cycle, view.start, view.end, view.defaulted, view.movedFrom]).toEqual(["day", "2024-06-10", "2024-06-10", true, undefined]);
    const truth = pushTruth(rig.emulator.tenant, "2024-06-10", "2024-06-10");
    expect(truth.sentMessages).toBeGreaterThan(0);
    expect(metrics(view)).toEqual(truth);
    if (view.result.kind !== "data") throw new Error("unreachable");
    expect(view.result.metrics.rate1h).toBeCloseTo(truth.readWithin1h / truth.sentMessages, 12);
    expect(view.result.metrics.rate12h).toBeCloseTo(truth.readWithin12h / truth.sentMessages, 12);
    const [call] = pushCalls();
    expect(call!.path).toBe(`/open-apis/application/v6/applications/${rig.emulator.appId}/app_usage/message_push_overview`);
    expect(call!.body).toEqual({ date: "2024-06-10", cycle_type: 1 });
    expect(call!.query).toEqual({});
  });

  it("moves a date inside a week to its Monday and says so", async () => {
    const view = await run(["week", "2024-06-05"]);
    expect([view.start, view.end, view.dataThrough, view.movedFrom]).toEqual(["2024-06-03", "2024-06-09", "2024-06-09", "2024-06-05"]);
    expect(metrics(view)).toEqual(pushTruth(rig.emulator.tenant, "2024-06-03", "2024-06-09"));
    expect(pushCalls()[0]!.body).toEqual({ date: "2024-06-03", cycle_type: 2 });
  });

  it("moves a date inside a month to the 1st", async () => {
    const view = await run(["month", "2024-05-15"]);
    expect([view.start, view.end, view.movedFrom]).toEqual(["2024-05-01", "2024-05-31", "2024-05-15"]);
    expect(metrics(view)).toEqual(pushTruth(rig.emulator.tenant, "2024-05-01", "2024-05-31"));
    expect(pushCalls()[0]!.body).toEqual({ date: "2024-05-01", cycle_type: 3 });
  });

  it("shows the running week up to the latest day with data", async () => {
    const view = await run(["week"]);
    expect([view.start, view.end, view.dataThrough, view.movedFrom]).toEqual(["2024-06-10", "2024-06-16", "2024-06-10", undefined]);
    expect(metrics(view)).toEqual(pushTruth(rig.emulator.tenant, "2024-06-10", "2024-06-10"));
    expect(view.nav.next).toBeUndefined();
    expect(view.nav.prev).toEqual({ cmd: "pushstats", args: { cycle: "week", date: "2024-06-03" } });
  });

  it.each([["2024-06-11"], ["today"], ["tomorrow"], ["week", "2024-06-17"], ["month", "2024-07-01"]])(
    "answers %s with when the data will be available, without calling Feishu",
    async (...args) => {
      const view = await run(args);
      expect(view.result.kind).toBe("pending");
      expect(pushCalls()).toHaveLength(0);
      expect(rig.emulator.calls()).toHaveLength(0);
    },
  );

  it("says a day's data comes two days later at 10:00", async () => {
    const view = await run(["2024-06-11"]);
    expect(view.result).toEqual({ kind: "pending", availableAt: "2024-06-13 10:00" });
    expect(view.nav.latest).toEqual({ cmd: "pushstats", args: { cycle: "day", date: "2024-06-10" } });
  });

  it("before 10:00 the latest day is three days ago", async () => {
    const view = await run([], early.gateway, EARLY);
    expect(view.start).toBe("2024-06-09");
    expect(metrics(view)).toEqual(pushTruth(early.emulator.tenant, "2024-06-09", "2024-06-09"));
    const pending = await run(["2024-06-10"], early.gateway, EARLY);
    expect(pending.result).toEqual({ kind: "pending", availableAt: "2024-06-12 10:00" });
    expect(pushCalls(early)).toHaveLength(1);
  });

  it("answers a past period Feishu has no data for (211011) with no pushes, not an error", async () => {
    const installed = rig.emulator.tenant.push.installedOn;
    expect(installed > "2024-01-31").toBe(true);
    const view = await run(["month", "2024-01-01"]);
    expect(view.result).toEqual({ kind: "none" });
    expect(pushCalls().map((c) => c.code)).toEqual([211011]);
    expect(view.nav.prev.args).toEqual({ cycle: "month", date: "2023-12-01" });
    expect(view.nav.latest).toBeUndefined();
  });

  it("filters by an open_department_id or a department_id, with the matching id type", async () => {
    const tenant = rig.emulator.tenant;
    const parent = tenant.departments.find((d) => tenant.departments.some((c) => c.parentOpenDepartmentId === d.openDepartmentId));
    expect(parent).toBeDefined();
    const open = await run(["2024-06-10", parent!.openDepartmentId]);
    const truth = pushTruth(tenant, "2024-06-10", "2024-06-10", parent!.openDepartmentId);
    expect(metrics(open)).toEqual(truth);
    expect(truth.sentMessages).toBeLessThan(pushTruth(tenant, "2024-06-10", "2024-06-10").sentMessages);
    expect(pushCalls()[0]!.query).toEqual({ department_id_type: "open_department_id" });
    expect(pushCalls()[0]!.body).toEqual({ date: "2024-06-10", cycle_type: 1, department_id: parent!.openDepartmentId });

    const custom = await run([parent!.departmentId, "2024-06-10"]);
    expect(metrics(custom)).toEqual(truth);
    expect(pushCalls()[1]!.query).toEqual({ department_id_type: "department_id" });
    expect(custom.nav.prev.args).toEqual({ cycle: "day", date: "2024-06-09", department: { id: parent!.departmentId, idType: "department_id" } });
    expect(open.nav.prev.args).toEqual({ cycle: "day", date: "2024-06-09", department: { id: parent!.openDepartmentId, idType: "open_department_id" } });
  });

  it("answers a click on the department's Previous button with the same department and id type", async () => {
    const tenant = rig.emulator.tenant;
    const parent = tenant.departments.find((d) => tenant.departments.some((c) => c.parentOpenDepartmentId === d.openDepartmentId))!;
    const first = await run(["week", "2024-06-03", parent.departmentId]);
    const view = await runArgs(pushstatsCommand, first.nav.prev.args, context());
    expect([view.cycle, view.start, view.end]).toEqual(["week", "2024-05-27", "2024-06-02"]);
    // The same department and id type; its name looked up again (buttons carry only the id).
    expect(view.department).toEqual({ id: parent.departmentId, idType: "department_id", name: parent.name });
    expect(metrics(view)).toEqual(pushTruth(tenant, "2024-05-27", "2024-06-02", parent.openDepartmentId));
    expect(pushCalls()[1]!.query).toEqual({ department_id_type: "department_id" });
    expect(pushCalls()[1]!.body).toEqual({ date: "2024-05-27", cycle_type: 2, department_id: parent.departmentId });
  });

  it("answers the digest's query for one day, then its view, typed as pushstats", async () => {
    const ctx = context();
    const data = await pushstatsCommand.query({ cycle: "day", date: "2024-06-10" }, ctx);
    const view: PushStatsView = pushstatsCommand.view(data, ctx);
    expect([view.cycle, view.start, view.defaulted]).toEqual(["day", "2024-06-10", false]);
    expect(metrics(view)).toEqual(pushTruth(rig.emulator.tenant, "2024-06-10", "2024-06-10"));
  });
});
