/**
 * The long connection's doors on the control API (/_emulator): the subscription setting as the
 * console saves it, and the open connections for a person or another process to look at or drop.
 */
import express, { type Router } from "express";
import { z } from "zod";
import type { ConnectionInfo, Violation } from "./server.js";
import type { Subscription } from "./subscription.js";

export interface LongConnectionControlTarget {
  subscription(): Subscription;
  setSubscription(s: Partial<Subscription>): void;
  connections(): ConnectionInfo[];
  violations(): Violation[];
  dropConnection(deviceId: string): number;
  dropAfterSend(times: number): void;
}

const mode = z.enum(["webhook", "long_connection"]);
const subscriptionBody = z.object({ events: mode.optional(), callbacks: mode.optional() }).strict();
const dropBody = z.object({ deviceId: z.string().min(1).optional() }).strict();
const dropAfterSendBody = z.object({ times: z.number().int().min(1).optional() }).strict();

export function createLongConnectionControl(target: LongConnectionControlTarget): Router {
  const router = express.Router();
  router.get("/subscription", (_req, res) => {
    res.json(target.subscription());
  });
  // As the developer console does, saving "long connection" needs a client connected right now.
  router.put("/subscription", (req, res) => {
    const parsed = subscriptionBody.safeParse(req.body ?? {});
    if (!parsed.success) {
      res.status(400).json({ error: z.prettifyError(parsed.error) });
      return;
    }
    const { events, callbacks } = parsed.data;
    const wantsLong = events === "long_connection" || callbacks === "long_connection";
    if (wantsLong && target.connections().length === 0) {
      res.status(409).json({ error: "no long connection online: start the bot in long-connection mode first, then save" });
      return;
    }
    target.setSubscription({ ...(events ? { events } : {}), ...(callbacks ? { callbacks } : {}) });
    res.json(target.subscription());
  });
  router.get("/long-connection/connections", (_req, res) => {
    res.json(target.connections());
  });
  router.get("/long-connection/violations", (_req, res) => {
    res.json(target.violations());
  });
  router.post("/long-connection/drop", (req, res) => {
    const parsed = dropBody.safeParse(req.body ?? {});
    if (!parsed.success) {
      res.status(400).json({ error: z.prettifyError(parsed.error) });
      return;
    }
    res.json({ dropped: target.dropConnection(parsed.data.deviceId ?? "all") });
  });
  // The fault: the next push(es) kill their socket right after sending, before the ack.
  router.post("/long-connection/drop-after-send", (req, res) => {
    const parsed = dropAfterSendBody.safeParse(req.body ?? {});
    if (!parsed.success) {
      res.status(400).json({ error: z.prettifyError(parsed.error) });
      return;
    }
    target.dropAfterSend(parsed.data.times ?? 1);
    res.json({ ok: true });
  });
  return router;
}
