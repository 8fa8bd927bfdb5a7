/**
 * The recorder backed by prom-client, for `GET /metrics`. Each bot gets its own Registry (tests run
 * several bots in one process, and one registry's counters must not mix with another's), with the
 * process's default metrics (memory, event loop lag, GC) beside the bot's own.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { Logger } from "../log/logger.js";
import type { MetricsRecorder } from "./recorder.js";

export const METRIC_PREFIX = "feishu_bot_";

/** Seconds from an event to its answer: Feishu's 3 s sits between buckets, as do the busy notices' 5 s. */
export const REPLY_BUCKETS = [0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 30, 60];

export interface PrometheusMetricsOptions {
  /** The inbox's counts, read at each scrape (store.inbox.counts()); no gauge without it. */
  inboxDepth?: () => Promise<{ pending: number; claimed: number }>;
  /** Where a failed scrape-time read is told. */
  logger?: Pick<Logger, "warn">;
}

export interface PrometheusMetrics extends MetricsRecorder {
  /** The Content-Type of `scrape()`'s text (Prometheus text format 0.0.4). */
  readonly contentType: string;
  /** Every series now, in Prometheus text format. */
  scrape(): Promise<string>;
}

export function createPrometheusMetrics(options: PrometheusMetricsOptions = {}): PrometheusMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const name = (suffix: string) => `${METRIC_PREFIX}${suffix}`;

  const received = new Counter({
    name: name("events_received_total"),
    help: "Pushes from Feishu that passed verification, by kind and transport.",
    labelNames: ["kind", "transport"] as const,
    registers,
  });
  const refused = new Counter({
    name: name("events_refused_total"),
    help: "Pushes turned away (bad signature, too large, duplicate, …), by reason and transport.",
    labelNames: ["reason", "transport"] as const,
    registers,
  });
  const commands = new Counter({
    name: name("commands_total"),
    help: "Command turns, by command name and how they ended (ok, an error code, a refusal).",
    labelNames: ["command", "outcome"] as const,
    registers,
  });
  const upstream = new Counter({
    name: name("upstream_calls_total"),
    help: "Requests to the Feishu Open API, retries included, by endpoint name and code (0, Feishu's code, or network/http_Nxx/malformed/unexpected).",
    labelNames: ["endpoint", "code"] as const,
    registers,
  });
  const rateLimited = new Counter({
    name: name("upstream_429_total"),
    help: "Open API answers that said slow down (HTTP 429 or code 99991400), by endpoint name.",
    labelNames: ["endpoint"] as const,
    registers,
  });
  const toReply = new Histogram({
    name: name("event_to_reply_seconds"),
    help: "Seconds from an event's receipt to its answer: a message's reply sent, a click's answer given.",
    labelNames: ["kind"] as const,
    buckets: REPLY_BUCKETS,
    registers,
  });
  const digests = new Counter({
    name: name("digests_total"),
    help: "Scheduled digest runs, by digest name and outcome (posted, or failed and retried).",
    labelNames: ["digest", "outcome"] as const,
    registers,
  });
  const connectionUp = new Gauge({
    name: name("long_connection_up"),
    help: "1 while Feishu's long connection is open (websocket mode); 0 otherwise.",
    registers,
  });
  const reconnects = new Counter({
    name: name("long_connection_reconnects_total"),
    help: "Times Feishu's long connection came back after it dropped.",
    registers,
  });
  const inboxDepth = options.inboxDepth;
  if (inboxDepth) {
    new Gauge({
      name: name("inbox_depth"),
      help: "Accepted messages not yet answered: pending (waiting, or a dead worker's) and claimed (being answered).",
      labelNames: ["state"] as const,
      registers,
      async collect() {
        try {
          const counts = await inboxDepth();
          this.set({ state: "pending" }, counts.pending);
          this.set({ state: "claimed" }, counts.claimed);
        } catch (error) {
          // A store outage must not fail the whole scrape: the gauge is left out rather than stale.
          this.reset();
          options.logger?.warn({ err: error }, "metrics: inbox counts unavailable; inbox_depth left out of this scrape");
        }
      },
    });
  }

  return {
    contentType: registry.contentType,
    scrape: () => registry.metrics(),
    events: {
      received: (kind, transport) => received.inc({ kind, transport }),
      refused: (reason, transport) => refused.inc({ reason, transport }),
    },
    commands: {
      completed: (command, outcome) => commands.inc({ command, outcome }),
    },
    upstream: {
      called(endpoint, answer) {
        upstream.inc({ endpoint, code: answer.code });
        if (answer.rateLimited) rateLimited.inc({ endpoint });
      },
    },
    replies: {
      answered: (kind, seconds) => toReply.observe({ kind }, Math.max(0, seconds)),
    },
    digests: {
      posted: (digest) => digests.inc({ digest, outcome: "posted" }),
      failed: (digest) => digests.inc({ digest, outcome: "failed" }),
    },
    longConnection: {
      up: () => connectionUp.set(1),
      down: () => connectionUp.set(0),
      reconnected: () => reconnects.inc(),
    },
  };
}
