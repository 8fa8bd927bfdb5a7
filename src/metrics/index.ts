/** The bot's metrics: a typed recorder for the layers, Prometheus text for `GET /metrics`. */
export {
  noMetrics,
  type CommandMetrics,
  type CommandOutcome,
  type DigestMetrics,
  type EventKind,
  type EventMetrics,
  type LongConnectionMetrics,
  type MetricsRecorder,
  type RefusalOutcome,
  type ReplyKind,
  type ReplyMetrics,
  type Transport,
  type UpstreamMetrics,
} from "./recorder.js";
export { METRIC_PREFIX, REPLY_BUCKETS, createPrometheusMetrics, type PrometheusMetrics, type PrometheusMetricsOptions } from "./prometheus.js";
