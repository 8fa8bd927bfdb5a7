/** /report against the emulator over real HTTP, at a fixed clock: queries sent and figures against the tenant. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { reportCommand } from "../../../src/commands/report/index.js";
import type { ReportView } from "../../../src/commands/report/types.js";
import type { Config, DataUnit } from "../../../src/config/types.js";
import { UsageError } from "../../../src/commands/usage.js";
import { FeishuError } from "../../../src/feishu/errors.js";
import { silentLogger } from "../../../src/log/logger.js";
import type { Tenant } from "../../../src/sandbox/emulator/index.js";
import { feishuConfig, gatewayFor, NOW, startRig, type GatewayRig } from "../../feishu/helpers/emulator.js";
import { runArgs, runWords } from "../../helpers/command.js";
import { testContext, testDeps } from "../../helpers/context.js";

let rig: GatewayRig;
beforeAll(async () => {
  rig = await startRig({ emulator: { rateLimits: false } });
});
afterAll(() => rig.close());
beforeEach(() => rig.emulator.reset());

function context(unit: DataUnit | undefined = undefined, gateway = rig.gateway) {
  const base = testDeps();
  const config: Config = { ...base.config, bot: { ...base.config.bot, timezone: "Asia/Shanghai" }, report: { unit } };
  return testContext({ deps: { gateway, config, now: () => NOW } });
}

async function run(args: string[], unit: DataUnit | undefined = undefined): Promise<ReportView> {
  return runWords(reportCommand, args, context(unit));
}

function truth(tenant: Tenant, from: string, to: string) {
  const days = tenant.dailyReports.filter((d) => d.date >= from && d.date <= to);
  return {
    meetings: days.reduce((a, d) => a + d.meetingCount, 0),
    durationSeconds: days.reduce((a, d) => a + d.meetingDuration, 0),
    participants: days.reduce((a, d) => a + d.participantCount, 0),
    byDay: days.map((d) => [d.date, d.meetingCount]),
  };
}

const dailyCalls = () => rig.emulator.calls().filter((c) => c.endpoint === "report_get_daily");

describe("/report against the emulator", () => {
  it("sums the 7 days up to yesterday and compares with the 7 days before", async () => {
    const view = await run([]);
    const now = truth(rig.emulator.tenant, "2024-06-05", "2024-06-11");
    const before = truth(rig.emulator.tenant, "2024-05-29", "2024-06-04");
    expect(now.meetings).toBeGreaterThan(0);
    expect(view.totals).toEqual({ meetings: now.meetings, durationSeconds: now.durationSeconds, participants: now.participants });
    expect(view.daily.map((d) => [d.date, d.meetings])).toEqual(now.byDay);
    expect(view.previous).toMatchObject({ available: true, from: "2024-05-29", to: "2024-06-04" });
    if (!view.previous.available) throw new Error("unreachable");
    expect(view.previous.change.meetings).toBeCloseTo((now.meetings - before.meetings) / before.meetings, 12);
    expect(view.previous.change.participants).toBeCloseTo((now.participants - before.participants) / before.participants, 12);
  });

  it("asks get_daily for whole local days, ending one second before the next midnight", async () => {
    await run(["2024-06-01..2024-06-02"]);
    const queries = dailyCalls().map((c) => c.query);
    expect(queries).toHaveLength(2);
    const start = String(Date.parse("2024-06-01T00:00:00+08:00") / 1000);
    const end = String(Date.parse("2024-06-03T00:00:00+08:00") / 1000 - 1);
    expect(queries).toContainEqual({ start_time: start, end_time: end });
    const view = await run(["2024-06-01..2024-06-02"]);
    expect(view.daily.map((d) => d.date)).toEqual(["2024-06-01", "2024-06-02"]);
    expect(view.totals.meetings).toBe(truth(rig.emulator.tenant, "2024-06-01", "2024-06-02").meetings);
  });

  it("answers 90d with the 89 whole days Feishu still serves, says so, and does not fetch a previous period beyond them", async () => {
    // At 15:00 the window reaches back to 2024-03-14 15:00: that day is no longer whole.
    const view = await run(["90d"]);
    expect(dailyCalls()).toHaveLength(1);
    expect(dailyCalls()[0]!.query.start_time).toBe(String(Date.parse("2024-03-15T00:00:00+08:00") / 1000));
    expect([view.from, view.to, view.days]).toEqual(["2024-03-15", "2024-06-11", 89]);
    expect(view.shortened).toEqual({ askedDays: 90, lookbackDays: 90 });
    expect(view.ranges.find((r) => r.current)?.days).toBe(90);
    expect(view.previous).toEqual({ available: false, from: "2023-12-17", to: "2024-03-14", oldest: "2024-03-15", lookbackDays: 90 });
    expect(view.totals.meetings).toBe(truth(rig.emulator.tenant, "2024-03-15", "2024-06-11").meetings);
    expect(view.daily).toHaveLength(89);
  });

  it("compares 44 days with the 44 before, which still fit in the look-back", async () => {
    const view = await run(["44d"]);
    expect(dailyCalls()).toHaveLength(2);
    expect(view.previous).toMatchObject({ available: true, from: "2024-03-16", to: "2024-04-28" });
    expect(view.shortened).toBeUndefined();
  });

  it("drops the comparison, with a note, when only the previous period's query fails", async () => {
    // The previous period's query starts before the range does: only that one fails.
    const rangeStart = Date.parse("2024-06-05T00:00:00+08:00");
    const flaky = new Proxy(rig.gateway, {
      get(target, name, receiver) {
        if (name !== "getDailyReport") return Reflect.get(target, name, receiver);
        return (q: { start: Date }) =>
          q.start.getTime() < rangeStart
            ? Promise.reject(new FeishuError({ code: 99991400, msg: "rate limited", endpoint: "report_get_daily", httpStatus: 429 }))
            : target.getDailyReport(q as Parameters<typeof target.getDailyReport>[0]);
      },
    });
    const view = await runWords(reportCommand, [], context(0, flaky));
    expect(view.previous).toEqual({ available: false, failed: true, from: "2024-05-29", to: "2024-06-04" });
    expect(view.totals.meetings).toBe(truth(rig.emulator.tenant, "2024-06-05", "2024-06-11").meetings);
  });

  it("still fails as a whole when the range itself cannot be fetched", async () => {
    const failWith = new FeishuError({ code: 121005, msg: "no permission", endpoint: "report_get_daily", httpStatus: 403 });
    const broken = new Proxy(rig.gateway, {
      get(target, name, receiver) {
        return name === "getDailyReport" ? () => Promise.reject(failWith) : Reflect.get(target, name, receiver);
      },
    });
    await expect(runWords(reportCommand, [], context(0, broken))).rejects.toBe(failWith);
  });

  it("refuses 91d without calling Feishu", async () => {
    const view = await runWords(reportCommand, ["91d"], context()).catch((error: unknown) => error);
    expect(view).toMatchObject({ name: "UsageError", command: "report" });
    expect(dailyCalls()).toHaveLength(0);
  });

  it("sends no unit when app.yaml sets none: only tenants with several data residencies may pass it", async () => {
    // Ranges no other test asks for: the gateway's cache would answer a repeated query itself.
    const view = await run(["2024-05-11..2024-05-12"]);
    expect(dailyCalls()).toHaveLength(2);
    for (const call of dailyCalls()) expect(Object.keys(call.query).sort()).toEqual(["end_time", "start_time"]);
    expect(view.unit).toBeUndefined();
  });

  it("sends unit 0 when app.yaml sets it", async () => {
    await run(["2024-05-13..2024-05-14"], 0);
    expect(dailyCalls()).toHaveLength(2);
    expect(dailyCalls().map((c) => c.query.unit)).toEqual(["0", "0"]);
  });

  it("passes the configured data-residency unit", async () => {
    const multi = await startRig({ emulator: { rateLimits: false, multiUnit: true } });
    try {
      const gateway = gatewayFor(feishuConfig(multi.emulator), silentLogger());
      const view = await runWords(reportCommand, ["7d"], context(2, gateway));
      expect(multi.emulator.calls().filter((c) => c.endpoint === "report_get_daily").every((c) => c.query.unit === "2")).toBe(true);
      const home = truth(multi.emulator.tenant, "2024-06-05", "2024-06-11");
      expect(view.totals.meetings).toBeLessThan(home.meetings);
      expect(view.unit).toBe(2);
    } finally {
      await multi.close();
    }
  });

  it("lets Feishu's refusal of another unit reach the error card as a FeishuError", async () => {
    const error = await runWords(reportCommand, ["7d"], context(1)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FeishuError);
    expect((error as FeishuError).code).toBe(121002);
  });

  it("answers a range button's click with the range counted when it is clicked", async () => {
    const view = await runArgs(reportCommand, { range: { days: 30 } }, context());
    expect([view.from, view.to, view.days]).toEqual(["2024-05-13", "2024-06-11", 30]);
    expect(view.ranges.find((r) => r.current)?.value).toEqual({ cmd: "report", args: { range: { days: 30 } } });
    expect(view.totals.meetings).toBe(truth(rig.emulator.tenant, "2024-05-13", "2024-06-11").meetings);
  });

  it("re-checks a clicked range against the look-back: older than 90 days is a usage error, with no call to Feishu", async () => {
    const error = await runArgs(reportCommand, { range: { from: "2024-03-01", to: "2024-03-07" } }, context()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect(error).toMatchObject({ command: "report" });
    expect((error as UsageError).problem.en).toContain("2024-03-15");
    const today = await runArgs(reportCommand, { range: { from: "2024-06-10", to: "2024-06-12" } }, context()).catch((e: unknown) => e);
    expect(today).toBeInstanceOf(UsageError);
    expect(dailyCalls()).toHaveLength(0);
  });

  it("answers the digest's query for fixed dates, then its view, typed as a report", async () => {
    const ctx = context();
    const data = await reportCommand.query({ range: { from: "2024-06-05", to: "2024-06-11" } }, ctx);
    const view: ReportView = reportCommand.view(data, ctx);
    expect([view.from, view.to, view.days]).toEqual(["2024-06-05", "2024-06-11", 7]);
    // The same 7 days as `7d` on this day: its button is lit.
    expect(view.ranges.find((r) => r.current)?.days).toBe(7);
    expect(view.totals.meetings).toBe(truth(rig.emulator.tenant, "2024-06-05", "2024-06-11").meetings);
  });
});
