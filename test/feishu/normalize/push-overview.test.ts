import { describe, expect, it } from "vitest";
import { FeishuError } from "../../../src/feishu/errors.js";
import { normalizePushOverview } from "../../../src/feishu/normalize/push-overview.js";
import { seedResponse } from "../fixtures/seeds.js";

describe("normalizePushOverview", () => {
  it("normalises the seed page's example response", () => {
    expect(normalizePushOverview(seedResponse("push-overview").data)).toEqual({
      sentMessages: 7,
      reachedUsers: 7,
      readWithin1h: 20,
      readWithin12h: 20,
    });
  });

  it("ignores metrics it does not know and defaults absent ones to 0", () => {
    const overview = normalizePushOverview({
      items: [
        { metric_name: "read_in_12h_count", metric_value: "5" },
        { metric_name: "new_metric", metric_value: 99 },
      ],
    });
    expect(overview).toEqual({ sentMessages: 0, reachedUsers: 0, readWithin1h: 0, readWithin12h: 5 });
  });

  it("rejects a metric value that is not a count", () => {
    expect(() => normalizePushOverview({ items: [{ metric_name: "send_msg_count", metric_value: "x" }] })).toThrow(
      FeishuError,
    );
  });
});
