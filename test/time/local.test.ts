import dayjs from "dayjs";
import timezone from "dayjs/plugin/timezone.js";
import utc from "dayjs/plugin/utc.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { localParts } from "../../src/time/local.js";

dayjs.extend(utc);
dayjs.extend(timezone);

describe("localParts", () => {
  it("reads an instant's wall clock in the zone", () => {
    const instant = Date.parse("2026-11-20T16:05:00Z");
    expect(localParts(instant, "Asia/Shanghai")).toEqual({ date: "2026-11-21", monthDay: "11-21", time: "00:05" });
    expect(localParts(instant, "UTC")).toEqual({ date: "2026-11-20", monthDay: "11-20", time: "16:05" });
  });

  it("agrees with dayjs's time-zone formatting for any instant and zone", () => {
    const zones = ["Asia/Shanghai", "America/New_York", "Europe/Berlin", "Asia/Kolkata", "UTC"];
    fc.assert(
      fc.property(fc.integer({ min: Date.parse("2000-01-01"), max: Date.parse("2040-01-01") }), fc.constantFrom(...zones), (ms, zone) => {
        const d = dayjs(ms).tz(zone);
        expect(localParts(ms, zone)).toEqual({ date: d.format("YYYY-MM-DD"), monthDay: d.format("MM-DD"), time: d.format("HH:mm") });
      }),
      { numRuns: 500 },
    );
  });
});
