/** The emulator's own read-out of the chats, for tests and the sandbox console (not a Feishu API). */
import express, { type Router } from "express";
import type { CallbackRecord, ChatMessage, SentMessage } from "./types.js";

export interface ControlSource {
  sent(): SentMessage[];
  messages(chatId?: string): ChatMessage[];
  callbacks(): CallbackRecord[];
}

export function createControlRouter(source: ControlSource): Router {
  const router = express.Router();
  router.get("/sent", (_req, res) => {
    res.json(source.sent());
  });
  router.get("/messages", (req, res) => {
    const chatId = req.query["chat_id"];
    res.json(source.messages(typeof chatId === "string" && chatId !== "" ? chatId : undefined));
  });
  router.get("/callbacks", (_req, res) => {
    res.json(source.callbacks());
  });
  return router;
}
