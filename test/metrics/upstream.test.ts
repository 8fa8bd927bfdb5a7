/**
 * The gateway tells the metrics of every request that leaves: each try and each token fetch, by
 * endpoint name and answer code; nothing for an answer from the cache. Real SDK, real HTTP, emulator.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FeishuError } from "../../src/feishu/errors.js";
import type { UpstreamMetrics } from "../../src/metrics/index.js";
import { gatewayFor, feishuConfig, startRig, type GatewayRig } from "../feishu/helpers/emulator.js";
import { closedPortUrl } from "../feishu/helpers/stub-server.js";
import { silentLogger } from "../../src/log/logger.js";

type Called = { endpoint: string; code: string; rateLimited: boolean };

function recording(): UpstreamMetrics & { calls: Called[] } {
  const calls: Called[] = [];
  return { calls, called: (endpoint, answer) => void calls.push({ endpoint, ...answer }) };
}

/** Quick retries: the 429 test sees a retry without waiting long for it. */
const FAST_RETRY = { attempts: 3, baseDelayMs: 1, deadlineMs: 5_000, maxResetWaitMs: 2_000 };

let rig: GatewayRig;
let metrics: ReturnType<typeof recording>;

beforeAll(async () => {
  metrics = recording();
  rig = await startRig({ emulator: { rateLimits: false }, retry: FAST_RETRY, gateway: { metrics } });
});
beforeEach(() => {
  rig.emulator.reset();
  metrics.calls.length = 0;
});
afterAll(async () => {
  await rig.close();
});

describe("upstream calls in the metrics", () => {
  it("counts the token fetch and the call, each answered 0, and not an answer from the cache", async () => {
    await rig.gateway.getBotInfo();
    expect(metrics.calls).toEqual([
      { endpoint: "tenant_token", code: "0", rateLimited: false },
      { endpoint: "bot_info", code: "0", rateLimited: false },
    ]);
    await rig.gateway.getBotInfo();
    // Bot info is cached: no second request left.
    expect(metrics.calls).toHaveLength(2);
  });

  it("counts Feishu's code for a refusal", async () => {
    rig.emulator.injectFault({ endpoint: "chat_get", effect: { kind: "code", code: 99991672 }, times: "once" });
    await expect(rig.gateway.getChat("oc_sandbox_group")).rejects.toBeInstanceOf(FeishuError);
    expect(metrics.calls.filter((c) => c.endpoint === "chat_get")).toEqual([{ endpoint: "chat_get", code: "99991672", rateLimited: false }]);
  });

  it("counts each try of a rate-limited call, the 429 marked", async () => {
    rig.emulator.injectFault({ endpoint: "chat_get", effect: { kind: "code", code: 99991400, httpStatus: 429 }, times: "once" });
    await rig.gateway.getChat("oc_sandbox_group");
    expect(metrics.calls.filter((c) => c.endpoint === "chat_get")).toEqual([
      { endpoint: "chat_get", code: "99991400", rateLimited: true },
      { endpoint: "chat_get", code: "0", rateLimited: false },
    ]);
  });

  it("names an HTTP failure without a Feishu body by its class", async () => {
    rig.emulator.injectFault({ endpoint: "chat_get", effect: { kind: "http", status: 502 }, times: "always" });
    // A chat not asked about before: chat modes are cached.
    await expect(rig.gateway.getChat("oc_metrics_http")).rejects.toBeInstanceOf(FeishuError);
    const codes = new Set(metrics.calls.filter((c) => c.endpoint === "chat_get").map((c) => c.code));
    expect([...codes]).toEqual(["http_5xx"]);
  });

  it("names a network failure 'network', the token fetch included", async () => {
    const offline = recording();
    const gateway = gatewayFor(feishuConfig(rig.emulator, { domain: await closedPortUrl() }), silentLogger(), { attempts: 1, baseDelayMs: 0, deadlineMs: 0, maxResetWaitMs: 0 }, {
      metrics: offline,
    });
    await expect(gateway.getBotInfo()).rejects.toBeInstanceOf(FeishuError);
    expect(offline.calls).toEqual([{ endpoint: "tenant_token", code: "network", rateLimited: false }]);
  });
});
