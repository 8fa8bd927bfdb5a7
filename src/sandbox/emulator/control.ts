/**
 * The emulator's control API under /_emulator (not a Feishu API): what it received, faults,
 * token expiry, reset and the seeded tenant, for other processes and manual use.
 */
import express, { type Router } from "express";
import { z } from "zod";
import type { Webhook } from "./events/index.js";
import type { ApiCall } from "./gateway/call-log.js";
import { faultSpecSchema, type FaultSpec } from "./gateway/faults.js";
import type { Tenant } from "./tenant/types.js";

export interface ControlTarget {
  calls(): ApiCall[];
  tenant: Tenant;
  injectFault(fault: FaultSpec): string;
  faults(): { id: string; spec: FaultSpec }[];
  clearFaults(): void;
  expireTokens(): void;
  reset(): void;
  webhook(): Webhook | undefined;
  setWebhook(w: Webhook | undefined): void;
}

const webhookSchema = z
  .object({
    eventUrl: z.url(),
    cardUrl: z.url().optional(),
    encryptKey: z.string().min(1).optional(),
    verificationToken: z.string().min(1),
  })
  .strict();

export function createControlRouter(target: ControlTarget): Router {
  const router = express.Router();
  router.get("/calls", (_req, res) => {
    res.json(target.calls());
  });
  router.get("/tenant", (_req, res) => {
    res.json(target.tenant);
  });
  router.get("/faults", (_req, res) => {
    res.json(target.faults());
  });
  router.post("/faults", (req, res) => {
    const parsed = faultSpecSchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: "invalid fault", issues: parsed.error.issues });
      return;
    }
    res.json({ id: target.injectFault(parsed.data) });
  });
  router.delete("/faults", (_req, res) => {
    target.clearFaults();
    res.json({ ok: true });
  });
  router.post("/expire-tokens", (_req, res) => {
    target.expireTokens();
    res.json({ ok: true });
  });
  // Where events and card callbacks go, for an emulator started on its own (npm run emulator).
  router.put("/webhook", (req, res) => {
    const parsed = webhookSchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: "invalid webhook", issues: parsed.error.issues });
      return;
    }
    target.setWebhook(parsed.data);
    res.json({ ok: true });
  });
  router.get("/webhook", (_req, res) => {
    const w = target.webhook();
    // The keys stay in the emulator: show only where it pushes and whether it encrypts.
    res.json(w ? { eventUrl: w.eventUrl, cardUrl: w.cardUrl, encrypted: w.encryptKey !== undefined } : null);
  });
  router.delete("/webhook", (_req, res) => {
    target.setWebhook(undefined);
    res.json({ ok: true });
  });
  router.post("/reset", (_req, res) => {
    target.reset();
    res.json({ ok: true });
  });
  return router;
}
