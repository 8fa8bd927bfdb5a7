/** The Prometheus recorder: each method's series, read back from its own scrape text. */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createPrometheusMetrics, noMetrics } from "../../src/metrics/index.js";
import { parsePrometheusText, seriesOf, valueOf } from "./prom-text.js";

const read = async (metrics: { scrape(): Promise<string> }) => parsePrometheusText(await metrics.scrape());

describe("the Prometheus recorder", () => {
  it("counts events received and refused by kind, reason and transport", async () => {
    const metrics = createPrometheusMetrics();
    metrics.events.received("message", "webhook");
    metrics.events.received("message", "webhook");
    metrics.events.received("card_action", "websocket");
    metrics.events.refused("unauthorized", "webhook");
    const scrape = await read(metrics);
    expect(seriesOf(scrape, "feishu_bot_events_received_total")).toEqual([
      { kind: "message", transport: "webhook", value: 2 },
      { kind: "card_action", transport: "websocket", value: 1 },
    ]);
    expect(seriesOf(scrape, "feishu_bot_events_refused_total")).toEqual([{ reason: "unauthorized", transport: "webhook", value: 1 }]);
    expect(scrape.types.get("feishu_bot_events_received_total")).toBe("counter");
  });

  it("counts commands by name and outcome", async () => {
    const metrics = createPrometheusMetrics();
    metrics.commands.completed("help", "ok");
    metrics.commands.completed("report", "admins_only");
    metrics.commands.completed("report", "admins_only");
    const scrape = await read(metrics);
    expect(valueOf(scrape, "feishu_bot_commands_total", { command: "help", outcome: "ok" })).toBe(1);
    expect(valueOf(scrape, "feishu_bot_commands_total", { command: "report", outcome: "admins_only" })).toBe(2);
  });

  it("counts upstream calls by endpoint and code, and rate limits apart", async () => {
    const metrics = createPrometheusMetrics();
    metrics.upstream.called("meeting_get", { code: "0", rateLimited: false });
    metrics.upstream.called("meeting_get", { code: "99991400", rateLimited: true });
    metrics.upstream.called("message_reply", { code: "network", rateLimited: false });
    const scrape = await read(metrics);
    expect(seriesOf(scrape, "feishu_bot_upstream_calls_total")).toEqual([
      { endpoint: "meeting_get", code: "0", value: 1 },
      { endpoint: "meeting_get", code: "99991400", value: 1 },
      { endpoint: "message_reply", code: "network", value: 1 },
    ]);
    expect(seriesOf(scrape, "feishu_bot_upstream_429_total")).toEqual([{ endpoint: "meeting_get", value: 1 }]);
  });

  it("puts the time to an answer into seconds buckets by kind", async () => {
    const metrics = createPrometheusMetrics();
    metrics.replies.answered("message", 0.4);
    metrics.replies.answered("message", 4);
    metrics.replies.answered("click", 0.05);
    const scrape = await read(metrics);
    const bucket = (kind: string, le: string) => valueOf(scrape, "feishu_bot_event_to_reply_seconds_bucket", { kind, le });
    expect([bucket("message", "0.25"), bucket("message", "0.5"), bucket("message", "3"), bucket("message", "5"), bucket("message", "+Inf")]).toEqual([0, 1, 1, 2, 2]);
    expect(valueOf(scrape, "feishu_bot_event_to_reply_seconds_count", { kind: "message" })).toBe(2);
    expect(valueOf(scrape, "feishu_bot_event_to_reply_seconds_sum", { kind: "message" })).toBeCloseTo(4.4);
    expect(bucket("click", "0.1")).toBe(1);
    expect(scrape.types.get("feishu_bot_event_to_reply_seconds")).toBe("histogram");
  });

  it("counts digests posted and failed by name", async () => {
    const metrics = createPrometheusMetrics();
    metrics.digests.posted("morning");
    metrics.digests.failed("morning");
    metrics.digests.failed("morning");
    const scrape = await read(metrics);
    expect(valueOf(scrape, "feishu_bot_digests_total", { digest: "morning", outcome: "posted" })).toBe(1);
    expect(valueOf(scrape, "feishu_bot_digests_total", { digest: "morning", outcome: "failed" })).toBe(2);
  });

  it("shows the long connection down until it is up, and counts reconnects", async () => {
    const metrics = createPrometheusMetrics();
    expect(valueOf(await read(metrics), "feishu_bot_long_connection_up")).toBe(0);
    expect(valueOf(await read(metrics), "feishu_bot_long_connection_reconnects_total")).toBe(0);
    metrics.longConnection.up();
    expect(valueOf(await read(metrics), "feishu_bot_long_connection_up")).toBe(1);
    metrics.longConnection.down();
    metrics.longConnection.reconnected();
    metrics.longConnection.up();
    const scrape = await read(metrics);
    expect(valueOf(scrape, "feishu_bot_long_connection_up")).toBe(1);
    expect(valueOf(scrape, "feishu_bot_long_connection_reconnects_total")).toBe(1);
  });

  it("reads the inbox depth at each scrape, and leaves it out (logged) when the store fails", async () => {
    let counts: { pending: number; claimed: number } | Error = { pending: 3, claimed: 1 };
    const warned: string[] = [];
    const metrics = createPrometheusMetrics({
      inboxDepth: () => (counts instanceof Error ? Promise.reject(counts) : Promise.resolve(counts)),
      logger: { warn: (_details: object, message: string) => void warned.push(message) } as never,
    });
    let scrape = await read(metrics);
    expect(seriesOf(scrape, "feishu_bot_inbox_depth")).toEqual([
      { state: "pending", value: 3 },
      { state: "claimed", value: 1 },
    ]);
    counts = { pending: 0, claimed: 2 };
    scrape = await read(metrics);
    expect(valueOf(scrape, "feishu_bot_inbox_depth", { state: "pending" })).toBe(0);
    expect(valueOf(scrape, "feishu_bot_inbox_depth", { state: "claimed" })).toBe(2);
    counts = new Error("store down");
    scrape = await read(metrics);
    expect(seriesOf(scrape, "feishu_bot_inbox_depth")).toEqual([]);
    expect(warned).toHaveLength(1);
    // The rest of the scrape is still there.
    expect(valueOf(scrape, "feishu_bot_long_connection_up")).toBe(0);
  });

  it("keeps each bot's counts in its own registry, beside the process's default metrics", async () => {
    const one = createPrometheusMetrics();
    const two = createPrometheusMetrics();
    one.commands.completed("help", "ok");
    expect(valueOf(await read(one), "feishu_bot_commands_total", { command: "help", outcome: "ok" })).toBe(1);
    const other = await read(two);
    expect(seriesOf(other, "feishu_bot_commands_total")).toEqual([]);
    expect(other.samples.some((s) => s.name === "process_cpu_user_seconds_total")).toBe(true);
    expect(other.samples.some((s) => s.name.startsWith("nodejs_heap_size"))).toBe(true);
    expect(one.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it("has a recorder that records nothing, for code built without metrics", () => {
    expect(() => {
      noMetrics.events.received("message", "webhook");
      noMetrics.events.refused("duplicate", "websocket");
      noMetrics.commands.completed("help", "ok");
      noMetrics.upstream.called("bot_info", { code: "0", rateLimited: false });
      noMetrics.replies.answered("click", 1);
      noMetrics.digests.posted("d");
      noMetrics.digests.failed("d");
      noMetrics.longConnection.up();
      noMetrics.longConnection.down();
      noMetrics.longConnection.reconnected();
    }).not.toThrow();
  });
});

describe("prom-client stays inside src/metrics", () => {
  it("is imported by no other source file", () => {
    const src = resolve(dirname(fileURLToPath(import.meta.url)), "../../src");
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
    const importers = files(src)
      .filter((file) => /from\s+["']prom-client["']|import\(\s*["']prom-client["']\s*\)/.test(readFileSync(file, "utf8")))
      .map((file) => relative(src, file).split("\\").join("/"));
    expect(importers.length).toBeGreaterThan(0);
    expect(importers.filter((path) => !path.startsWith("metrics/"))).toEqual([]);
  });
});
