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

  it("keeps the bot's own identity for hours", () => {
    expect(botInfoTtl(undefined, clock)).toBeGreaterThanOrEqual(3600);
  });
});
