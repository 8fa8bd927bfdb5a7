/**
 * The web console's HTTP side, mounted on the bot's port in sandbox mode: the page, its assets, and
 * a small API that turns what a person does on the page into what Feishu would deliver — a message
 * or a card callback, sent by the emulator to the bot signed and encrypted — and streams back what
 * the bot sends (server-sent events).
 */
import express, { type Request, type Response, type Router } from "express";
import { join } from "node:path";
import { z } from "zod";
import { EmulatorRefused, type EmulatorControl } from "../console/emulator.js";
import { dateOption } from "../console/pickers.js";
import { newMessageId } from "../emulator/messaging/ids.js";
import { PAGE_DIR, VCHART_BUNDLE } from "./assets.js";
import { valueKey } from "./controls.js";
import type { ConsoleFeed } from "./feed.js";
import { loopbackOnly, sameOriginOnly } from "./guard.js";
import { chatOf, type ConsoleSession } from "./session.js";
import { eventStreams } from "./stream.js";

export interface RoutesDeps {
  control: EmulatorControl;
  feed: ConsoleFeed;
  session: () => Promise<ConsoleSession>;
}

const role = z.enum(["admin", "member"]);
const messageBody = z.object({ text: z.string().trim().min(1).max(2_000), chat: z.enum(["group", "p2p"]), role }).strict();
const actionBody = z
  .object({
    messageId: z.string().regex(/^om_\w{1,64}$/),
    value: z.record(z.string(), z.unknown()),
    role,
    pick: z.object({ kind: z.enum(["date", "select"]), value: z.string().max(256) }).strict().optional(),
  })
  .strict();

export function consoleRoutes(deps: RoutesDeps): { router: Router; close: () => void } {
  const { control, feed } = deps;
  const streams = eventStreams(feed);
  const router = express.Router();
  const page = express.Router();

  page.use(loopbackOnly);
  page.post("/api/*path", sameOriginOnly);
  page.get(["/", "/index.html"], (_req, res) => {
    res.sendFile(join(PAGE_DIR, "index.html"));
  });
  page.get("/assets/vchart.js", (_req, res) => {
    res.type("text/javascript").sendFile(VCHART_BUNDLE);
  });
  page.use("/assets", express.static(PAGE_DIR, { index: false, fallthrough: false }));

  page.get("/api/session", async (_req, res) => {
    res.json(await deps.session());
  });

  page.post("/api/message", express.json({ limit: "16kb" }), async (req, res) => {
    const parsed = messageBody.safeParse(req.body);
    if (!parsed.success) return badRequest(res, parsed.error);
    const session = await deps.session();
    const person = session.roles[parsed.data.role];
    const chatId = chatOf(session, parsed.data.chat, parsed.data.role);
    const messageId = newMessageId();
    // Shown before the bot can answer it, so the answer always comes after the question.
    feed.add({ type: "typed", messageId, chatId, text: parsed.data.text, sender: person, at: Date.now() });
    const delivered = await control.sendMessage({ text: parsed.data.text, messageId, chatId, chatType: parsed.data.chat, senderOpenId: person.openId });
    res.json({ messageId, chatId, status: delivered.status });
  });

  page.post("/api/action", express.json({ limit: "64kb" }), async (req, res) => {
    const parsed = actionBody.safeParse(req.body);
    if (!parsed.success) return badRequest(res, parsed.error);
    const { messageId, value, pick } = parsed.data;
    const session = await deps.session();
    const person = session.roles[parsed.data.role];
    // As in Feishu's client: only a component of that card, and only a card in a chat this person is in.
    await feed.poll();
    const card = feed.controls(messageId);
    if (!card) return void res.status(404).json({ error: "no card with that message id" });
    if (card.chatId !== session.chats.group.chatId && card.chatId !== session.chats.p2p[parsed.data.role]) {
      return void res.status(403).json({ error: `${person.name} is not in the chat that card is in` });
    }
    const key = valueKey(value);
    if (key === undefined || !card.values.has(key)) return void res.status(400).json({ error: "nothing on that card calls back with this value" });
    let option: string | undefined;
    if (pick?.kind === "date") {
      const chosen = dateOption(pick.value, await control.timezone());
      if ("error" in chosen) return void res.status(400).json({ error: chosen.error });
      option = chosen.option;
    } else if (pick) {
      // The emulator delivers only an option the select offers, as Feishu's client would.
      option = pick.value;
    }
    const result = await control.click({ messageId, value, operatorOpenId: person.openId, ...(option !== undefined ? { option } : {}) });
    res.json({
      status: result.status,
      ...(result.toast ? { toast: result.toast } : {}),
      ...(result.clientError ? { clientError: result.clientError } : {}),
    });
  });

  page.get("/api/events", (req, res) => streams.serve(req, res));

  // The emulator refusing what the page sent (an option the component does not offer) is the page's
  // mistake, told as such; the emulator failing, or unreachable, is not.
  page.use((error: unknown, _req: Request, res: Response, next: (error?: unknown) => void) => {
    if (res.headersSent) return next(error);
    const message = error instanceof Error ? error.message : String(error);
    const status = error instanceof EmulatorRefused ? (error.status < 500 ? 400 : 502) : ((error as { status?: number }).status ?? 502);
    res.status(status).json({ error: message });
  });

  router.use("/console", page);
  return {
    router,
    close: () => {
      streams.close();
      feed.close();
    },
  };
}

function badRequest(res: Response, error: z.ZodError): void {
  res.status(400).json({ error: "invalid request", issues: error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`) });
}
