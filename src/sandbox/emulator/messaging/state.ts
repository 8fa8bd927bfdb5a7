/** What the messaging routes share: the emulator context, the chats, the sent log, tokens, limits. */
import type { Request } from "express";
import type { EmulatorContext } from "../context.js";
import type { FileStore } from "./files.js";
import type { MessageBook } from "./message-book.js";
import type { SentMessage } from "./types.js";
import type { UpdateTokens } from "./update-tokens.js";

/** The tenant the sandbox app is installed in. */
export const SANDBOX_TENANT_KEY = "sandbox_tenant";

export interface MessagingState {
  ctx: EmulatorContext;
  book: MessageBook;
  tokens: UpdateTokens;
  /** Files this app uploaded, by file_key: a file message may name only these. */
  files: FileStore;
  record(entry: Omit<SentMessage, "at">): void;
}

/** The JSON body, or an empty object when there is none (the route then reports missing fields). */
export function bodyOf(req: Request): Record<string, unknown> {
  const body: unknown = req.body;
  return typeof body === "object" && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

/** A path parameter as one string (express 5 types wildcard parameters as arrays). */
export function paramOf(req: Request, name: string): string {
  const value: unknown = req.params[name];
  return typeof value === "string" ? value : "";
}
