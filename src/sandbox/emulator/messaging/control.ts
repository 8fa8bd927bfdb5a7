/** The emulator's own read-out of the chats, for tests and the sandbox console (not a Feishu API). */
import express, { type Router } from "express";
import type { UploadedFile } from "./files.js";
import type { CallbackRecord, ChatMessage, SentMessage } from "./types.js";

export interface ControlSource {
  sent(): SentMessage[];
  /** How many times the log was reset. */
  generation(): number;
  messages(chatId?: string): ChatMessage[];
  callbacks(): CallbackRecord[];
  file(fileKey: string): UploadedFile | undefined;
}

export function createControlRouter(source: ControlSource): Router {
  const router = express.Router();
  // `?since=N` gives the entries after the first N, so a reader that polls fetches only what is new;
  // x-sent-total says how long the whole log is, and x-sent-generation how many resets it has been
  // through, so a reader can tell a reset log from a quiet one.
  router.get("/sent", (req, res) => {
    const sent = source.sent();
    const since = Number(req.query["since"] ?? 0);
    res.setHeader("x-sent-total", String(sent.length));
    res.setHeader("x-sent-generation", String(source.generation()));
    res.json(Number.isInteger(since) && since > 0 ? sent.slice(since) : sent);
  });
  router.get("/messages", (req, res) => {
    const chatId = req.query["chat_id"];
    res.json(source.messages(typeof chatId === "string" && chatId !== "" ? chatId : undefined));
  });
  router.get("/callbacks", (_req, res) => {
    res.json(source.callbacks());
  });
  /** A file the bot uploaded: its name, type, size and (for an .xlsx) what it holds; `?raw=1` gives its bytes. */
  router.get("/files/:file_key", (req, res) => {
    const file = source.file(req.params["file_key"] ?? "");
    if (!file) {
      res.status(404).json({ error: "no such file" });
      return;
    }
    if (req.query["raw"] === "1") {
      res.type("application/octet-stream").send(file.bytes);
      return;
    }
    const { bytes, ...rest } = file;
    res.json({ ...rest, size: bytes.length });
  });
  return router;
}
