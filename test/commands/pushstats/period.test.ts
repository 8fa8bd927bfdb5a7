import dayjs from "dayjs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { planPush } from "../../../src/commands/pushstats/build.js";
import { pushOverviewTtl, TTL_SECONDS } from "../../../src/feishu/cache-policy.js";
import type { PushCycle } from "../../../src/feishu/types.js";
import { availableAt, latestDataDay, periodEnd, periodStart, shiftPeriod } from "../../../src/commands/pushstats/period.js";

const at = (iso: string) => Date.parse(iso);

describe("message_push_overview calendar", () => {
  it("has two days ago from 10:00 tenant time, three days ago before", () => {
    expect(latestDataDay(at("2024-06-12T10:00:00+08:00"), "Asia/Shanghai")).toBe("2024-06-10");
    expect(latestDataDay(at("2024-06-12T09:59:59+08:00"), "Asia/Shanghai")).toBe("2024-06-09");
    expect(latestDataDay(at("2024-06-12T00:30:00+08:00"), "Asia/Shanghai")).toBe("2024-06-09");
    // 13:00 UTC is 21:00 in Shanghai but 09:00 in New York: the tenant's zone decides.
    expect(latestDataDay(at("2024-06-12T13:00:00Z"), "Asia/Shanghai")).toBe("2024-06-10");
    expect(latestDataDay(at("2024-06-12T13:00:00Z"), "America/New_York")).toBe("2024-06-09");
  });

  it("moves a date to its week's Monday or its month's 1st", () => {
    expect(periodStart("2024-06-05", "week")).toBe("2024-06-03");
    expect(periodStart("2024-06-09", "week")).toBe("2024-06-03"); // a Sunday belongs to the week before
    expect(periodStart("2024-06-03", "week")).toBe("2024-06-03");
    expect(periodStart("2024-06-30", "month")).toBe("2024-06-01");
    expect(periodStart("2024-06-05", "day")).toBe("2024-06-05");
  });

  it("knows where periods end and how to step between them", () => {
    expect(periodEnd("2024-06-03", "week")).toBe("2024-06-09");
    expect(periodEnd("2024-02-01", "month")).toBe("2024-02-29");
    expect(shiftPeriod("2024-03-01", "month", -1)).toBe("2024-02-01");
    expect(shiftPeriod("2024-06-03", "week", 1)).toBe("2024-06-10");
    expect(shiftPeriod("2024-01-01", "day", -1)).toBe("2023-12-31");
  });

  it("says when a day's data is produced", () => {
    expect(availableAt("2024-06-11")).toBe("2024-06-13 10:00");
    expect(availableAt("2024-02-28")).toBe("2024-03-01 10:00");
  });
});

describe("the command and the gateway's cache share one publishing rule", () => {
  it("caches a period as final exactly when /pushstats shows it in full", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse("2024-01-01T00:00:00Z"), max: Date.parse("2027-01-01T00:00:00Z") }),
        fc.constantFrom<PushCycle>("day", "week", "month"),
        fc.integer({ min: 0, max: 40 }),
        fc.constantFrom("Asia/Shanghai", "UTC", "America/New_York"),
        (now, cycle, back, timeZone) => {
          const latest = latestDataDay(now, timeZone);
          const date = dayjs(latest).subtract(back - 3, "day").format("YYYY-MM-DD");
          const plan = planPush({ cycle, date }, latest);
          const ttl = pushOverviewTtl(plan.start, cycle)(undefined, { now: () => now, timezone: timeZone });
          const complete = plan.hasData && plan.dataThrough === plan.end;
          expect(ttl).toBe(complete ? TTL_SECONDS.settled : TTL_SECONDS.pendingPush);
        },
      ),
      { numRuns: 500 },
    );
  });
});
