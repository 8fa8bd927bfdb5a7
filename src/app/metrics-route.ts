/**
 * `GET /metrics` in Prometheus text format. Open like /healthz: a scraper has no Feishu credentials,
 * and nothing in it is secret (labels are names and codes, never ids, tokens or keys).
 */
import { Router } from "express";
import type { Logger } from "../log/logger.js";
import type { PrometheusMetrics } from "../metrics/index.js";

export function metricsRoute(metrics: Pick<PrometheusMetrics, "contentType" | "scrape">, logger: Logger): Router {
  const router = Router();
  router.get("/metrics", async (_req, res) => {
    try {
      const text = await metrics.scrape();
      res.set("Content-Type", metrics.contentType).set("Cache-Control", "no-store").send(text);
    } catch (error) {
      logger.error({ err: error }, "metrics: scrape failed");
      res.status(500).type("text/plain").send("metrics unavailable\n");
    }
  });
  return router;
}
