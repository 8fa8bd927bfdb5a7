/**
 * HTTP doors to the pusher, so another process (the sandbox console, a script) can type as a chat
 * user, click a card button, pick on a card's picker (`option`) or send the URL challenge: POST /events/message, /events/card_action,
 * /events/challenge on the emulator's control router.
 */
import express, { type Request, type Response, type Router } from "express";
import { z } from "zod";
import type { EventPusher } from "./index.js";

const chatType = z.enum(["group", "p2p"]);
const pushMessageBody = z
  .object({
    text: z.string().optional(),
    post: z.object({ title: z.string().optional(), content: z.array(z.array(z.unknown())) }).optional(),
    chatId: z.string().min(1).optional(),
    chatType: chatType.optional(),
    senderOpenId: z.string().min(1).optional(),
    mentionBot: z.boolean().optional(),
    messageId: z.string().min(1).optional(),
    eventId: z.string().min(1).optional(),
  })
  .strict()
  .refine((body) => (body.text === undefined) !== (body.post === undefined), "give exactly one of text or post");

const pushCardActionBody = z
  .object({
    value: z.record(z.string(), z.unknown()),
    openMessageId: z.string().min(1),
    operatorOpenId: z.string().min(1).optional(),
    chatId: z.string().min(1).optional(),
    tag: z.string().min(1).optional(),
    name: z.string().optional(),
    formValue: z.record(z.string(), z.unknown()).optional(),
    option: z.string().optional(),
    timezone: z.string().min(1).optional(),
    tampered: z.boolean().optional(),
  })
  .strict();

async function answer(res: Response, push: () => Promise<unknown>): Promise<void> {
  try {
    res.json(await push());
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const status = error instanceof Error && error.name === "NoWebhookError" ? 409 : 400;
    res.status(status).json({ error: message });
  }
}

function parsed<T>(schema: z.ZodType<T>, req: Request, res: Response): T | undefined {
  const result = schema.safeParse(req.body ?? {});
  if (result.success) return result.data;
  res.status(400).json({ error: z.prettifyError(result.error) });
  return undefined;
}

export function addPushRoutes(router: Router, pusher: EventPusher): void {
  const json = express.json({ limit: "1mb" });
  router.post("/events/message", json, async (req, res) => {
    const body = parsed(pushMessageBody, req, res);
    if (body) await answer(res, () => pusher.pushMessage(body));
  });
  router.post("/events/card_action", json, async (req, res) => {
    const body = parsed(pushCardActionBody, req, res);
    if (body) await answer(res, () => pusher.pushCardAction(body));
  });
  router.post("/events/challenge", json, async (_req, res) => {
    await answer(res, () => pusher.pushChallenge());
  });
}
