/**
 * GET /readyz: the self-check report as JSON. 503 until the tenant token works (the bot cannot answer
 * anything before), 200 after, whatever the commands' scopes: a missing scope is a fact to fix, not a
 * reason to take the bot out of a load balancer.
 */
import express from "express";
import type { SelfCheck } from "./selfcheck.js";

export function readyzRouter(check: Pick<SelfCheck, "report">): express.Router {
  const router = express.Router();
  router.get("/readyz", (_req, res) => {
    const report = check.report();
    res.status(report.token.ok ? 200 : 503).set("cache-control", "no-store").json({ ready: report.token.ok, ...report });
  });
  return router;
}
