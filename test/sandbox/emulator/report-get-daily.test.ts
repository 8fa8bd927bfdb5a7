/** Seed 000, GET /open-apis/vc/v1/reports/get_daily, through the real SDK. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SCOPES, SCOPES, type Emulator } from "../../../src/sandbox/emulator/index.js";
import { DAY, NOW, NOW_SEC, TODAY_START, failure, raw, sdkClient, startTestEmulator, tenantToken, type Started } from "./helpers.js";

let s: Started;
beforeAll(async () => {
  s = await startTestEmulator({ rateLimits: false });
});
afterAll(() => s.emulator.close());

const extra: Emulator[] = [];
afterAll(() => Promise.all(extra.map((e) => e.close())));
async function another(options: Parameters<typeof startTestEmulator>[0]): Promise<Started> {
  const started = await startTestEmulator({ rateLimits: false, ...options });
  extra.push(started.emulator);
  return started;
}

const daily = (client: Started["client"], start: number, end: number, unit?: number) =>
  client.vc.v1.report.getDaily({
    params: { start_time: String(start), end_time: String(end), ...(unit !== undefined ? { unit } : {}) },
  });

describe("get_daily", () => {
  it("answers the days of the range with string figures and totals equal to their sums", async () => {
    const answer = await daily(s.client, TODAY_START - 7 * DAY, NOW_SEC);
    expect(answer.code).toBe(0);
    expect(answer.msg).toBe("success");
    const report = answer.data!.meeting_report!;
    const days = report.daily_report!;
    // Today's report is produced tomorrow: seven full days come back.
    expect(days.map((d) => Number(d.date))).toEqual([7, 6, 5, 4, 3, 2, 1].map((n) => TODAY_START - n * DAY));
    for (const d of days) {
      for (const v of [d.date, d.meeting_count, d.meeting_duration, d.participant_count]) expect(v).toMatch(/^\d+$/);
    }
    const sum = (k: "meeting_count" | "meeting_duration" | "participant_count") => String(days.reduce((a, d) => a + Number(d[k]), 0));
    expect(report.total_meeting_count).toBe(sum("meeting_count"));
    expect(report.total_meeting_duration).toBe(sum("meeting_duration"));
    expect(report.total_participant_count).toBe(sum("participant_count"));
  });

  it("reports what the tenant's meetings add up to", async () => {
    const yesterday = TODAY_START - DAY;
    const answer = await daily(s.client, yesterday, yesterday + DAY - 1);
    const [day] = answer.data!.meeting_report!.daily_report!;
    const held = s.emulator.tenant.meetings.filter((m) => m.startTime >= yesterday && m.startTime < TODAY_START);
    expect(Number(day!.meeting_count)).toBe(held.length);
    expect(Number(day!.meeting_duration)).toBe(held.reduce((a, m) => a + (m.endTime! - m.startTime), 0));
  });

  it("includes the day the start falls in, from its local midnight", async () => {
    const answer = await daily(s.client, TODAY_START - 2 * DAY + 15 * 3600, TODAY_START - DAY + 3600);
    expect(answer.data!.meeting_report!.daily_report!.map((d) => Number(d.date))).toEqual([
      TODAY_START - 2 * DAY,
      TODAY_START - DAY,
    ]);
  });

  it("looks back 90 × 86,400 s from now and no further (121003, HTTP 400), at any time of day", async () => {
    // Midnight 90 days ago is outside the window except at midnight itself: the strict reading.
    try {
      for (const time of ["00:05:00", "12:00:00", "23:55:00"]) {
        s.clock.now = Date.parse(`2024-06-12T${time}+08:00`);
        const now = Math.floor(s.clock.now / 1000);
        // A token per time of day: the SDK keeps one by the wall clock, the emulator expires it by its own.
        const client = sdkClient(s.emulator);
        const edge = await daily(client, now - 90 * DAY, now);
        expect(edge.code, time).toBe(0);
        expect(edge.data!.meeting_report!.daily_report!.length, time).toBeGreaterThanOrEqual(89);
        const tooOld = await failure(daily(client, now - 90 * DAY - 1, now));
        expect(tooOld.status, time).toBe(400);
        expect(tooOld.data, time).toEqual({ code: 121003, msg: "param error" });
        expect((await failure(daily(client, TODAY_START - 90 * DAY, now))).data.code, time).toBe(121003);
      }
    } finally {
      s.clock.now = NOW;
    }
  });

  it("answers zero totals and no daily list for a range with no finished day", async () => {
    const answer = await daily(s.client, TODAY_START, NOW_SEC);
    expect(answer.data!.meeting_report).toEqual({
      total_meeting_count: "0",
      total_meeting_duration: "0",
      total_participant_count: "0",
    });
  });

  it("rejects an end before the start, a start in the future and non-numeric times with 121003", async () => {
    for (const [start, end] of [
      [NOW_SEC, NOW_SEC - DAY],
      [NOW_SEC + 3600, NOW_SEC + 7200],
    ]) {
      expect((await failure(daily(s.client, start!, end!))).data.code).toBe(121003);
    }
    const token = await tenantToken(s.emulator);
    const text = await raw(s.emulator, "GET", "/open-apis/vc/v1/reports/get_daily", { token, query: `start_time=yesterday&end_time=${NOW_SEC}` });
    expect(text.status).toBe(400);
    expect(text.json.code).toBe(121003);
  });

  it("answers a missing required time or a non-integer unit with a field validation error", async () => {
    const token = await tenantToken(s.emulator);
    const missing = await raw(s.emulator, "GET", "/open-apis/vc/v1/reports/get_daily", { token, query: `end_time=${NOW_SEC}` });
    expect(missing.status).toBe(400);
    expect(missing.json).toMatchObject({
      code: 99992402,
      error: { field_violations: [{ field: "start_time", description: expect.any(String) }] },
    });
    const unit = await raw(s.emulator, "GET", "/open-apis/vc/v1/reports/get_daily", {
      token,
      query: `start_time=${NOW_SEC - DAY}&end_time=${NOW_SEC}&unit=us`,
    });
    expect(unit.json.code).toBe(99992402);
  });

  it("answers another data unit with 121002 unless the tenant has several, and an unknown unit with 121003", async () => {
    const notSupported = await failure(daily(s.client, TODAY_START - 3 * DAY, NOW_SEC, 1));
    expect(notSupported.status).toBe(400);
    expect(notSupported.data).toEqual({ code: 121002, msg: "not support" });
    const multi = await another({ multiUnit: true });
    const us = await daily(multi.client, TODAY_START - 3 * DAY, NOW_SEC, 1);
    const mainland = await daily(multi.client, TODAY_START - 3 * DAY, NOW_SEC, 0);
    expect(Number(us.data!.meeting_report!.total_meeting_count)).toBeLessThan(Number(mainland.data!.meeting_report!.total_meeting_count));
    const days = us.data!.meeting_report!.daily_report!;
    expect(us.data!.meeting_report!.total_meeting_count).toBe(String(days.reduce((a, d) => a + Number(d.meeting_count), 0)));
    expect((await failure(daily(multi.client, TODAY_START - DAY, NOW_SEC, 7))).data.code).toBe(121003);
  });

  it("answers 121005 (HTTP 403) without the admin console's meeting permission", async () => {
    const denied = await another({ vcAdminPermission: false });
    const answer = await failure(daily(denied.client, TODAY_START - DAY, NOW_SEC));
    expect(answer.status).toBe(403);
    expect(answer.data).toEqual({ code: 121005, msg: "no permission" });
  });

  it("needs vc:report:readonly", async () => {
    const noScope = await another({ scopes: DEFAULT_SCOPES.filter((x) => x !== SCOPES.report) });
    expect((await failure(daily(noScope.client, TODAY_START - DAY, NOW_SEC))).data.code).toBe(99991672);
  });

  it("answers an internal error with 121001 (HTTP 500) when the fault is injected", async () => {
    s.emulator.injectFault({ endpoint: "report_get_daily", effect: { kind: "code", code: 121001 }, times: "once" });
    const answer = await failure(daily(s.client, TODAY_START - DAY, NOW_SEC));
    expect(answer.status).toBe(500);
    expect(answer.data.code).toBe(121001);
  });
});
