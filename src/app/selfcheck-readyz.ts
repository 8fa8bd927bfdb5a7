/**
 * GET /readyz: the self-check report as JSON. 503 until the tenant token works (the bot cannot answer
 * anything before) and, over the long connection, while that connection is not up (nothing reaches
 * the bot then); 200 otherwise, whatever the commands' scopes: a missing scope is a fact to fix, not
 * a reason to take the bot out of service. It is served unauthenticated beside the webhooks, so
 * people's and chats' ids are counted, not listed: the banner on the bot's own console lists them.
 */
import express from "express";
import type { SelfCheckReport } from "./selfcheck-report.js";
import type { SelfCheck } from "./selfcheck.js";

export function isReady(report: SelfCheckReport): boolean {
  const receiving = report.connection.kind === "webhook" || report.connection.state === "connected";
  return report.token.ok && receiving;
}

export function readyzRouter(check: Pick<SelfCheck, "report">): express.Router {
  const router = express.Router();
  router.get("/readyz", (_req, res) => {
    const report = check.report();
    const ready = isReady(report);
    res.status(ready ? 200 : 503).set("cache-control", "no-store").json({ ready, ...withoutIds(report) });
  });
  return router;
}

/** The report with the admins' open_ids and the digests' chat ids replaced by how many there are. */
function withoutIds(report: SelfCheckReport) {
  const { admins, digests, ...rest } = report;
  return { ...rest, admins: admins.length, digests: digests.map(({ chats, ...digest }) => ({ ...digest, chats: chats.length })) };
}
