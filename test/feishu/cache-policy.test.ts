/** How long each kind of answer is kept: settled history for hours, anything live for a minute or less. */
import { describe, expect, it } from "vitest";
import { TTL_SECONDS, botInfoTtl, meetingTtl, pushOverviewTtl, rangeTtl, startOfToday } from "../../src/feishu/cache-policy.js";
import type { MeetingDetail } from "../../src/feishu/types.js";

/** Wednesday 2024-06-12 15:00 in Shanghai. */
const clock = { now: () => Date.parse("2024-06-12T15:00:00+08:00"), timezone: "Asia/Shanghai" };
const at = (iso: string) => new Date(iso);

describe("cache lifetimes", () => {
  it("finds today's start in the bot's time zone", () => {
    expect(new Date(startOfToday(clock)).toISOString()).toBe("2024-06-11T16:00:00.000Z");
    expect(new Date(startOfToday({ ...clock, timezone: "UTC" })).toISOString()).toBe("2024-06-12T00:00:00.000Z");
  });

  it("keeps a past day's report, reservations or meeting list for hours, today's for a minute", () => {
    expect(rangeTtl(at("2024-06-11T23:59:59+08:00"))(undefined, clock)).toBe(TTL_SECONDS.settled);
    expect(rangeTtl(at("2024-06-12T00:00:00+08:00"))(undefined, clock)).toBe(TTL_SECONDS.settled);
    expect(rangeTtl(at("2024-06-12T00:00:01+08:00"))(undefined, clock)).toBe(TTL_SECONDS.live);
    expect(rangeTtl(at("2024-06-12T23:59:59+08:00"))(undefined, clock)).toBe(TTL_SECONDS.live);
    expect(TTL_SECONDS.settled).toBeGreaterThanOrEqual(3600);
    expect(TTL_SECONDS.live).toBeLessThanOrEqual(120);
  });

  it("keeps an ended meeting for hours and a running one for half a minute", () => {
    const meeting = (status: MeetingDetail["status"]) => ({ status }) as MeetingDetail;
    expect(meetingTtl(meeting("ended"), clock)).toBeGreaterThanOrEqual(3600);
    expect(meetingTtl(meeting("in_progress"), clock)).toBe(30);
    expect(meetingTtl(meeting("calling"), clock)).toBe(30);
    expect(meetingTtl(meeting("unknown"), clock)).toBe(30);
  });

  it("keeps push figures for hours once the period's data is all published (up to two days ago)", () => {
    expect(pushOverviewTtl("2024-06-10", "day")(undefined, clock)).toBe(TTL_SECONDS.settled);
    expect(pushOverviewTtl("2024-06-11", "day")(undefined, clock)).toBe(TTL_SECONDS.pendingPush);
    expect(pushOverviewTtl("2024-06-03", "week")(undefined, clock)).toBe(TTL_SECONDS.settled);
    expect(pushOverviewTtl("2024-06-10", "week")(undefined, clock)).toBe(TTL_SECONDS.pendingPush);
    expect(pushOverviewTtl("2024-05-01", "month")(undefined, clock)).toBe(TTL_SECONDS.settled);
    expect(pushOverviewTtl("2024-06-01", "month")(undefined, clock)).toBe(TTL_SECONDS.pendingPush);
  });

  it("treats push figures as final only once the period's last day is published at 10:00 (as /pushstats does)", () => {
    // Tuesday 2026-03-10 09:30 Shanghai: the Sunday 03-08 is not out until 10:00, so week 03-02..03-08 is still partial.
    const early = { now: () => Date.parse("2026-03-10T09:30:00+08:00"), timezone: "Asia/Shanghai" };
    const late = { ...early, now: () => Date.parse("2026-03-10T10:00:00+08:00") };
    expect(pushOverviewTtl("2026-03-02", "week")(undefined, early)).toBe(TTL_SECONDS.pendingPush);
    expect(pushOverviewTtl("2026-03-02", "week")(undefined, late)).toBe(TTL_SECONDS.settled);
    expect(pushOverviewTtl("2026-03-08", "day")(undefined, early)).toBe(TTL_SECONDS.pendingPush);
    expect(pushOverviewTtl("2026-03-08", "day")(undefined, late)).toBe(TTL_SECONDS.settled);
    expect(pushOverviewTtl("2026-03-07", "day")(undefined, early)).toBe(TTL_SECONDS.settled);
    // February 2026 ends on Saturday the 28th, published on 03-02 at 10:00.
    const march2 = (hhmm: string) => ({ ...early, now: () => Date.parse(`2026-03-02T${hhmm}:00+08:00`) });
    expect(pushOverviewTtl("2026-02-01", "month")(undefined, march2("09:59"))).toBe(TTL_SECONDS.pendingPush);
    expect(pushOverviewTtl("2026-02-01", "month")(undefined, march2("10:00"))).toBe(TTL_SECONDS.settled);
  });

  it("keeps a range ending yesterday briefly until noon, since a day's report may still be produced", () => {
    const yesterdayEnd = at("2024-06-11T23:59:59+08:00");
    const atTime = (hhmm: string) => ({ ...clock, now: () => Date.parse(`2024-06-12T${hhmm}:00+08:00`) });
    expect(rangeTtl(yesterdayEnd)(undefined, atTime("00:30"))).toBe(TTL_SECONDS.recent);
    expect(rangeTtl(yesterdayEnd)(undefined, atTime("11:58"))).toBe(120);
    expect(rangeTtl(yesterdayEnd)(undefined, atTime("12:00"))).toBe(TTL_SECONDS.settled);
    expect(rangeTtl(at("2024-06-10T23:59:59+08:00"))(undefined, atTime("00:30"))).toBe(TTL_SECONDS.settled);
    expect(TTL_SECONDS.recent).toBeLessThanOrEqual(15 * 60);
  });

  it("keeps the bot's own identity for hours", () => {
    expect(botInfoTtl(undefined, clock)).toBeGreaterThanOrEqual(3600);
  });
});
