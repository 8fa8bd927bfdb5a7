/** The emulator's own read-out of the chats, for tests and the sandbox console (not a Feishu API). */
import express, { type Router } from "express";
import type { UploadedFile } from "./files.js";
import type { CallbackRecord, ChatMessage } from "./types.js";

export interface ControlSource {
  messages(chatId?: string): ChatMessage[];
  callbacks(): CallbackRecord[];
  file(fileKey: string): UploadedFile | undefined;
}

export function createControlRouter(source: ControlSource): Router {
  const router = express.Router();
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
